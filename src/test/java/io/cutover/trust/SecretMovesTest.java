package io.cutover.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.cluster.ClusterReader;
import io.cutover.plan.TargetObjects;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretMovesTest {
  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static SecretBuilder opaque(Map<String, String> data) {
    return new SecretBuilder().withNewMetadata().withName("s").withNamespace("ns").endMetadata().withType("Opaque")
        .withData(data);
  }

  static Stream<Arguments> clusterBound() {
    return Stream.of(
        Arguments.of("service-account token type", new SecretBuilder().withNewMetadata().withName("t").endMetadata()
            .withType(Ownership.LEGACY_TOKEN_TYPE).build(), "service-account token"),
        Arguments.of("service-account annotation", opaque(Map.of()).editMetadata()
            .addToAnnotations(Ownership.SA_NAME_ANNOTATION, "api").endMetadata().build(), "service-account token"),
        Arguments.of("bootstrap token", new SecretBuilder().withNewMetadata().withName("b").endMetadata()
            .withType("bootstrap.kubernetes.io/token").build(), "bootstrap token"),
        Arguments.of("SealedSecret owner", opaque(Map.of("k", b64("v"))).editMetadata().addNewOwnerReference()
            .withKind("SealedSecret").withName("db").withApiVersion("bitnami.com/v1alpha1").endOwnerReference()
            .endMetadata().build(), "SealedSecret db"),
        Arguments.of("marked", opaque(Map.of()).editMetadata()
            .addToAnnotations(SecretMoves.CLUSTER_BOUND_ANNOTATION, "kms key of eu-old").endMetadata().build(),
            "kms key of eu-old"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterBound")
  void secretsBoundToTheSourceClusterAreDetectedWithAReason(String what, Secret secret, String reason) {
    assertThat(SecretMoves.clusterBound(secret)).hasValueSatisfying(r -> assertThat(r).contains(reason));
  }

  @Test
  void ordinarySecretsAndOnesMarkedFalseMove() {
    assertThat(SecretMoves.clusterBound(opaque(Map.of("k", b64("v"))).build())).isEmpty();
    assertThat(SecretMoves.clusterBound(opaque(Map.of()).editMetadata()
        .addToAnnotations(SecretMoves.CLUSTER_BOUND_ANNOTATION, "false").endMetadata().build())).isEmpty();
  }

  static final String UID = "0b6f5c1e-1111-4c3a-9a57-6d1c2f3e4a5b";

  /** A source cluster holding only {@code secret}. */
  static ClusterReader holding(Secret secret) {
    return (ClusterReader) Proxy.newProxyInstance(ClusterReader.class.getClassLoader(), new Class<?>[] {ClusterReader.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "secret" -> Optional.of(secret).filter(x -> x.getMetadata().getName().equals(args[1]));
          case "clusterName" -> "source";
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void aSecretOverTheSizeCapIsBlockedWithItsSizeAndTheCapAndOneAtTheCapMoves() {
    // Keys count too: "k" plus a value that brings the total to exactly the cap moves; one byte more does not.
    Secret atCap = opaque(Map.of("k", b64("x".repeat(SecretMoves.MAX_DATA_BYTES - 1)))).build();
    Secret over = opaque(Map.of("k", b64("x".repeat(SecretMoves.MAX_DATA_BYTES)))).build();
    assertThat(SecretMoves.dataBytes(atCap)).isEqualTo(SecretMoves.MAX_DATA_BYTES);
    assertThat(SecretMoves.dataBytes(opaque(Map.of("ab", b64("c"), "d", b64("ef"))).build())).isEqualTo(6);

    SecretMoves.Planned moves = SecretMoves.plan(List.of("s"), holding(atCap), "ns", UID).get(0);
    assertThat(moves.move().action()).isEqualTo(SecretMoves.COPY);
    assertThat(moves.failure()).isNull();

    SecretMoves.Planned blocked = SecretMoves.plan(List.of("s"), holding(over), "ns", UID).get(0);
    assertThat(blocked.move().action()).isEqualTo(SecretMoves.BLOCKED);
    assertThat(blocked.failure()).isEqualTo(Conditions.Reason.SECRET_TOO_LARGE);
    assertThat(blocked.move().reason()).contains((SecretMoves.MAX_DATA_BYTES + 1) + " bytes")
        .contains(String.valueOf(SecretMoves.MAX_DATA_BYTES)).doesNotContain("xxxx");
  }

  @Test
  void theDigestIsAnHmacKeyedByTheMigrationNotABareSha256() throws Exception {
    Secret s = opaque(Map.of("pin", b64("1234"))).build();
    String d = SecretMoves.digest(s, UID);
    assertThat(d).matches("hmac-sha256:[0-9a-f]{64}");
    assertThat(SecretMoves.digest(s, UID)).as("stable within a migration").isEqualTo(d);
    assertThat(SecretMoves.digest(s, "another-migration-uid")).as("not comparable across migrations").isNotEqualTo(d);
    // The bare SHA-256 of the same encoding (what a table of guesses would be computed with) is not what is shown.
    MessageDigest bare = MessageDigest.getInstance("SHA-256");
    for (byte[] part : List.of("Opaque".getBytes(StandardCharsets.UTF_8), "pin".getBytes(StandardCharsets.UTF_8),
        "1234".getBytes(StandardCharsets.UTF_8))) {
      bare.update(java.nio.ByteBuffer.allocate(4).putInt(part.length).array());
      bare.update(part);
    }
    assertThat(d).doesNotContain(HexFormat.of().formatHex(bare.digest()));
    assertThat(SecretMoves.plan(List.of("s"), holding(s), "ns", UID).get(0).move().sourceDigest()).isEqualTo(d);
    assertThatThrownBy(() -> SecretMoves.digest(s, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void digestDependsOnTypeKeysAndValuesButNotOnKeyOrderOrMetadata() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", b64("1"));
    ab.put("b", b64("2"));
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", b64("2"));
    ba.put("a", b64("1"));
    String d = SecretMoves.digest(opaque(ab).build(), UID);

    assertThat(d).matches("hmac-sha256:[0-9a-f]{64}");
    assertThat(SecretMoves.digest(opaque(ba).editMetadata().withName("other").endMetadata().build(), UID)).isEqualTo(d);
    assertThat(SecretMoves.digest(opaque(Map.of("a", b64("1"), "b", b64("3"))).build(), UID)).isNotEqualTo(d);
    assertThat(SecretMoves.digest(opaque(ab).withType("example.com/custom").build(), UID)).isNotEqualTo(d);
    // A key/value boundary shift is a different Secret.
    assertThat(SecretMoves.digest(opaque(Map.of("ab", b64("c"))).build(), UID))
        .isNotEqualTo(SecretMoves.digest(opaque(Map.of("a", b64("bc"))).build(), UID));
  }

  @Test
  void theCopyKeepsTypeDataAndUserMetadataDropsClusterFieldsAndHasTheSameDigest() {
    Secret source = opaque(Map.of("password", b64("hunter2"))).editMetadata().withUid("uid-1").withResourceVersion("7")
        .addToLabels("team", "shop").addToAnnotations("owner", "shop")
        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{}")
        .addNewOwnerReference().withKind("Deployment").withName("x").endOwnerReference().endMetadata().build();
    TargetObjects names = new TargetObjects("mig-uid", "cutover-system", "m", "eu-old", Instant.parse("2025-01-01T00:00:00Z"));

    Secret copy = SecretMoves.copyFor(source, "shop-v2", names);

    assertThat(copy.getMetadata().getNamespace()).isEqualTo("shop-v2");
    assertThat(copy.getMetadata().getUid()).isNull();
    assertThat(copy.getMetadata().getResourceVersion()).isNull();
    assertThat(copy.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(copy.getMetadata().getLabels()).containsEntry("team", "shop")
        .containsEntry(Ownership.MIGRATION_UID_LABEL, "mig-uid");
    assertThat(copy.getMetadata().getAnnotations()).containsEntry("owner", "shop")
        .containsEntry(Ownership.SOURCE_UID_ANNOTATION, "uid-1")
        .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
    assertThat(copy.getType()).isEqualTo("Opaque");
    assertThat(SecretMoves.digest(copy, UID)).isEqualTo(SecretMoves.digest(source, UID));
  }
}
