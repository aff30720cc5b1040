package io.cutover.plan;

import io.cutover.api.v1alpha1.Ownership;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names and provenance metadata of the objects a migration creates (invariant 4). */
public final class TargetObjects {
  private static final int MAX_NAME = 253;

  private final String migrationUid;
  private final String migrationRef;
  private final String sourceCluster;
  private final Instant createdAt;

  public TargetObjects(String migrationUid, String migrationNamespace, String migrationName, String sourceCluster, Instant createdAt) {
    this.migrationUid = migrationUid;
    this.migrationRef = migrationNamespace + "/" + migrationName;
    this.sourceCluster = sourceCluster;
    this.createdAt = createdAt;
  }

  /** A name derived from the migration's UID, so re-runs find what an earlier run created. */
  public String derivedName(String original) {
    String name = "cutover-" + shortUid(migrationUid) + "-" + original;
    return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
  }

  /**
   * A short, stable tag for a migration UID: 10 hex characters of its SHA-256. Hashing, not truncating, so the tag
   * differs between migrations whatever the UIDs look like (an API server's UIDs need not differ in their first
   * characters).
   */
  public static String shortUid(String uid) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Name of the Secret a proof token is bound to on the target (deleted right after the proof). */
  public String proofSecretName() {
    return "cutover-proof-" + shortUid(migrationUid);
  }

  /**
   * Name of the Secret the trust gate's tokens are bound to on the target: created for one gate evaluation and deleted
   * right after it, so a token sent to a probe or verified offline dies with it (and a crash in between leaves a
   * labelled Secret that the next evaluation or rollback removes).
   */
  public String gateSecretName() {
    return "cutover-gate-" + shortUid(migrationUid);
  }

  /** Canary Secret name on the source. */
  public String canarySecretName() {
    return "cutover-canary-" + shortUid(migrationUid);
  }

  /** An empty Opaque Secret of this migration's (a token Secret to bind a token to and keep it in). */
  public Secret tokenSecret(String namespace, String name) {
    return new SecretBuilder().withMetadata(metadata(namespace, name, null)).withType("Opaque").build();
  }

  /**
   * Metadata for a namespace this migration creates on the target. A namespace is shared: other migrations (a wave
   * into one namespace) and other users put objects in it, so it carries provenance annotations but no ownership
   * label — rollback never deletes it, and a namespace someone else created meanwhile is simply used.
   */
  public ObjectMeta sharedNamespaceMetadata(String name) {
    ObjectMeta meta = metadata(null, name, null);
    meta.getLabels().remove(Ownership.MIGRATION_UID_LABEL);
    meta.getAnnotations().put(Ownership.CREATED_BY_MIGRATION_UID_ANNOTATION, migrationUid);
    return meta;
  }

  /** Metadata for an object created on a cluster, saying which migration made it from which source object. */
  public ObjectMeta metadata(String namespace, String name, HasMetadata sourceObject) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Ownership.MIGRATION_ANNOTATION, migrationRef);
    annotations.put(Ownership.SOURCE_CLUSTER_ANNOTATION, sourceCluster);
    if (sourceObject != null) {
      annotations.put(Ownership.SOURCE_KIND_ANNOTATION, sourceObject.getKind());
      if (sourceObject.getMetadata().getNamespace() != null) {
        annotations.put(Ownership.SOURCE_NAMESPACE_ANNOTATION, sourceObject.getMetadata().getNamespace());
      }
      annotations.put(Ownership.SOURCE_NAME_ANNOTATION, sourceObject.getMetadata().getName());
      if (sourceObject.getMetadata().getUid() != null) {
        annotations.put(Ownership.SOURCE_UID_ANNOTATION, sourceObject.getMetadata().getUid());
      }
    }
    annotations.put(Ownership.CREATED_AT_ANNOTATION, createdAt.toString());
    return new ObjectMetaBuilder()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY)
        .addToLabels(Ownership.MIGRATION_UID_LABEL, migrationUid)
        .withAnnotations(annotations)
        .build();
  }
}
