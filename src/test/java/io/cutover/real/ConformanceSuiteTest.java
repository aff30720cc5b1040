package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.realcluster.KubeBinaries;
import io.cutover.realcluster.RealCluster;
import io.cutover.sandbox.SandboxCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite (issue 16, item 1): every probe runs on a sandbox cluster and on a real control plane, and
 * what they saw is compared fact by fact. An unlisted difference fails the probe's test, printing probe, sandbox
 * fact and real fact; the accepted differences, each with its reason, are docs/design.md's list
 * ({@link AcceptedDifferences}), and a listed difference that no longer differs fails too.
 *
 * <p>The real side is a control plane of its own ({@value #NAME}, under {@value #BASE}), not {@link RealEnvironment}'s
 * source cluster: the SubjectAccessReview matrix binds cluster-wide roles to users such as {@code alice} and
 * {@code admin}, and the namespace probes hold namespaces terminating on finalizers, which would change what the
 * environment's own tests see. One test per probe family, one dynamic test per probe, so a failure names the probe.
 */
@RealClusterTest
class ConformanceSuiteTest {
  static final String NAME = "conformance";
  static final String BASE = "target/conformance-cluster";
  private static SandboxCluster sandboxCluster;
  private static RealCluster realCluster;
  private static ConformanceTarget sandbox;
  private static ConformanceTarget real;
  private static final AcceptedDifferences ACCEPTED = AcceptedDifferences.load();
  /** Probes block on their clusters and bounded waits, not on CPU: a thread each (the common pool has 1 on 2 cores). */
  private static final java.util.concurrent.ExecutorService PROBES = java.util.concurrent.Executors.newCachedThreadPool(
      r -> {
        Thread t = new Thread(r, "conformance-probe");
        t.setDaemon(true);
        return t;
      });

  @BeforeAll
  static void startBothSides() {
    long started = System.nanoTime();
    deleteRecursively(Path.of(BASE)); // a stale etcd of an earlier run would hold its objects
    var starting = CompletableFuture.supplyAsync(() -> RealCluster.start(NAME, Path.of(BASE).toAbsolutePath(),
        KubeBinaries.locate(Path.of(""))));
    sandboxCluster = SandboxCluster.start(NAME);
    realCluster = starting.join();
    sandbox = new ConformanceTarget("sandbox", sandboxCluster.client(), sandboxCluster.issuer());
    real = new ConformanceTarget("real", realCluster.client(), realCluster.issuer());
    CompletableFuture.allOf(CompletableFuture.runAsync(() -> ConformanceCrds.install(sandbox)),
        CompletableFuture.runAsync(() -> ConformanceCrds.install(real))).join();
    System.out.printf("conformance suite: sandbox and real control plane ready in %d ms%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private static void deleteRecursively(Path dir) {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        java.nio.file.Files.deleteIfExists(p);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopBothSides() {
    if (sandboxCluster != null) {
      sandboxCluster.close();
    }
    if (realCluster != null) {
      realCluster.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> tokenRequest() {
    return family(TokenProbes.tokenRequests());
  }

  @TestFactory
  Stream<DynamicTest> tokenReview() {
    return family(TokenProbes.tokenReviews());
  }

  @TestFactory
  Stream<DynamicTest> legacyTokens() {
    return family(TokenProbes.legacyTokens());
  }

  @TestFactory
  Stream<DynamicTest> subjectAccessReview() {
    return family(AccessReviewProbes.all());
  }

  @TestFactory
  Stream<DynamicTest> authorization() {
    return family(AuthorizationProbes.all());
  }

  @TestFactory
  Stream<DynamicTest> objects() {
    return family(ObjectProbes.all());
  }

  @TestFactory
  Stream<DynamicTest> namespaces() {
    return family(NamespaceProbes.all());
  }

  @TestFactory
  Stream<DynamicTest> admission() {
    return family(AdmissionProbes.all());
  }

  @TestFactory
  Stream<DynamicTest> watches() {
    return family(WatchProbes.all());
  }

  /** Every listed difference names a probe of this suite (a renamed or removed probe takes its entries along). */
  @Test
  void everyAcceptedDifferenceNamesAProbeOfTheSuite() {
    Set<String> ids = allProbes().stream().map(ConformanceProbe::id).collect(Collectors.toSet());
    assertThat(ACCEPTED.entries()).allSatisfy(e -> assertThat(ids).as("the probe of %s", e).contains(e.probe()));
    assertThat(ids).as("probe ids are unique").hasSize(allProbes().size());
  }

  static List<ConformanceProbe> allProbes() {
    List<ConformanceProbe> all = new ArrayList<>();
    all.addAll(TokenProbes.tokenRequests());
    all.addAll(TokenProbes.tokenReviews());
    all.addAll(TokenProbes.legacyTokens());
    all.addAll(AccessReviewProbes.all());
    all.addAll(AuthorizationProbes.all());
    all.addAll(ObjectProbes.all());
    all.addAll(NamespaceProbes.all());
    all.addAll(AdmissionProbes.all());
    all.addAll(WatchProbes.all());
    return all;
  }

  /**
   * The family's probes, all started at once on both sides (most of a probe's time is a bounded wait for a cache or
   * a controller, and each has its own namespace and names), one dynamic test per probe comparing its two results.
   */
  private static Stream<DynamicTest> family(List<ConformanceProbe> probes) {
    List<DynamicTest> tests = new ArrayList<>();
    for (ConformanceProbe probe : probes) {
      var onSandbox = CompletableFuture.supplyAsync(() -> probe.observe(sandbox), PROBES);
      var onReal = CompletableFuture.supplyAsync(() -> probe.observe(real), PROBES);
      tests.add(DynamicTest.dynamicTest(probe.id(), () -> compare(probe, onSandbox.join(), onReal.join())));
    }
    return tests.stream();
  }

  private static void compare(ConformanceProbe probe, Observation seen, Observation onReal) {
    // A probe that broke off compares nothing it was written to compare, even when both sides broke off alike.
    assertThat(onReal.facts()).as("probe %s on the real control plane", probe.id()).doesNotContainKey("probe-failed");
    assertThat(seen.facts()).as("probe %s on the sandbox (real: %s)", probe.id(), onReal.facts())
        .doesNotContainKey("probe-failed");
    List<String> failures = ConformanceComparison.failures(probe.id(), seen, onReal, ACCEPTED);
    assertThat(failures).as("probe %s: differences from kube-apiserver not listed under \"%s\" in %s",
        probe.id(), AcceptedDifferences.HEADING, AcceptedDifferences.DESIGN).isEmpty();
  }
}
