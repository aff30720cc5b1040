package io.cutover.trust;

import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.api.v1alpha1.TrustRebinding;
import io.cutover.api.v1alpha1.TrustSpec;
import io.cutover.plan.Identities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans the trust re-binding as a pure function of the spec, the source ServiceAccount's annotations and both
 * issuers. Relying parties come from two places: those declared in {@code spec.trust.relyingParties}, and those the
 * cloud workload-identity annotations on the source ServiceAccount imply (one per provider). An implied party is
 * covered by a declared party of the same kind; one that is not covered still needs re-binding, and the trust gate
 * asks for it to be declared (and confirmed).
 */
public final class TrustPlanner {
  private TrustPlanner() {}

  /** The plan before either UID is known (the change texts name where they will appear). */
  public static TrustPlan plan(TrustSpec trust, Identities ids, Map<String, String> sourceAnnotations,
      String sourceIssuer, String targetIssuer) {
    return plan(trust, ids, sourceAnnotations, sourceIssuer, targetIssuer, null, null);
  }

  /**
   * The plan; {@code sourceUid} and {@code targetUid} (each null until known) go into the re-binding of a party that
   * keys on the ServiceAccount's UID, which always needs one: the target ServiceAccount is a new object.
   */
  public static TrustPlan plan(TrustSpec trust, Identities ids, Map<String, String> sourceAnnotations,
      String sourceIssuer, String targetIssuer, String sourceUid, String targetUid) {
    var uids = new WorkloadIdentity.Uids(sourceUid, targetUid);
    Map<String, String> source = sourceAnnotations == null ? Map.of() : sourceAnnotations;
    Map<String, String> target = targetAnnotations(source, trust.getAnnotations());
    boolean issuerChanged = !sourceIssuer.equals(targetIssuer);
    List<TrustRebinding> out = new ArrayList<>();
    for (RelyingParty p : trust.getRelyingParties()) {
      String audience = p.getAudience() != null && !p.getAudience().isBlank() ? p.getAudience()
          : WorkloadIdentity.defaultAudience(p.getKind()).orElse(null);
      out.add(WorkloadIdentity.rebinding(p.getName(), p.getKind(), p.getIdentityKey(), "Spec", target, audience,
          sourceIssuer, targetIssuer, ids.source(), ids.target(), uids));
    }
    addImplied(out, trust, target, RelyingParty.Kind.AWS, WorkloadIdentity.AWS_ROLE_ARN, sourceIssuer, targetIssuer, ids);
    addImplied(out, trust, target, RelyingParty.Kind.GCP, WorkloadIdentity.GKE_SERVICE_ACCOUNT, sourceIssuer,
        targetIssuer, ids);
    addImplied(out, trust, target, RelyingParty.Kind.Azure, WorkloadIdentity.AZURE_CLIENT_ID, sourceIssuer, targetIssuer,
        ids);
    return new TrustPlan(issuerChanged, out, target);
  }

  /** The recognised workload-identity annotations of the source, with the spec's re-bound values applied. */
  static Map<String, String> targetAnnotations(Map<String, String> source, Map<String, String> mapped) {
    Map<String, String> out = new LinkedHashMap<>();
    source.entrySet().stream()
        .filter(e -> WorkloadIdentity.CARRIED_PREFIXES.stream().anyMatch(e.getKey()::startsWith))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    if (mapped != null) {
      out.putAll(mapped);
    }
    return out;
  }

  private static void addImplied(List<TrustRebinding> out, TrustSpec trust, Map<String, String> annotations,
      RelyingParty.Kind kind, String key, String sourceIssuer, String targetIssuer, Identities ids) {
    if (!annotations.containsKey(key)) {
      return;
    }
    boolean declared = trust.getRelyingParties().stream().anyMatch(p -> p.getKind() == kind);
    if (declared) {
      return; // the declared party of that kind is the one the annotation points at; it carries the re-binding
    }
    // Implied parties are AWS, GCP and Azure, which key on the subject: no UID to carry.
    out.add(WorkloadIdentity.rebinding("annotation:" + key, kind, null, "Annotation:" + key, annotations, null,
        sourceIssuer, targetIssuer, ids.source(), ids.target(), WorkloadIdentity.Uids.UNKNOWN));
  }
}
