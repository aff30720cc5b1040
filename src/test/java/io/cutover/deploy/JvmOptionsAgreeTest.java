package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.bench.BenchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One set of JVM options in three places: the chart's {@code javaOpts}, the image's entrypoint, and what the benchmark
 * runs the operator with (the chart's container emulated: its memory and CPU limits, then its {@code javaOpts}), so
 * the measured RSS is the RSS of what is shipped.
 */
class JvmOptionsAgreeTest {

  @Test
  void chartImageAndBenchmarkRunTheSameJvmOptions() throws Exception {
    String values = Files.readString(Path.of("helm/cutover/values.yaml"));
    String javaOpts = group(values, "(?m)^javaOpts: \"([^\"]+)\"$");
    String memoryLimit = group(values, "(?ms)^  limits:\\s*\\n    cpu: \"(?:[^\"]+)\"\\s*\\n    memory: (\\d+)Mi");
    String cpuLimit = group(values, "(?ms)^  limits:\\s*\\n    cpu: \"([^\"]+)\"");

    String entrypoint = group(Files.readString(Path.of("Dockerfile")), "(?m)^ENTRYPOINT \\[(.*)\\]$");
    List<String> imageOptions = Arrays.stream(entrypoint.split(",")).map(s -> s.trim().replace("\"", ""))
        .filter(s -> s.startsWith("-X") || s.startsWith("-D")).toList();

    assertThat(imageOptions).containsExactlyElementsOf(BenchOptions.jvmOptions(javaOpts));
    assertThat(BenchOptions.DEFAULT_OPERATOR_JVM_OPTIONS)
        .isEqualTo("-XX:MaxRAM=" + memoryLimit + "m -XX:ActiveProcessorCount=" + cpuLimit + " " + javaOpts);
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("pattern %s", regex).isTrue();
    return m.group(1);
  }
}
