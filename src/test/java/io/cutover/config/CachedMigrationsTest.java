package io.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Condition;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the migrations' informer keeps: everything the operator and JOSDK read, less managedFields and last-applied. */
class CachedMigrationsTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /**
   * A migration as kubectl apply and a real API server leave it: managedFields for the creator and the operator's
   * status writes, the last-applied annotation, a user's annotation and label, a finalizer, a deletion pending, a
   * spec with a field the tolerant reader could not read, and a status.
   */
  private static String stored() {
    return """
        {"apiVersion":"cutover.io/v1alpha1","kind":"ServiceAccountMigration",
         "metadata":{"name":"payments","namespace":"cutover-system","uid":"0c4e-uid","resourceVersion":"4711",
          "generation":3,"creationTimestamp":"2026-12-03T10:00:00Z","deletionTimestamp":"2026-12-03T11:00:00Z",
          "finalizers":["serviceaccountmigrations.cutover.io/finalizer"],
          "labels":{"team":"payments"},
          "annotations":{"example.com/owner":"payments-team",
            "kubectl.kubernetes.io/last-applied-configuration":"{\\"spec\\":{\\"dualRun\\":{\\"window\\":\\"15m\\"}}}"},
          "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"o-1"}],
          "managedFields":[
            {"manager":"kubectl-client-side-apply","operation":"Update","apiVersion":"cutover.io/v1alpha1",
             "time":"2026-12-03T10:00:00Z","fieldsType":"FieldsV1",
             "fieldsV1":{"f:spec":{"f:dualRun":{"f:window":{}}}}},
            {"manager":"cutover","operation":"Update","apiVersion":"cutover.io/v1alpha1","subresource":"status",
             "time":"2026-12-03T10:00:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:phase":{}}}}]},
         "spec":{"source":{"namespace":"payments","serviceAccount":"payments-api"},
          "dualRun":{"window":"15m","onDeadline":["not","an","enum"]}},
         "status":{"phase":"DualRun","observedGeneration":3,
          "conditions":[{"type":"Ready","status":"False","reason":"DualRun","message":"dual run until the deadline",
            "lastTransitionTime":"2026-12-03T10:00:05Z","observedGeneration":3}],
          "dualRun":{"startedAt":"2026-12-03T10:00:05Z","deadline":"2026-12-03T10:15:05Z"}}}
        """;
  }

  private static ServiceAccountMigration read(String json) {
    return JSON.unmarshal(json, ServiceAccountMigration.class);
  }

  @Test
  void theStoreKeepsEveryFieldTheOperatorReadsAndDropsManagedFieldsAndLastApplied() {
    ItemStore<ServiceAccountMigration> store = CachedMigrations.itemStore();
    ServiceAccountMigration original = read(stored());
    assertThat(original.getMetadata().getManagedFields()).as("the fixture has managedFields").hasSize(2);
    assertThat(original.getSpec().getUnreadable()).as("the fixture has an unreadable spec field").isNotEmpty();

    String key = Cache.metaNamespaceKeyFunc(original);
    store.put(key, read(stored()));
    ServiceAccountMigration cached = store.get(key);

    assertThat(cached.getMetadata().getManagedFields()).isEmpty();
    assertThat(cached.getMetadata().getAnnotations()).containsExactly(Map.entry("example.com/owner", "payments-team"));

    // Everything else is as the API server sent it: compared as JSON with the two fields taken out of the original.
    ServiceAccountMigration expected = read(stored());
    expected.getMetadata().setManagedFields(List.of());
    expected.getMetadata().getAnnotations().remove(CachedMigrations.LAST_APPLIED);
    assertThat(JSON.asJson(cached)).isEqualTo(JSON.asJson(expected));
    // What the steps, the reconciler and JOSDK read, field by field.
    var meta = cached.getMetadata();
    assertThat(List.of(meta.getName(), meta.getNamespace(), meta.getUid(), meta.getResourceVersion(),
        meta.getCreationTimestamp(), meta.getDeletionTimestamp()))
        .containsExactly("payments", "cutover-system", "0c4e-uid", "4711", "2026-12-03T10:00:00Z", "2026-12-03T11:00:00Z");
    assertThat(meta.getGeneration()).isEqualTo(3L);
    assertThat(meta.getFinalizers()).containsExactly("serviceaccountmigrations.cutover.io/finalizer");
    assertThat(meta.getLabels()).containsExactly(Map.entry("team", "payments"));
    assertThat(meta.getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).isEqualTo("o-1"));
    assertThat(cached.getSpec().getSource().getServiceAccount()).isEqualTo("payments-api");
    assertThat(cached.getSpec().getDualRun().getWindow()).isEqualTo("15m");
    assertThat(cached.getSpec().getUnreadable()).as("the tolerant reader's record").isEqualTo(original.getSpec().getUnreadable());
    assertThat(cached.getStatus().getPhase()).isEqualTo(Phase.DualRun);
    assertThat(cached.getStatus().getConditions()).extracting(Condition::getReason).containsExactly("DualRun");
    assertThat(cached.getStatus().getDualRun().getDeadline()).isEqualTo("2026-12-03T10:15:05Z");
  }

  @Test
  void aMigrationWithNeitherFieldIsStoredUnchanged() {
    ServiceAccountMigration plain = read(stored());
    plain.getMetadata().setManagedFields(List.of());
    plain.getMetadata().setAnnotations(Map.of("example.com/owner", "payments-team"));
    String before = JSON.asJson(plain);

    ItemStore<ServiceAccountMigration> store = CachedMigrations.itemStore();
    store.put(Cache.metaNamespaceKeyFunc(plain), plain);

    assertThat(JSON.asJson(store.get(Cache.metaNamespaceKeyFunc(plain)))).isEqualTo(before);
  }

  @Test
  void onlyTheLastAppliedAnnotationGoesWhenItIsTheOnlyOne() {
    ServiceAccountMigration sam = read(stored());
    sam.getMetadata().setAnnotations(new java.util.LinkedHashMap<>(Map.of(CachedMigrations.LAST_APPLIED, "{}")));

    assertThat(CachedMigrations.prune(sam).getMetadata().getAnnotations()).isEmpty();
    assertThat(CachedMigrations.prune(new ServiceAccountMigration())).isNotNull();
  }
}
