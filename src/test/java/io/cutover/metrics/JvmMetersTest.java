package io.cutover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The operator's registry carries Micrometer's JVM meters (docs/metrics.md, "JVM metrics"). */
class JvmMetersTest {
  @Test
  void theOperatorsRegistryExportsJvmMemoryGcAndCpuMeters() {
    CutoverMetrics metrics = new CutoverMetrics();
    new OperatorMetrics(metrics);
    Exposition e = Exposition.parse(metrics.scrape());
    assertThat(e.named("jvm_memory_used_bytes")).anyMatch(s -> "heap".equals(s.labels().get("area")) && s.value() > 0)
        .anyMatch(s -> "nonheap".equals(s.labels().get("area")) && s.value() > 0);
    assertThat(e.type("jvm_memory_max_bytes")).contains("gauge");
    assertThat(e.type("jvm_gc_max_data_size_bytes")).contains("gauge");
    assertThat(e.type("process_cpu_usage")).contains("gauge");
    assertThat(e.types()).as("names promtool rejects").doesNotContainKeys("process_cpu_time_ns_total", "system_cpu_count");
  }

  @Test
  void theJvmMetersPassPromtoolCheckMetrics() {
    CutoverMetrics metrics = new CutoverMetrics();
    new OperatorMetrics(metrics);
    System.gc(); // the GC binder's meters as they are once a collection happened
    Promtool.Result result = Promtool.run(null, metrics.scrape(), "check", "metrics");
    assertThat(result.output()).as("promtool check metrics").isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void theJvmMetersAreBoundOncePerRegistryHoweverOftenTheOperatorsMetricsAreBuilt() {
    CutoverMetrics metrics = new CutoverMetrics();
    new OperatorMetrics(metrics);
    int meters = metrics.registry().getMeters().size();
    new OperatorMetrics(metrics);
    assertThat(metrics.bindJvmMeters()).isFalse();
    assertThat(metrics.registry().getMeters()).hasSize(meters);
    assertThat(new CutoverMetrics().bindJvmMeters()).isTrue();
  }

  @Test
  void aRegistryWithoutTheOperatorHasNoJvmMeters() {
    assertThat(Exposition.parse(new CutoverMetrics().scrape()).types().keySet()).noneMatch(n -> n.startsWith("jvm_"));
  }
}
