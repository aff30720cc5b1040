package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * logback on the class path (and so in both jars) is at least 1.5.19: 1.5.18 and earlier carry CVE-2025-11226
 * (arbitrary code execution through a crafted configuration's conditional processing), fixed in 1.5.19.
 */
class LoggingLibraryTest {
  static final int[] FIRST_FIXED = {1, 5, 19};

  @Test
  void logbackIsAtAVersionWithoutKnownCves() throws Exception {
    for (String artifact : new String[] {"logback-core", "logback-classic"}) {
      String version = version(artifact);
      assertThat(compare(parse(version), FIRST_FIXED)).as(artifact + " " + version + " is at least 1.5.19")
          .isGreaterThanOrEqualTo(0);
    }
  }

  static String version(String artifact) throws Exception {
    try (InputStream in = LoggingLibraryTest.class.getResourceAsStream(
        "/META-INF/maven/ch.qos.logback/" + artifact + "/pom.properties")) {
      assertThat(in).as(artifact + "'s pom.properties on the class path").isNotNull();
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }

  static int[] parse(String version) {
    return Arrays.stream(version.split("[.-]")).limit(3).mapToInt(Integer::parseInt).toArray();
  }

  static int compare(int[] a, int[] b) {
    return Arrays.compare(a, b);
  }
}
