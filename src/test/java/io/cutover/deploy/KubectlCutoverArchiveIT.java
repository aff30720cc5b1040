package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.cli.PluginMain;
import io.cutover.config.CrdManifest;
import io.cutover.sandbox.SandboxCluster;
import io.cutover.testing.Kubectl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl plugin's release archive as {@code mvn package} leaves it ({@code target/kubectl-cutover.tar.gz}; failsafe
 * runs this in {@code verify}): it holds the launcher and the operator jar and nothing else, with fixed entry times;
 * unpacked where no repository is around, {@code kubectl-cutover --help} and each command's help run from it, directly,
 * through a symlink as krew installs it, and as {@code kubectl cutover} found on the PATH by the real kubectl; its
 * operator jar runs plan, status, approve and rollback against an API server (the sandbox's). The krew
 * manifest rendered for it ({@code target/krew/cutover.yaml}, written here for a local {@code kubectl krew install
 * --archive}) passes krew's rules, names the archive's sha256 and installs files the archive has.
 */
class KubectlCutoverArchiveIT {
  static final List<String> ENTRIES = List.of("kubectl-cutover", "cutover-operator.jar");
  /** tar -tv: mode, owner, size, date, time, name. */
  static final Pattern LISTING = Pattern.compile("^(\\S+) +\\S+ +\\d+ (\\S+ \\S+) (.+)$");

  @TempDir
  Path dir;

  record Run(int exit, String out, String err) {}

  @Test
  void theArchiveHoldsTheLauncherAndTheOperatorJarWithFixedTimes() throws Exception {
    Run listing = run(dir, Map.of("TZ", "UTC"), "tar", "-tvzf", KrewManifest.ARCHIVE.toAbsolutePath().toString());
    assertThat(listing.exit()).as(listing.err()).isZero();
    List<String[]> entries = listing.out().lines().map(LISTING::matcher).filter(Matcher::matches)
        .map(m -> new String[] {m.group(1), m.group(2), m.group(3)}).toList();
    assertThat(entries).extracting(e -> e[2]).containsExactlyInAnyOrderElementsOf(ENTRIES);
    assertThat(entries).filteredOn(e -> e[2].equals("kubectl-cutover")).extracting(e -> e[0]).containsExactly("-rwxr-xr-x");
    assertThat(entries).filteredOn(e -> e[2].equals("cutover-operator.jar")).extracting(e -> e[0]).containsExactly("-rw-r--r--");
    // the same time on every entry, project.build.outputTimestamp's, not the build's: the same sources, the same archive
    assertThat(entries).extracting(e -> e[1]).containsOnly("2026-01-01 00:00");
    Path unpacked = unpack();
    assertThat(Files.mismatch(unpacked.resolve("cutover-operator.jar"), OperatorJarIT.OPERATOR_JAR)).isEqualTo(-1L);
    assertThat(Files.mismatch(unpacked.resolve("kubectl-cutover"), Path.of("bin", "kubectl-cutover"))).isEqualTo(-1L);
  }

  @Test
  void unpackedWithNoRepositoryAroundItsHelpAndEachCommandsHelpRun() throws Exception {
    Path unpacked = unpack();
    Run help = run(unpacked, Map.of(), unpacked.resolve("kubectl-cutover").toString(), "--help");
    assertThat(help.exit()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: kubectl cutover ");
    assertThat(commands(help.out())).containsExactlyElementsOf(PluginMain.COMMANDS);
    for (String command : PluginMain.COMMANDS) {
      Run usage = run(unpacked, Map.of(), unpacked.resolve("kubectl-cutover").toString(), command, "--help");
      assertThat(usage.exit()).as("%s --help: %s", command, usage.err()).isZero();
      assertThat(usage.out()).startsWith("Usage: kubectl cutover " + command + " ");
    }
  }

  @Test
  void throughASymlinkAsKrewInstallsItAndAsKubectlCutoverOnThePath() throws Exception {
    Path unpacked = unpack();
    Path bin = Files.createDirectories(dir.resolve("krew-bin"));
    Files.createSymbolicLink(bin.resolve("kubectl-cutover"), unpacked.resolve("kubectl-cutover"));
    Run linked = run(dir, Map.of(), bin.resolve("kubectl-cutover").toString(), "plan", "--help");
    assertThat(linked.exit()).as(linked.err()).isZero();
    assertThat(linked.out()).startsWith("Usage: kubectl cutover plan ");

    Run kubectl = run(dir, Map.of("PATH", bin + ":" + System.getenv("PATH")), Kubectl.BINARY.toString(), "cutover", "--help");
    assertThat(kubectl.exit()).as(kubectl.err()).isZero();
    assertThat(commands(kubectl.out())).containsExactlyElementsOf(PluginMain.COMMANDS);
  }

  @Test
  void theArchivesJarServesPlanStatusApproveAndRollbackAgainstAnApiServer() throws Exception {
    String launcher = unpack().resolve("kubectl-cutover").toString();
    try (SandboxCluster control = SandboxCluster.start("control")) {
      control.client().apiextensions().v1().customResourceDefinitions().resource(CrdManifest.load()).create();
      Path kubeconfig = Files.writeString(dir.resolve("control.kubeconfig"), control.kubeconfig("control"));
      Path migration = Path.of("examples", "payments-api-migration.yaml").toAbsolutePath();
      Run create = run(dir, Map.of(), Kubectl.BINARY.toString(), "--kubeconfig", kubeconfig.toString(), "create",
          "namespace", "cutover-system");
      assertThat(create.exit()).as(create.err()).isZero();
      Run apply = run(dir, Map.of(), Kubectl.BINARY.toString(), "--kubeconfig", kubeconfig.toString(), "apply",
          "--validate=false", "-f", migration.toString());
      assertThat(apply.exit()).as(apply.err()).isZero();
      String[] target = {"payments-api", "-n", "cutover-system", "--kubeconfig", kubeconfig.toString()};

      // plan's whole path (control, source and target clients, the plan, its tables): the control cluster stands in
      // for source and target, where the identity is missing, so the plan fails with that reason
      Run plan = run(dir, Map.of(), launcher, "plan", "-f", migration.toString(), "--kubeconfig", kubeconfig.toString(),
          "--source-kubeconfig", kubeconfig.toString(), "--target-kubeconfig", kubeconfig.toString());
      assertThat(plan.exit()).as(plan.err()).isEqualTo(1);
      assertThat(plan.out()).contains("Plan FAILS: SourceServiceAccountNotFound");
      Run status = run(dir, Map.of(), concat(launcher, "status", target));
      assertThat(status.exit()).as(status.err()).isZero();
      assertThat(status.out()).contains("Migration:   cutover-system/payments-api", "Phase:       (not yet seen by the operator)");
      Run approve = run(dir, Map.of(), concat(launcher, "approve", target));
      assertThat(approve.exit()).as(approve.err()).isZero();
      Run rollback = run(dir, Map.of(), concat(launcher, "rollback", target));
      assertThat(rollback.exit()).as(rollback.err()).isZero();
      ServiceAccountMigration stored = control.client().resources(ServiceAccountMigration.class)
          .inNamespace("cutover-system").withName("payments-api").get();
      assertThat(stored.getSpec().getCutover().isApproved()).isTrue();
      assertThat(stored.getSpec().isRollback()).isTrue();
      for (Run run : List.of(plan, status, approve, rollback)) {
        assertThat(run.out() + run.err()).doesNotContain("ClassNotFoundException", "NoClassDefFoundError");
      }
    }
  }

  static String[] concat(String launcher, String command, String... rest) {
    List<String> all = new ArrayList<>(List.of(launcher, command));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  @Test
  void theLauncherAloneSaysWhereItLookedForTheJar() throws Exception {
    Path alone = Files.createDirectories(dir.resolve("alone"));
    Path launcher = Files.copy(unpack().resolve("kubectl-cutover"), alone.resolve("kubectl-cutover"));
    Run run = run(alone, Map.of(), launcher.toString(), "--help");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("no Cutover jar found", alone.toRealPath().resolve("cutover-operator.jar").toString(),
        "CUTOVER_JAR");
    Run named = run(alone, Map.of("CUTOVER_JAR", alone.resolve("missing.jar").toString()), launcher.toString(), "--help");
    assertThat(named.exit()).isEqualTo(2);
    assertThat(named.err()).contains("CUTOVER_JAR=" + alone.resolve("missing.jar") + ": no such file");
  }

  @Test
  void theKrewManifestRenderedForTheArchivePassesKrewsRulesAndMatchesIt() throws Exception {
    String sha256 = HexFormat.of().formatHex(sha256(KrewManifest.ARCHIVE));
    String rendered = KrewManifest.render(Files.readString(KrewManifest.TEMPLATE), "v0.1.0", sha256);
    Files.createDirectories(KrewManifest.RENDERED.getParent());
    Files.writeString(KrewManifest.RENDERED, rendered);

    Map<String, Object> manifest = KrewManifest.parse(Files.readString(KrewManifest.RENDERED));
    assertThat(KrewManifest.broken(manifest, KrewManifest.RENDERED.getFileName().toString())).isEmpty();
    Path unpacked = unpack();
    for (Map<String, Object> platform : KrewManifest.platforms(manifest)) {
      assertThat(platform).containsEntry("sha256", sha256);
      assertThat(KrewManifest.string(platform, "uri")).endsWith("/" + KrewManifest.ARCHIVE.getFileName());
      for (Map<String, Object> file : KrewManifest.files(platform)) {
        assertThat(unpacked.resolve(KrewManifest.string(file, "from"))).as("files[].from in the archive").exists();
      }
      Path bin = unpacked.resolve(KrewManifest.string(platform, "bin"));
      assertThat(bin).as("bin in the archive").isRegularFile();
      assertThat(Files.getPosixFilePermissions(bin)).contains(PosixFilePermission.OWNER_EXECUTE);
    }
  }

  Path unpack() throws IOException, InterruptedException {
    assertThat(KrewManifest.ARCHIVE).as("built by mvn package").isRegularFile();
    Path unpacked = dir.resolve("unpacked");
    if (!Files.isDirectory(unpacked)) {
      Files.createDirectories(unpacked);
      Run tar = run(unpacked, Map.of(), "tar", "-xzf", KrewManifest.ARCHIVE.toAbsolutePath().toString());
      assertThat(tar.exit()).as(tar.err()).isZero();
    }
    return unpacked;
  }

  static List<String> commands(String help) {
    return help.lines().dropWhile(l -> !l.equals("Commands:")).skip(1).map(OperatorJarIT.COMMAND_LINE::matcher)
        .filter(Matcher::matches).map(m -> m.group(1)).toList();
  }

  static byte[] sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
  }

  /**
   * {@code command} in {@code cwd} with the launcher's own variables cleared (so it finds its jar as a user's would)
   * plus {@code env}; java is the one running the tests, through JAVA_HOME.
   */
  static Run run(Path cwd, Map<String, String> env, String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(cwd.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("CUTOVER_") || k.endsWith("JAVA_OPTIONS")
        || k.equals("JAVA_TOOL_OPTIONS") || k.startsWith("KUBERNETES_"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("KUBECONFIG", cwd.resolve("no.kubeconfig").toString());
    builder.environment().putAll(env);
    Path out = Files.createTempFile("kubectl-cutover", ".out");
    Path err = Files.createTempFile("kubectl-cutover", ".err");
    try {
      Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
