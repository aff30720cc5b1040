package io.cutover.trust;

import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.SecretMove;
import io.cutover.cluster.ClusterReader;
import io.cutover.plan.TargetObjects;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets that move with the identity ({@code spec.secrets}). A Secret bound to the source cluster is detected in the
 * plan and blocks it: a service-account token (type {@value Ownership#LEGACY_TOKEN_TYPE} or with the
 * {@value Ownership#SA_NAME_ANNOTATION} annotation), a bootstrap token, a Secret a SealedSecret controller manages
 * (its sealed value is encrypted to the source cluster's key, so the sealed copy will never decrypt on the target) or
 * one marked {@value #CLUSTER_BOUND_ANNOTATION}. Others are copied with their type, data, user labels and user
 * annotations; a digest of type and data, keyed per migration (HMAC-SHA256 with a key derived from the migration's
 * UID), is compared end to end, and only digests are recorded. A Secret holding more than {@value #MAX_DATA_BYTES}
 * bytes of data blocks the plan too: it is never copied.
 */
public final class SecretMoves {
  /** Marks a Secret whose values only work on its own cluster (e.g. encrypted to that cluster's KMS key). */
  public static final String CLUSTER_BOUND_ANNOTATION = "cutover.io/cluster-bound";
  public static final String COPY = "Copy";
  public static final String BLOCKED = "Blocked";
  /**
   * The most data (keys and decoded values) a moved Secret may hold: 64 KiB. Kubernetes' own limit is 1 MiB; a
   * workload's credentials are far smaller, and a copy of a large Secret (a bundle, a dump) is not what this is for.
   */
  public static final int MAX_DATA_BYTES = 64 * 1024;
  static final String DIGEST_PREFIX = "hmac-sha256:";
  private static final String KEY_CONTEXT = "cutover.io/secret-digest/v1\0";
  private static final List<String> SYSTEM_PREFIXES = List.of("kubernetes.io/", "kubectl.kubernetes.io/", "cutover.io/",
      "app.kubernetes.io/managed-by");

  private SecretMoves() {}

  /**
   * One planned Secret, and the source object when it exists; {@code failure}: the condition reason when it is
   * blocked, else null.
   */
  public record Planned(SecretMove move, Optional<Secret> source, String failure) {}

  /** Classifies the Secrets of the spec on the source; digests are keyed by {@code migrationUid}. */
  public static List<Planned> plan(List<String> names, ClusterReader source, String namespace, String migrationUid) {
    List<Planned> out = new ArrayList<>();
    for (String name : names) {
      Optional<Secret> s = source.secret(namespace, name);
      if (s.isEmpty()) {
        out.add(new Planned(new SecretMove(name, null, BLOCKED, "Secret " + namespace + "/" + name
            + " does not exist on the source", null, null), s, Conditions.Reason.SECRET_NOT_FOUND));
        continue;
      }
      Secret secret = s.get();
      String digest = digest(secret, migrationUid);
      long size = dataBytes(secret);
      if (size > MAX_DATA_BYTES) {
        out.add(new Planned(new SecretMove(name, secret.getType(), BLOCKED, "it holds " + size + " bytes of data,"
            + " more than the " + MAX_DATA_BYTES + " a moved Secret may hold; copy it to the target by other means",
            digest, null), s, Conditions.Reason.SECRET_TOO_LARGE));
        continue;
      }
      Optional<String> bound = clusterBound(secret);
      out.add(new Planned(new SecretMove(name, secret.getType(), bound.isPresent() ? BLOCKED : COPY,
          bound.orElse(null), digest, null), s, bound.isPresent() ? Conditions.Reason.CLUSTER_BOUND_SECRET : null));
    }
    return out;
  }

  /** The Secret's data size: each key's and each decoded value's bytes (as the API server's limit counts them). */
  static long dataBytes(Secret s) {
    long total = 0;
    for (var e : (s.getData() == null ? Map.<String, String>of() : s.getData()).entrySet()) {
      total += e.getKey().getBytes(StandardCharsets.UTF_8).length;
      // Base64's decoded length, without decoding: 3 bytes per 4 characters, less the padding.
      String v = e.getValue() == null ? "" : e.getValue();
      total += v.length() / 4L * 3 - (v.endsWith("==") ? 2 : v.endsWith("=") ? 1 : 0);
    }
    return total;
  }

  /** Why the Secret only works on its own cluster, if it does. */
  public static Optional<String> clusterBound(Secret s) {
    Map<String, String> annotations = s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations();
    if (Ownership.LEGACY_TOKEN_TYPE.equals(s.getType()) || annotations.containsKey(Ownership.SA_NAME_ANNOTATION)) {
      return Optional.of("a service-account token of the source cluster: it authenticates only there; the target"
          + " identity gets its own tokens");
    }
    if ("bootstrap.kubernetes.io/token".equals(s.getType())) {
      return Optional.of("a bootstrap token of the source cluster");
    }
    List<OwnerReference> owners = s.getMetadata().getOwnerReferences() == null ? List.of() : s.getMetadata().getOwnerReferences();
    for (OwnerReference o : owners) {
      if ("SealedSecret".equals(o.getKind())) {
        return Optional.of("managed by SealedSecret " + o.getName() + ": its sealed value is encrypted to the source"
            + " cluster's sealing key and will not decrypt on the target; re-seal it for the target");
      }
    }
    String marked = annotations.get(CLUSTER_BOUND_ANNOTATION);
    if (marked != null && !"false".equalsIgnoreCase(marked)) {
      return Optional.of("marked " + CLUSTER_BOUND_ANNOTATION + " (" + marked + "): its values only work on the source"
          + " cluster");
    }
    return Optional.empty();
  }

  /** The copy to create on the target: type and data, user labels and annotations, this migration's metadata. */
  public static Secret copyFor(Secret source, String targetNamespace, TargetObjects names) {
    var meta = names.metadata(targetNamespace, source.getMetadata().getName(), source);
    Map<String, String> labels = new LinkedHashMap<>(userOnly(source.getMetadata().getLabels()));
    labels.putAll(meta.getLabels());
    meta.setLabels(labels);
    Map<String, String> annotations = new LinkedHashMap<>(userOnly(source.getMetadata().getAnnotations()));
    annotations.putAll(meta.getAnnotations());
    meta.setAnnotations(annotations);
    return new SecretBuilder().withMetadata(meta).withType(source.getType())
        .withData(source.getData() == null ? Map.of() : new LinkedHashMap<>(source.getData()))
        .withImmutable(source.getImmutable())
        .build();
  }

  private static Map<String, String> userOnly(Map<String, String> map) {
    Map<String, String> out = new LinkedHashMap<>();
    if (map != null) {
      map.forEach((k, v) -> {
        if (SYSTEM_PREFIXES.stream().noneMatch(k::startsWith)) {
          out.put(k, v);
        }
      });
    }
    return out;
  }

  /**
   * {@code hmac-sha256:HEX}, keyed by the migration: HMAC-SHA256 over the Secret's type, then each key in sorted order
   * with its decoded bytes (length-prefixed, so no two contents share an encoding), with a key derived from
   * {@code migrationUid}. A bare hash of a short value (a password, a PIN) could be matched against a list of guesses
   * computed once for every migration, and two migrations' digests compared to learn that they copy equal Secrets;
   * keyed per migration, neither works across migrations. Data only: stringData is write-only and the API server
   * folds it into data.
   */
  public static String digest(Secret s, String migrationUid) {
    if (migrationUid == null || migrationUid.isEmpty()) {
      throw new IllegalArgumentException("a Secret digest needs the migration's UID as its key");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec((KEY_CONTEXT + migrationUid).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      update(mac, (s.getType() == null ? "Opaque" : s.getType()).getBytes(StandardCharsets.UTF_8));
      Map<String, String> data = new TreeMap<>(s.getData() == null ? Map.of() : s.getData());
      for (var e : data.entrySet()) {
        update(mac, e.getKey().getBytes(StandardCharsets.UTF_8));
        update(mac, e.getValue() == null ? new byte[0] : Base64.getDecoder().decode(e.getValue()));
      }
      return DIGEST_PREFIX + HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  private static void update(Mac mac, byte[] bytes) {
    mac.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
    mac.update(bytes);
  }
}
