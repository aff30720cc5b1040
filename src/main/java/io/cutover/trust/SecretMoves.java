package io.cutover.trust;

import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.SecretMove;
import io.cutover.cluster.ClusterReader;
import io.cutover.plan.TargetObjects;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Secrets that move with the identity ({@code spec.secrets}). A Secret bound to the source cluster is detected in the
 * plan and blocks it: a service-account token (type {@value Ownership#LEGACY_TOKEN_TYPE} or with the
 * {@value Ownership#SA_NAME_ANNOTATION} annotation), a bootstrap token, a Secret a SealedSecret controller manages
 * (its sealed value is encrypted to the source cluster's key, so the sealed copy will never decrypt on the target) or
 * one marked {@value #CLUSTER_BOUND_ANNOTATION}. Others are copied with their type, data, user labels and user
 * annotations; a SHA-256 digest of type and data is compared end to end, and only digests are recorded.
 */
public final class SecretMoves {
  /** Marks a Secret whose values only work on its own cluster (e.g. encrypted to that cluster's KMS key). */
  public static final String CLUSTER_BOUND_ANNOTATION = "cutover.io/cluster-bound";
  public static final String COPY = "Copy";
  public static final String BLOCKED = "Blocked";
  private static final List<String> SYSTEM_PREFIXES = List.of("kubernetes.io/", "kubectl.kubernetes.io/", "cutover.io/",
      "app.kubernetes.io/managed-by");

  private SecretMoves() {}

  /** One planned Secret, and the source object when it exists. */
  public record Planned(SecretMove move, Optional<Secret> source) {}

  /** Classifies the Secrets of the spec on the source. */
  public static List<Planned> plan(List<String> names, ClusterReader source, String namespace) {
    List<Planned> out = new ArrayList<>();
    for (String name : names) {
      Optional<Secret> s = source.secret(namespace, name);
      if (s.isEmpty()) {
        out.add(new Planned(new SecretMove(name, null, BLOCKED, "Secret " + namespace + "/" + name
            + " does not exist on the source", null, null), s));
        continue;
      }
      Secret secret = s.get();
      String digest = digest(secret);
      Optional<String> bound = clusterBound(secret);
      out.add(new Planned(new SecretMove(name, secret.getType(), bound.isPresent() ? BLOCKED : COPY,
          bound.orElse(null), digest, null), s));
    }
    return out;
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
   * {@code sha256:HEX} of the Secret's type and data: the type, then each key in sorted order with its decoded bytes
   * (length-prefixed, so no two contents share an encoding). Data only: stringData is write-only and the API server
   * folds it into data.
   */
  public static String digest(Secret s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      update(md, (s.getType() == null ? "Opaque" : s.getType()).getBytes(StandardCharsets.UTF_8));
      Map<String, String> data = new TreeMap<>(s.getData() == null ? Map.of() : s.getData());
      for (var e : data.entrySet()) {
        update(md, e.getKey().getBytes(StandardCharsets.UTF_8));
        update(md, e.getValue() == null ? new byte[0] : Base64.getDecoder().decode(e.getValue()));
      }
      return "sha256:" + HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static void update(MessageDigest md, byte[] bytes) {
    md.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
    md.update(bytes);
  }
}
