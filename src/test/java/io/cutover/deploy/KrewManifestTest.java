package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code plugins/cutover.yaml}, krew-release-bot's template of the plugin's krew manifest, rendered as the bot renders
 * it at a release, passes each of krew's validation rules ({@link KrewManifest}); each rule fails when the field it
 * checks is broken. What the manifest installs matches the release archive's layout (src/assembly) and the launcher.
 * KubectlCutoverArchiveIT renders it for the built archive and checks the sha256 and files against the archive.
 */
class KrewManifestTest {
  static final String TAG = "v0.1.0";
  static final String SOME_SHA256 = "0123456789abcdef".repeat(4);

  static Map<String, Object> rendered() throws IOException {
    return KrewManifest.parse(KrewManifest.render(Files.readString(KrewManifest.TEMPLATE), TAG, SOME_SHA256));
  }

  @TestFactory
  Stream<DynamicTest> theRenderedManifestPassesEachOfKrewsRules() throws IOException {
    Map<String, Object> manifest = rendered();
    String file = KrewManifest.TEMPLATE.getFileName().toString();
    return KrewManifest.rules(file).stream().map(rule -> DynamicTest.dynamicTest(rule.name(),
        () -> assertThat(KrewManifest.safely(rule.holds(), manifest)).as(rule.name()).isTrue()));
  }

  @TestFactory
  Stream<DynamicTest> eachRuleFailsWhenItsFieldIsBroken() throws IOException {
    Map<String, Object> manifest = rendered();
    String file = KrewManifest.TEMPLATE.getFileName().toString();
    return KrewManifest.rules(file).stream().map(rule -> DynamicTest.dynamicTest(rule.name(), () -> {
      Map<String, Object> broken = KrewManifest.copy(manifest);
      rule.breaker().accept(broken);
      assertThat(KrewManifest.broken(broken, file)).as("rules broken after breaking '%s'", rule.name())
          .contains(rule.name());
    }));
  }

  @Test
  void theBotsCallsAreFilledInAndNothingTemplatedIsLeft() throws IOException {
    String template = Files.readString(KrewManifest.TEMPLATE);
    assertThat(KrewManifest.ADD_URI_AND_SHA.matcher(template).results().count()).isEqualTo(1);
    // krew-release-bot writes the sha256 line at four spaces: its call must sit there, as the platform's keys do
    assertThat(template.lines().filter(l -> KrewManifest.ADD_URI_AND_SHA.matcher(l).find()))
        .allSatisfy(l -> assertThat(l).startsWith(KrewManifest.BOT_INDENT + "{{").doesNotStartWith(KrewManifest.BOT_INDENT + " "));
    String rendered = KrewManifest.render(template, TAG, SOME_SHA256);
    assertThat(rendered).doesNotContain("{{", "}}");
    Map<String, Object> platform = KrewManifest.platforms(KrewManifest.parse(rendered)).get(0);
    assertThat(platform).containsEntry("uri",
        "https://github.com/cutover/cutover/releases/download/v0.1.0/kubectl-cutover.tar.gz")
        .containsEntry("sha256", SOME_SHA256);
    assertThat(KrewManifest.spec(KrewManifest.parse(rendered))).containsEntry("version", TAG);
  }

  @Test
  void itSelectsLinuxAndMacOsOnAmd64AndArm64AndSaysWhatTheLauncherNeeds() throws IOException {
    Map<String, Object> manifest = rendered();
    Map<String, Object> selector = KrewManifest.map(KrewManifest.platforms(manifest).get(0), "selector");
    for (String os : List.of("linux", "darwin")) {
      for (String arch : List.of("amd64", "arm64")) {
        assertThat(KrewManifest.matches(selector, os, arch)).as("%s/%s", os, arch).isTrue();
      }
    }
    assertThat(KrewManifest.matches(selector, "windows", "amd64")).as("no sh on Windows").isFalse();
    assertThat(KrewManifest.string(KrewManifest.spec(manifest), "caveats")).contains("Java 17", "sh");
  }

  @Test
  void itInstallsTheArchivesLauncherAndJarAndRunsTheLauncher() throws IOException {
    Map<String, Object> platform = KrewManifest.platforms(rendered()).get(0);
    String descriptor = Files.readString(Path.of("src", "assembly", "kubectl-cutover.xml"));
    List<String> from = KrewManifest.files(platform).stream().map(f -> KrewManifest.string(f, "from")).toList();
    assertThat(from).containsExactly("kubectl-cutover", "cutover-operator.jar");
    assertThat(descriptor).contains("<source>bin/kubectl-cutover</source>",
        "<source>${project.build.directory}/cutover-operator.jar</source>");
    assertThat(platform).containsEntry("bin", "kubectl-cutover");
    assertThat(Files.readString(Path.of("bin", "kubectl-cutover"))).contains("$here/cutover-operator.jar");
  }
}
