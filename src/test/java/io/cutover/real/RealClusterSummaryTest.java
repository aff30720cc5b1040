package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.cutover.realcluster.KubeBinaries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The closing "Real clusters:" line: what it counts, and that it says nothing it did not read. */
class RealClusterSummaryTest {
  static final KubeBinaries BINARIES = new KubeBinaries(Path.of("/cache/kube"), Map.of(
      "kube-apiserver", "v1.34.4", "kube-controller-manager", "v1.34.4", "kubectl", "v1.34.4", "etcd", "v3.6.4"));

  @Test
  void countsTheExecutedTestsOfTaggedClassesOnly() {
    String printed = run(Optional.of(BINARIES), SummaryFixtures.RealFixture.class, SummaryFixtures.PlainFixture.class);

    // RealFixture: passes, fails, 2 repetitions, 2 dynamic tests, 1 in a nested class = 7; the disabled one did not
    // run; PlainFixture's tests do not count, even the one whose method (not class) carries the tag.
    assertThat(printed).isEqualTo("Real clusters: kube-apiserver v1.34.4, kube-controller-manager v1.34.4, "
        + "etcd v3.6.4; 7 tests" + System.lineSeparator());
  }

  @Test
  void printsOneLineWithNoTestsWhenTheBinariesWereLocated() {
    assertThat(run(Optional.of(BINARIES), SummaryFixtures.PlainFixture.class))
        .isEqualTo("Real clusters: kube-apiserver v1.34.4, kube-controller-manager v1.34.4, etcd v3.6.4; 0 tests"
            + System.lineSeparator());
  }

  @Test
  void printsNothingWithoutRealClusterTestsOrBinaries() {
    assertThat(run(Optional.empty(), SummaryFixtures.PlainFixture.class)).isEmpty();
  }

  @Test
  void namesNoVersionItHasNotRead() {
    assertThat(RealClusterSummary.line(3, Optional.empty()))
        .contains("Real clusters: binaries not located (see the failures above); 3 tests");
    KubeBinaries partial = new KubeBinaries(Path.of("/prebuilt"), Map.of("kube-apiserver", "v1.33.1"));
    assertThat(RealClusterSummary.line(1, Optional.of(partial)))
        .contains("Real clusters: kube-apiserver v1.33.1, kube-controller-manager unknown, etcd unknown; 1 tests");
  }

  private static String run(Optional<KubeBinaries> binaries, Class<?>... classes) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false).build());
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      launcher.execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(Stream.of(classes).map(c -> selectClass(c)).toList())
          .configurationParameter(SummaryFixtures.ENABLED, "true").build(),
          new RealClusterSummary(() -> binaries, out));
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
