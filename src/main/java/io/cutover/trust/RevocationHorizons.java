package io.cutover.trust;

import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.RevocationHorizon;
import io.cutover.plan.ProjectedTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The revocation horizon (status.cutover.revocationHorizon): when the old identity's last credential stops being
 * accepted, per credential kind and verifier, stated from what is known rather than as "at once". A pure function of
 * when the revocation finished, what it revoked and what the plan saw.
 *
 * <ul>
 *   <li>The source API server: kube-apiserver answers a token it authenticated in the last {@link #TOKEN_CACHE_TTL}
 *       from its cache (keyed by token and audiences; {@code TokenSuccessCacheTTL} in
 *       {@code pkg/kubeapiserver/options/authentication.go}, 10 s, with no flag to change it), and it reads
 *       ServiceAccounts, Secrets and Pods from informers whose lag comes on top.</li>
 *   <li>A relying party that verifies offline accepts a bound token until its {@code exp}: at most the revocation
 *       plus the longest lifetime a token of the identity could have been issued with (Pods' projections, with
 *       kube-apiserver's one-year extension, and Cutover's canary). A legacy token has no {@code exp}.</li>
 * </ul>
 */
public final class RevocationHorizons {
  private RevocationHorizons() {}

  /**
   * kube-apiserver's success cache of token authentications ({@code TokenSuccessCacheTTL}, 10 s); the sandbox's
   * TokenReview cache uses this same constant.
   */
  public static final Duration TOKEN_CACHE_TTL = Duration.ofSeconds(10);

  /** What the revocation did, and what the plan saw. */
  public record Input(Instant completedAt, boolean serviceAccountDeleted, boolean legacySecretsDeleted,
      PlanStatus plan, Duration canaryLifetime) {}

  static final String INFORMER_LAG = "; kube-apiserver reads ServiceAccounts, Secrets and Pods from informers, whose"
      + " lag (usually well under a second) comes on top";
  static final String OTHER_CLIENTS = "A token any other client obtained by TokenRequest is bounded only by the source"
      + " API server's --service-account-max-token-expiration, which Cutover cannot read.";

  public static List<RevocationHorizon> of(Input in) {
    List<RevocationHorizon> out = new ArrayList<>();
    PlanStatus plan = in.plan();
    String at = in.completedAt().toString();
    String cached = "tokens it authenticated in the last " + TOKEN_CACHE_TTL.toSeconds() + " s are answered from its"
        + " cache (keyed by token and audiences)";
    if (in.serviceAccountDeleted()) {
      out.add(new RevocationHorizon(RevocationHorizon.BOUND_TOKEN, RevocationHorizon.SOURCE_API_SERVER,
          in.completedAt().plus(TOKEN_CACHE_TTL).toString(), "the source ServiceAccount" + uid(plan)
              + " was deleted by " + at + ", which kills every bound token minted for it; " + cached + INFORMER_LAG));
      out.add(offlineBound(in));
    } else {
      String kept = "the source ServiceAccount is kept (spec.cutover.revoke.serviceAccount: Keep): ";
      out.add(new RevocationHorizon(RevocationHorizon.BOUND_TOKEN, RevocationHorizon.SOURCE_API_SERVER, null, kept
          + "its bound tokens still authenticate until they expire and new ones can be issued; only the permissions"
          + " granted to it by name were revoked"));
      out.add(new RevocationHorizon(RevocationHorizon.BOUND_TOKEN, RevocationHorizon.OFFLINE_VERIFIER, null, kept
          + "new tokens can still be issued for it, and a relying party that verifies offline accepts each until its"
          + " exp"));
    }
    boolean legacyExisted = plan != null && !plan.getLegacyTokenSecrets().isEmpty();
    if (legacyExisted || in.legacySecretsDeleted()) {
      String secrets = "legacy token Secrets";
      if (in.legacySecretsDeleted() || in.serviceAccountDeleted()) {
        String why = in.legacySecretsDeleted() ? "the identity's " + secrets + " were deleted by " + at
            : "the legacy token Secrets were kept, but the ServiceAccount they name was deleted by " + at
                + " and a legacy token authenticates only while both exist";
        out.add(new RevocationHorizon(RevocationHorizon.LEGACY_TOKEN, RevocationHorizon.SOURCE_API_SERVER,
            in.completedAt().plus(TOKEN_CACHE_TTL).toString(), why + "; " + cached + INFORMER_LAG));
      } else {
        out.add(new RevocationHorizon(RevocationHorizon.LEGACY_TOKEN, RevocationHorizon.SOURCE_API_SERVER, null,
            "the legacy token Secrets and the ServiceAccount are kept: their tokens still authenticate"));
      }
      out.add(new RevocationHorizon(RevocationHorizon.LEGACY_TOKEN, RevocationHorizon.OFFLINE_VERIFIER, null,
          "the identity had " + secrets + "; a legacy token carries no exp, so a relying party that verifies offline"
              + " accepts it until the source's service-account signing key is rotated (or it stops trusting the"
              + " source issuer)"));
    }
    return out;
  }

  /** The latest exp of a bound token of the old identity: the revocation plus the longest lifetime one could have. */
  private static RevocationHorizon offlineBound(Input in) {
    PlanStatus plan = in.plan();
    long longest = in.canaryLifetime().toSeconds();
    List<String> parts = new ArrayList<>();
    parts.add("Cutover's canary token on the source lives " + longest + " s");
    Long projected = plan == null ? null : plan.getLongestProjectedTokenSeconds();
    if (projected != null) {
      boolean extended = Boolean.TRUE.equals(plan.getProjectedTokenExtended());
      parts.add("the longest token projected into a Pod seen running as the identity at planning lives " + projected
          + " s" + (extended ? " (a " + ProjectedTokens.WARN_ONLY_SECONDS + " s projection, the kubelet's default,"
          + " which kube-apiserver extends to one year with --service-account-extend-token-expiration, on by default)"
          : ""));
      longest = Math.max(longest, projected);
    } else {
      parts.add("no Pod seen running as the identity at planning projected a token");
    }
    String basis = "no token of the identity can be issued after " + in.completedAt() + "; a relying party that"
        + " verifies offline accepts one until its exp, at most " + longest + " s later: " + String.join("; ", parts)
        + ". " + OTHER_CLIENTS;
    return new RevocationHorizon(RevocationHorizon.BOUND_TOKEN, RevocationHorizon.OFFLINE_VERIFIER,
        in.completedAt().plusSeconds(longest).toString(), basis);
  }

  private static String uid(PlanStatus plan) {
    return plan == null || plan.getSourceUid() == null ? "" : " (uid " + plan.getSourceUid() + ")";
  }

  /** The horizon of one verifier: the latest until of its credentials, empty when one of them is unbounded. */
  public static java.util.Optional<Instant> latest(List<RevocationHorizon> horizons, String verifier) {
    Instant latest = null;
    for (RevocationHorizon h : horizons) {
      if (!verifier.equals(h.verifier())) {
        continue;
      }
      if (h.until() == null) {
        return java.util.Optional.empty();
      }
      Instant until = Instant.parse(h.until());
      latest = latest == null || until.isAfter(latest) ? until : latest;
    }
    return java.util.Optional.ofNullable(latest);
  }
}
