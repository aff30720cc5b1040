package io.cutover.e2e;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One sandbox (control, source, target) and one operator per test class. */
abstract class EndToEndTest {
  @TempDir
  static Path dir;
  static E2eEnvironment env;

  @BeforeAll
  static void startEnvironment() {
    env = E2eEnvironment.start(dir);
  }

  @AfterAll
  static void stopEnvironment() {
    env.close();
  }
}
