package io.cutover.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The policy file format and who it lets migrate what. */
class MigrationPolicyTest {
  static final String EXAMPLE = """
      allow:
        - migrationNamespaces: [cutover-system]   # namespaces where migrations may be created
          sourceNamespaces: [payments, orders]    # "*" means any
          targetNamespaces: [payments, orders]
        - migrationNamespaces: [platform]
          sourceNamespaces: ["*"]
          targetNamespaces: [quarantine]
      """;

  @ParameterizedTest(name = "{0}: {1} -> {2} permitted={3}")
  @CsvSource({
      "cutover-system, payments, payments, true",
      "cutover-system, payments, orders, true",
      "cutover-system, orders, payments, true",
      "cutover-system, payments, billing, false",
      "cutover-system, billing, payments, false",
      "payments, payments, payments, false",
      "platform, anything, quarantine, true",
      "platform, kube-system, quarantine, true",
      "platform, payments, payments, false",
      "other, payments, payments, false"})
  void aMigrationIsPermittedOnlyWhenOneRuleMatchesAllThreeNamespaces(String migration, String source, String target,
      boolean permitted) {
    MigrationPolicy.Decision d = MigrationPolicy.parse(EXAMPLE, "test policy").decide(migration, source, target);
    assertThat(d.permitted()).isEqualTo(permitted);
    if (!permitted) {
      assertThat(d.message()).contains(migration).contains(source).contains(target);
    }
  }

  @Test
  void theDefaultOnlyAllowsAMigrationsOwnNamespace() {
    MigrationPolicy own = MigrationPolicy.ownNamespaceOnly();
    assertThat(own.decide("payments", "payments", "payments").permitted()).isTrue();
    assertThat(own.decide("cutover-system", "payments", "payments").permitted()).isFalse();
    assertThat(own.decide("payments", "payments", "orders").permitted()).isFalse();
    assertThat(own.decide("payments", "orders", "payments").permitted()).isFalse();
    assertThat(own.decide("payments", "payments", "orders").message()).contains("default policy");
  }

  @Test
  void anEmptyAllowListPermitsNothing() {
    MigrationPolicy none = MigrationPolicy.parse("allow: []", "empty");
    assertThat(none.decide("a", "a", "a").permitted()).isFalse();
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, EXAMPLE);
    assertThat(MigrationPolicy.load(file).rules()).hasSize(2);
    assertThatThrownBy(() -> MigrationPolicy.load(dir.resolve("absent.yaml")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read policy file");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",                                                               // empty document
      "allow",                                                          // not a mapping
      "allow: {migrationNamespaces: [a]}",                              // not a list
      "deny: []",                                                       // unknown top-level key
      "allow: []\nextra: 1",                                            // unknown top-level key next to allow
      "allow:\n  - migrationNamespaces: [a]\n    sourceNamespaces: [a]", // missing targetNamespaces
      "allow:\n  - {migrationNamespaces: [], sourceNamespaces: [a], targetNamespaces: [a]}", // empty list
      "allow:\n  - {migrationNamespace: [a], sourceNamespaces: [a], targetNamespaces: [a]}", // typo in a key
      "allow:\n  - {migrationNamespaces: [Payments], sourceNamespaces: [a], targetNamespaces: [a]}", // not DNS
      "allow:\n  - {migrationNamespaces: [a], sourceNamespaces: [pay*], targetNamespaces: [a]}", // no globs
      "allow:\n  - {migrationNamespaces: [a], sourceNamespaces: [1], targetNamespaces: [a]}",   // not a string
      "allow:\n  - {migrationNamespaces: [a], sourceNamespaces: [{x: y}], targetNamespaces: [a]}",
      "allow:\n  - [a, b]",                                             // rule not a mapping
      "allow: [\n  unclosed"})                                          // not YAML
  void aMalformedPolicyIsRefusedWithAReason(String yaml) {
    assertThatThrownBy(() -> MigrationPolicy.parse(yaml, "policy file p.yaml"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("policy file p.yaml");
  }
}
