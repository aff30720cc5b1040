package io.cutover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.IdentityField;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.e2e.E2eEnvironment.Identity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Invariant 9 on the sandbox (issue 17): the target ServiceAccount has what the source's has — automount switched off,
 * the image pull Secret that moves with spec.secrets, labels and annotations — minus what is cluster-specific, and
 * exactly what {@code status.plan.identity} says it has.
 */
class WholeIdentityEndToEndTest extends EndToEndTest {
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  @Test
  void theTargetServiceAccountHasExactlyWhatThePlanSaysItCarries() {
    Identity id = env.seedIdentity("whole", "billing-api");
    String dockerConfig = "{\"auths\":{\"registry.example\":{\"auth\":\"dTpw\"}}}";
    env.source.secrets().inNamespace("whole").resource(new SecretBuilder().withNewMetadata().withName("regcred")
        .withNamespace("whole").endMetadata().withType("kubernetes.io/dockerconfigjson")
        .withData(Map.of(".dockerconfigjson", Base64.getEncoder().encodeToString(
            dockerConfig.getBytes(StandardCharsets.UTF_8)))).build()).create();
    env.source.serviceAccounts().inNamespace("whole").withName("billing-api").edit(sa -> {
      sa.setAutomountServiceAccountToken(false);
      sa.setImagePullSecrets(new ArrayList<>(List.of(new LocalObjectReference("regcred"))));
      sa.getMetadata().getLabels().put("team", "billing");
      sa.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of("example.com/owner", "billing-team",
          LAST_APPLIED, "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\"}")));
      return sa;
    });

    env.create(env.migration("whole-billing", id, spec -> spec.setSecrets(new ArrayList<>(List.of("regcred")))));
    ServiceAccountMigration done = env.awaitPhase("whole-billing", Phase.Completed);

    List<IdentityField> fields = done.getStatus().getPlan().getIdentity();
    assertThat(done.getStatus().getPlan().getIdentityLosses()).as("nothing lost").isEmpty();
    assertThat(fields).extracting(f -> f.field() + "=" + f.action()).contains(
        "automountServiceAccountToken=Carried", "imagePullSecrets[regcred]=Carried", "labels[team]=Carried",
        "annotations[example.com/owner]=Carried", "annotations[" + LAST_APPLIED + "]=Dropped");

    ServiceAccount target = env.target.serviceAccounts().inNamespace("whole").withName("billing-api").get();
    assertThat(target.getAutomountServiceAccountToken()).as("automount on the target").isFalse();
    assertThat(target.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("regcred");
    assertThat(env.target.secrets().inNamespace("whole").withName("regcred").get()).as("the pull Secret moved")
        .isNotNull();
    assertThat(target.getMetadata().getLabels()).containsEntry("team", "billing");
    assertThat(target.getMetadata().getAnnotations()).containsEntry("example.com/owner", "billing-team")
        .doesNotContainKey(LAST_APPLIED);

    // Exactly what the plan says: every field's target value is on the target ServiceAccount, and the target holds
    // nothing of these kinds beyond the plan's fields and Cutover's own metadata.
    assertThat(String.valueOf(target.getAutomountServiceAccountToken()))
        .isEqualTo(field(fields, "automountServiceAccountToken").target());
    assertThat(target.getImagePullSecrets()).extracting(r -> "imagePullSecrets[" + r.getName() + "]")
        .containsExactlyInAnyOrderElementsOf(carried(fields, "imagePullSecrets[").keySet());
    assertThat(target.getSecrets() == null ? List.<String>of()
        : target.getSecrets().stream().map(ObjectReference::getName).map(n -> "secrets[" + n + "]").toList())
        .containsExactlyInAnyOrderElementsOf(carried(fields, "secrets[").keySet());
    assertThat(prefixed("labels", withoutCutovers(target.getMetadata().getLabels())))
        .isEqualTo(withoutCutovers(carried(fields, "labels[")));
    assertThat(prefixed("annotations", withoutCutovers(target.getMetadata().getAnnotations())))
        .isEqualTo(withoutCutovers(carried(fields, "annotations[")));
  }

  private static IdentityField field(List<IdentityField> fields, String name) {
    return fields.stream().filter(f -> f.field().equals(name)).findFirst().orElseThrow();
  }

  /** The plan's fields of one kind that the target gets, as field name to target value. */
  private static Map<String, String> carried(List<IdentityField> fields, String prefix) {
    Map<String, String> out = new TreeMap<>();
    fields.stream().filter(f -> f.field().startsWith(prefix) && f.target() != null)
        .forEach(f -> out.put(f.field(), f.target()));
    return out;
  }

  private static Map<String, String> prefixed(String kind, Map<String, String> values) {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(kind + "[" + k + "]", v));
    return out;
  }

  /** Without the keys Cutover sets on every object it creates (its ownership and provenance). */
  private static Map<String, String> withoutCutovers(Map<String, String> values) {
    Map<String, String> out = new TreeMap<>(values == null ? Map.of() : values);
    out.keySet().removeIf(k -> k.contains("cutover.io/") || k.contains("app.kubernetes.io/managed-by"));
    return out;
  }
}
