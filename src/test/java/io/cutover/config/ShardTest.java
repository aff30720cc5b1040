package io.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shard's selector is checked by Kubernetes' label selector rules before anything starts; its name names its Lease. */
class ShardTest {
  @ParameterizedTest
  @ValueSource(strings = {"cutover.io/shard=a", "cutover.io/shard==a", "cutover.io/shard!=a", "shard in (a, b)",
      "shard notin (a)", "cutover.io/shard", "!cutover.io/shard", "tier=, app.kubernetes.io/part-of=x",
      "a=b,c in (d,e),!f", " team = payments "})
  void kubernetesSelectorsAreAccepted(String selector) {
    assertThat(new Shard("a", selector).selector()).isEqualTo(selector.strip());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "cutover.io/shard=a b|'cutover.io/shard=a b' is none of",
      "shard in ()|in needs at least one value",
      "Cutover.IO/shard=a|the key's prefix 'Cutover.IO' must be a DNS subdomain",
      "-shard=a|the key's name '-shard' must be",
      "shard=a/b|the value 'a/b' must be empty or",
      "a=b,,c=d|an empty requirement",
      "replicas>2|the operators < and > are not supported",
      "shard in (a,b|'shard in (a,b' is none of",
      "'   '|it is empty"})
  void anythingElseIsRefusedWithTheReason(String selector, String reason) {
    assertThatThrownBy(() -> new Shard("a", selector)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("selector '" + selector.strip() + "' is not a label selector: ")
        .hasMessageContaining(reason);
  }

  @Test
  void aKeyNameLongerThan63CharactersIsRefused() {
    assertThatThrownBy(() -> new Shard(null, "x".repeat(64) + "=a")).hasMessageContaining("at most 63 characters");
    assertThat(new Shard(null, "x".repeat(63) + "=a").selector()).isEqualTo("x".repeat(63) + "=a");
  }

  @Test
  void eachShardHasItsOwnLeaseAndUnshardedKeepsTheOldOne() {
    assertThat(Shard.none().leaseName()).isEqualTo("cutover-operator");
    assertThat(new Shard(null, "cutover.io/shard=a").leaseName()).isEqualTo("cutover-operator");
    assertThat(new Shard("a", "cutover.io/shard=a").leaseName()).isEqualTo("cutover-operator-a");
    assertThat(new Shard("eu-west-2", "cutover.io/shard=eu-west-2").leaseName()).isEqualTo("cutover-operator-eu-west-2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"A", "a_b", "-a", "a.b", "sixty-four-characters-are-one-too-many-for-a-dns-label-xxxxxxxxx"})
  void aShardNameMustBeADnsLabel(String name) {
    assertThatThrownBy(() -> new Shard(name, "s=a")).hasMessageContaining("must be a DNS label");
  }

  @Test
  void aShardNeedsASelectorAndLeaderElectionASelectorNeedsAName() {
    assertThatThrownBy(() -> new Shard("a", null)).hasMessageContaining("has no selector");
    var unnamed = new Shard(null, "cutover.io/shard=a");
    assertThatThrownBy(() -> new CutoverOperator.Options(Set.of(), "cutover-system", 1, false).withShard(unnamed))
        .hasMessageContaining("a selector with leader election needs a shard name");
    assertThat(new CutoverOperator.Options(Set.of(), null, 1, false).withShard(unnamed).shard()).isEqualTo(unnamed);
    assertThat(new CutoverOperator.Options(Set.of(), null, 1, false).shard()).isEqualTo(Shard.none());
  }
}
