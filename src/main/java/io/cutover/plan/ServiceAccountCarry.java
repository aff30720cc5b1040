package io.cutover.plan;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.IdentityField;
import io.cutover.api.v1alpha1.IdentityLoss;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Invariant 9, for the ServiceAccount itself: what of the source ServiceAccount the target ServiceAccount gets, field
 * by field, and what it cannot get (a loss). Pure: every input is observed or planned elsewhere.
 * <ul>
 *   <li>{@code automountServiceAccountToken} exactly (unset stays unset).</li>
 *   <li>{@code imagePullSecrets}: a reference is written only when its Secret moves with spec.secrets or exists in the
 *       target namespace; otherwise it is a loss {@code ImagePullSecret/NAME} and no reference is written.</li>
 *   <li>{@code secrets} (mountable Secrets): the identity's legacy token Secrets are replaced by bound tokens; others as
 *       image pull Secrets, but a missing one is a loss {@code MountableSecret/NAME} only when the source enforces the
 *       list ({@value #ENFORCE_MOUNTABLE_SECRETS}), else dropped.</li>
 *   <li>labels and annotations, except the cluster-specific keys of {@link #CLUSTER_SPECIFIC} (each with its reason);
 *       Cutover's own metadata wins over a source key of the same name.</li>
 *   <li>workload-identity annotations ({@link ApiRules#WORKLOAD_IDENTITY_PREFIXES}) are reported only: the trust plan
 *       sets them ({@code TrustHooks.decorateTarget}), one writer.</li>
 *   <li>ownerReferences and finalizers are dropped; a field this version does not know is a loss {@code Setting/NAME}.</li>
 * </ul>
 */
public final class ServiceAccountCarry {
  private ServiceAccountCarry() {}

  /** With value "true", the ServiceAccount admission plugin lets Pods mount only the Secrets in {@code secrets}. */
  public static final String ENFORCE_MOUNTABLE_SECRETS = "kubernetes.io/enforce-mountable-secrets";
  /** Values in the report are cut to this many characters. */
  public static final int MAX_SHOWN = 256;

  /** Where a cluster-specific key is looked for. */
  public enum On { LABEL, ANNOTATION, BOTH }

  /** A label or annotation that means something only on the source cluster: never carried, reported as Dropped. */
  public record ClusterSpecific(String key, boolean prefix, On on, String reason) {
    boolean matches(String candidate, On where) {
      return (on == On.BOTH || on == where) && (prefix ? candidate.startsWith(key) : candidate.equals(key));
    }
  }

  private static final String HELM_OWNERSHIP = "Helm release ownership on the source; on the target a release of that"
      + " name would adopt the ServiceAccount (or refuse to install over it)";
  private static final String ARGO_CD_TRACKING = "Argo CD's tracking of the source's Application; on the target Argo CD"
      + " would adopt or prune the ServiceAccount as part of that Application";

  /** The one list of cluster-specific keys (docs/concepts.md, "What moves with the ServiceAccount"). */
  public static final List<ClusterSpecific> CLUSTER_SPECIFIC = List.of(
      new ClusterSpecific("kubectl.kubernetes.io/last-applied-configuration", false, On.ANNOTATION,
          "kubectl's record of the last apply on the source; on the target it would make the next kubectl apply"
              + " compute its changes against an apply that never happened there"),
      new ClusterSpecific("meta.helm.sh/release-name", false, On.ANNOTATION,
          HELM_OWNERSHIP),
      new ClusterSpecific("meta.helm.sh/release-namespace", false, On.ANNOTATION,
          HELM_OWNERSHIP),
      new ClusterSpecific("argocd.argoproj.io/tracking-id", false, On.ANNOTATION,
          ARGO_CD_TRACKING),
      new ClusterSpecific("argocd.argoproj.io/instance", false, On.LABEL,
          ARGO_CD_TRACKING),
      new ClusterSpecific("kustomize.toolkit.fluxcd.io/", true, On.LABEL,
          "Flux Kustomization ownership on the source; on the target Flux would adopt or prune the ServiceAccount"),
      new ClusterSpecific("helm.toolkit.fluxcd.io/", true, On.LABEL,
          "Flux HelmRelease ownership on the source; on the target Flux would adopt or prune the ServiceAccount"),
      new ClusterSpecific("cutover.io/", true, On.BOTH,
          "Cutover's metadata of an earlier migration; this migration writes its own (the provenance chain carries"
              + " the earlier links)"));

  /**
   * What the carry needs.
   *
   * @param source the source ServiceAccount as observed
   * @param cutoverMetadata the metadata Cutover puts on the target ServiceAccount (name, namespace, ownership label,
   *     provenance annotations); it wins over a source key of the same name
   * @param trustAnnotations spec.trust.annotations: workload-identity annotations re-bound for the target
   * @param movingSecrets the Secret names of spec.secrets (they are copied to the target namespace)
   * @param targetSecrets the Secret names, among those the source ServiceAccount references, that exist in the target
   *     namespace
   * @param legacyTokenSecrets the names of the identity's legacy token Secrets (revoked at cutover)
   * @param targetNamespace the target namespace, for the reasons
   */
  public record Input(ServiceAccount source, ObjectMeta cutoverMetadata, Map<String, String> trustAnnotations,
      Collection<String> movingSecrets, Collection<String> targetSecrets, Collection<String> legacyTokenSecrets,
      String targetNamespace) {}

  /** The target ServiceAccount (without the trust plan's annotations), the report and the losses (none accepted). */
  public record Result(ServiceAccount target, List<IdentityField> fields, List<IdentityLoss> losses) {}

  /** The names of the Secrets the ServiceAccount references (imagePullSecrets, then secrets), each once. */
  public static Set<String> referencedSecrets(ServiceAccount sa) {
    Set<String> out = new LinkedHashSet<>();
    out.addAll(pullSecretNames(sa));
    out.addAll(mountableSecretNames(sa));
    return out;
  }

  public static Result carry(Input in) {
    ServiceAccount src = in.source();
    ObjectMeta srcMeta = src.getMetadata() == null ? new ObjectMeta() : src.getMetadata();
    List<IdentityField> fields = new ArrayList<>();
    List<IdentityLoss> losses = new ArrayList<>();
    Set<String> moving = Set.copyOf(nonNull(in.movingSecrets()));
    Set<String> onTarget = Set.copyOf(nonNull(in.targetSecrets()));
    Set<String> legacy = Set.copyOf(nonNull(in.legacyTokenSecrets()));
    String ns = in.targetNamespace();

    // automountServiceAccountToken: exactly, unset included.
    Boolean automount = src.getAutomountServiceAccountToken();
    fields.add(new IdentityField("automountServiceAccountToken", str(automount), str(automount), IdentityField.CARRIED,
        automount == null ? "unset on the source, unset on the target (Pods decide; the kubelet mounts a token by"
            + " default)" : null));

    // imagePullSecrets: only references that resolve on the target.
    List<LocalObjectReference> pull = new ArrayList<>();
    for (String name : pullSecretNames(src)) {
      String field = "imagePullSecrets[" + name + "]";
      Optional<String> why = resolves(name, moving, onTarget, ns);
      if (why.isPresent()) {
        pull.add(new LocalObjectReference(name));
        fields.add(new IdentityField(field, name, name, IdentityField.CARRIED, why.get()));
      } else {
        String reason = "Secret " + name + " neither moves with spec.secrets nor exists in namespace " + ns
            + " on the target, so the target ServiceAccount gets no reference to it and its Pods could not pull"
            + " images from the registry it opens: add " + name + " to spec.secrets, or create it in " + ns
            + " on the target";
        fields.add(new IdentityField(field, name, null, IdentityField.LOST, reason));
        losses.add(new IdentityLoss(IdentityLoss.id(IdentityLoss.IMAGE_PULL_SECRET, name),
            IdentityLoss.IMAGE_PULL_SECRET, reason, false));
      }
    }

    // secrets: legacy tokens replaced; the rest carried when they resolve, a loss when the list is enforced.
    boolean enforced = "true".equals(annotations(srcMeta).get(ENFORCE_MOUNTABLE_SECRETS));
    List<ObjectReference> mountable = new ArrayList<>();
    for (String name : mountableSecretNames(src)) {
      String field = "secrets[" + name + "]";
      Optional<String> why = resolves(name, moving, onTarget, ns);
      if (legacy.contains(name)) {
        fields.add(new IdentityField(field, name, null, IdentityField.REPLACED, "a legacy token Secret of the identity:"
            + " the target identity gets bound tokens (TokenRequest), and legacy tokens are revoked at cutover"));
      } else if (why.isPresent()) {
        mountable.add(new ObjectReferenceBuilder().withName(name).build());
        fields.add(new IdentityField(field, name, name, IdentityField.CARRIED, why.get()));
      } else if (enforced) {
        String reason = "the source enforces its mountable Secrets (" + ENFORCE_MOUNTABLE_SECRETS + ": \"true\") and"
            + " Secret " + name + " neither moves with spec.secrets nor exists in namespace " + ns + " on the target,"
            + " so Pods of the identity could not mount it there: add " + name + " to spec.secrets, or create it in "
            + ns + " on the target";
        fields.add(new IdentityField(field, name, null, IdentityField.LOST, reason));
        losses.add(new IdentityLoss(IdentityLoss.id(IdentityLoss.MOUNTABLE_SECRET, name),
            IdentityLoss.MOUNTABLE_SECRET, reason, false));
      } else {
        fields.add(new IdentityField(field, name, null, IdentityField.DROPPED, "Secret " + name + " neither moves"
            + " with spec.secrets nor exists in namespace " + ns + " on the target; without "
            + ENFORCE_MOUNTABLE_SECRETS + " the list limits nothing (Pods name the Secrets they mount)"));
      }
    }

    // labels and annotations: carried unless cluster-specific; Cutover's own metadata wins.
    ObjectMeta cutover = in.cutoverMetadata();
    Map<String, String> labels = metadata(srcMeta.getLabels(), cutover.getLabels(), On.LABEL, "labels", Map.of(),
        fields);
    Map<String, String> trust = in.trustAnnotations() == null ? Map.of() : in.trustAnnotations();
    Map<String, String> annotations = metadata(srcMeta.getAnnotations(), cutover.getAnnotations(), On.ANNOTATION,
        "annotations", trust, fields);

    // Metadata that names objects or controllers of the source cluster.
    for (OwnerReference o : nonNull(srcMeta.getOwnerReferences())) {
      String ref = o.getKind() + "/" + o.getName();
      fields.add(new IdentityField("ownerReferences[" + ref + "]", shown(ref), null, IdentityField.DROPPED,
          "an owner reference names its owner by the source cluster's UID; on the target no object has it, and the"
              + " garbage collector would delete the ServiceAccount"));
    }
    for (String f : nonNull(srcMeta.getFinalizers())) {
      fields.add(new IdentityField("finalizers[" + shown(f) + "]", shown(f), null, IdentityField.DROPPED,
          "a finalizer belongs to a controller of the source cluster; on the target nothing may remove it and"
              + " deleting the ServiceAccount would hang"));
    }
    // A field of a newer API version than this Cutover knows: it may limit the identity, so it is a loss.
    for (var e : new TreeMap<>(src.getAdditionalProperties() == null ? Map.<String, Object>of()
        : src.getAdditionalProperties()).entrySet()) {
      String reason = "a field of the source ServiceAccount this version of Cutover does not know; it is not carried";
      fields.add(new IdentityField(shown(e.getKey()), shown(String.valueOf(e.getValue())), null, IdentityField.LOST,
          reason));
      losses.add(new IdentityLoss(IdentityLoss.id(IdentityLoss.SETTING, e.getKey()), IdentityLoss.SETTING, reason,
          false));
    }

    ObjectMeta meta = new ObjectMetaBuilder(cutover).withLabels(labels).withAnnotations(annotations).build();
    ServiceAccount target = new ServiceAccountBuilder().withMetadata(meta)
        .withAutomountServiceAccountToken(automount)
        .withImagePullSecrets(pull.isEmpty() ? null : pull)
        .withSecrets(mountable.isEmpty() ? null : mountable)
        .build();
    return new Result(target, List.copyOf(fields), List.copyOf(losses));
  }

  /**
   * One map (labels or annotations) of the target: the source's keys that are carried, under Cutover's own. Reports
   * every source key in key order, and the trust plan's workload-identity annotations (set by the trust plan, not
   * here).
   */
  private static Map<String, String> metadata(Map<String, String> source, Map<String, String> own, On where,
      String name, Map<String, String> trust, List<IdentityField> fields) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> sorted = new TreeMap<>(source == null ? Map.of() : source);
    Map<String, String> ours = own == null ? Map.of() : own;
    for (var e : sorted.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      String field = name + "[" + shown(key) + "]";
      Optional<ClusterSpecific> specific = clusterSpecific(key, where);
      if (where == On.ANNOTATION && workloadIdentity(key)) {
        String mapped = trust.get(key);
        boolean changed = mapped != null && !mapped.equals(value);
        fields.add(new IdentityField(field, shown(value), shown(changed ? mapped : value),
            changed ? IdentityField.CHANGED : IdentityField.CARRIED,
            changed ? "re-bound by the trust plan (spec.trust.annotations)" : "carried by the trust plan"));
      } else if (specific.isPresent()) {
        fields.add(new IdentityField(field, shown(value), null, IdentityField.DROPPED, specific.get().reason()));
      } else if (ours.containsKey(key) && !ours.get(key).equals(value)) {
        fields.add(new IdentityField(field, shown(value), shown(ours.get(key)), IdentityField.CHANGED,
            "Cutover sets this key on every object it creates"));
      } else {
        out.put(key, value);
        fields.add(new IdentityField(field, shown(value), shown(value), IdentityField.CARRIED, null));
      }
    }
    if (where == On.ANNOTATION) {
      for (var e : new TreeMap<>(trust).entrySet()) {
        if (!sorted.containsKey(e.getKey())) {
          fields.add(new IdentityField(name + "[" + shown(e.getKey()) + "]", null, shown(e.getValue()),
              IdentityField.CHANGED, "set by the trust plan (spec.trust.annotations)"));
        }
      }
    }
    out.putAll(ours);
    return out;
  }

  /** The cluster-specific entry for a key, if it is one. */
  public static Optional<ClusterSpecific> clusterSpecific(String key, On where) {
    return CLUSTER_SPECIFIC.stream().filter(c -> c.matches(key, where)).findFirst();
  }

  static boolean workloadIdentity(String key) {
    return ApiRules.WORKLOAD_IDENTITY_PREFIXES.stream().anyMatch(key::startsWith);
  }

  /** Why a referenced Secret is there on the target, or empty when it is not. */
  private static Optional<String> resolves(String name, Set<String> moving, Set<String> onTarget, String ns) {
    if (moving.contains(name)) {
      return Optional.of("Secret " + name + " moves with spec.secrets");
    }
    if (onTarget.contains(name)) {
      return Optional.of("Secret " + name + " exists in namespace " + ns + " on the target");
    }
    return Optional.empty();
  }

  private static Set<String> pullSecretNames(ServiceAccount sa) {
    Set<String> out = new LinkedHashSet<>();
    for (LocalObjectReference r : nonNull(sa.getImagePullSecrets())) {
      if (r != null && r.getName() != null && !r.getName().isEmpty()) {
        out.add(r.getName());
      }
    }
    return out;
  }

  private static Set<String> mountableSecretNames(ServiceAccount sa) {
    Set<String> out = new LinkedHashSet<>();
    for (ObjectReference r : nonNull(sa.getSecrets())) {
      if (r != null && r.getName() != null && !r.getName().isEmpty()) {
        out.add(r.getName());
      }
    }
    return out;
  }

  private static Map<String, String> annotations(ObjectMeta meta) {
    return meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
  }

  private static <T> Collection<T> nonNull(Collection<T> c) {
    return c == null ? List.of() : c;
  }

  private static String str(Boolean b) {
    return b == null ? null : b.toString();
  }

  /** A value as the report shows it: at most {@value #MAX_SHOWN} characters. */
  static String shown(String value) {
    if (value == null || value.length() <= MAX_SHOWN) {
      return value;
    }
    return value.substring(0, MAX_SHOWN - 1) + "…";
  }
}
