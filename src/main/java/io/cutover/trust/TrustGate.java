package io.cutover.trust;

import io.cutover.api.v1alpha1.CheckResult;
import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.api.v1alpha1.TrustRebinding;
import io.cutover.cluster.ClusterPort;
import io.cutover.cluster.Token;
import io.cutover.cluster.TokenRequestSpec;
import io.cutover.plan.Identities;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trust gate between provisioning and the dual run. For every relying party of the plan that needs a change:
 * passed when the spec confirms it (a Git commit), or when its probe accepts a fresh target token. Implied parties
 * (from workload-identity annotations) that the spec does not declare cannot be confirmed and keep the gate closed.
 * In addition every audience a relying party expects gets a fresh target token verified offline against the target's
 * published JWKS, as the relying party itself will verify it.
 *
 * <p>The gate's tokens are bound to a Secret ({@link GateSecret}) that the caller deletes right after the evaluation,
 * so they stop authenticating with it, like the proof tokens; one token is minted per distinct audience list per
 * evaluation and shared by the offline check and every probe that expects that audience.
 */
public final class TrustGate {
  /** Lifetime of the tokens the gate mints for offline checks and probes: the TokenRequest minimum. */
  public static final long GATE_TOKEN_SECONDS = 600;

  private TrustGate() {}

  /** The Secret on the target the gate's tokens are bound to (TokenRequest's boundObjectRef: name and UID). */
  public record GateSecret(String name, String uid) {}

  /** The checks, one per relying party and one per audience verified offline; the gate is open when all pass. */
  public static List<CheckResult> evaluate(List<TrustRebinding> plan, List<RelyingParty> declared, ClusterPort target,
      RelyingPartyProbe probe, Identities ids, String targetIssuer, List<String> tokenAudiences, Instant now, GateSecret bound) {
    List<CheckResult> out = new ArrayList<>();
    Map<String, Token> tokens = new LinkedHashMap<>();
    String jwks = null;
    for (TrustRebinding r : plan) {
      List<String> audiences = r.audience() == null ? tokenAudiences : List.of(r.audience());
      String key = String.join(",", audiences);
      boolean fresh = !tokens.containsKey(key);
      Token token = tokens.computeIfAbsent(key, k -> mint(target, ids, audiences, bound));
      if (fresh) {
        jwks = jwks == null ? target.jwks() : jwks;
        var v = OfflineVerifier.verify(token, jwks, targetIssuer, ids.target().username(), audiences, now);
        out.add(new CheckResult("OfflineSignature" + (audiences.isEmpty() ? "" : ":" + key), v.valid(), v.message()));
      }
      out.add(check(r, declared, token, audiences, probe, target));
    }
    return out;
  }

  private static CheckResult check(TrustRebinding r, List<RelyingParty> declared, Token token, List<String> audiences,
      RelyingPartyProbe probe, ClusterPort target) {
    String name = "RelyingParty:" + r.name();
    if (!r.required()) {
      return new CheckResult(name, true, "issuer and subject unchanged; nothing to re-bind");
    }
    Optional<RelyingParty> party = declared.stream().filter(p -> p.getName().equals(r.name())).findFirst();
    if (party.isEmpty()) {
      return new CheckResult(name, false, r.kind() + " trust from " + r.origin() + " must change (" + r.change()
          + "); declare it in spec.trust.relyingParties (kind " + r.kind() + ") and confirm it");
    }
    RelyingParty p = party.get();
    if (p.getConfirmed() != null && p.getConfirmed().getCommit() != null) {
      return new CheckResult(name, true, "confirmed re-bound by commit " + p.getConfirmed().getCommit());
    }
    if (p.getProbeUrl() != null && !p.getProbeUrl().isBlank()) {
      String refused = replayable(audiences, token, target);
      if (refused != null) {
        return new CheckResult(name, false, "not probed: " + refused);
      }
      var result = probe.probe(p.getProbeUrl(), token);
      return new CheckResult(name, result.accepted(), result.message());
    }
    return new CheckResult(name, false, "not confirmed: " + r.change() + "; then set confirmed.commit, or give a probeUrl");
  }

  /**
   * Why the token must not be sent to a relying party, or null: a token without an audience of its own carries the
   * API server's, and one the target API server accepts (TokenReview with its own audiences) would let whoever runs
   * the probe endpoint act as the target identity on the target cluster.
   */
  private static String replayable(List<String> audiences, Token token, ClusterPort target) {
    if (audiences.isEmpty()) {
      return "the relying party has no audience of its own (set its audience, or spec.tokens.audiences); a token with"
          + " the API server's audience never leaves the cluster";
    }
    if (target.reviewToken(token, List.of()).authenticated()) {
      return "the target API server itself accepts a token for " + audiences + "; give the relying party an audience"
          + " the API server does not accept";
    }
    return null;
  }

  private static Token mint(ClusterPort target, Identities ids, List<String> audiences, GateSecret bound) {
    return target.requestToken(new TokenRequestSpec(ids.target().namespace(), ids.target().name(), audiences,
        GATE_TOKEN_SECONDS, bound.name(), bound.uid())).token();
  }

  /**
   * The source-issuer trusts still to remove after cutover: every re-binding that changed something, unless its
   * declared relying party confirms the removal.
   */
  public static List<String> orphaned(List<TrustRebinding> plan, List<RelyingParty> declared, Identities ids) {
    List<String> out = new ArrayList<>();
    for (TrustRebinding r : plan) {
      if (!r.required()) {
        continue;
      }
      Optional<RelyingParty> p = declared.stream().filter(d -> d.getName().equals(r.name())).findFirst();
      boolean removed = p.map(RelyingParty::getRemovalConfirmed).map(c -> c.getCommit() != null).orElse(false);
      if (!removed) {
        boolean byUid = RelyingParty.IdentityKey.ServiceAccountUid.name().equals(r.identityKey());
        out.add(r.name() + ": remove the trust in issuer " + r.oldIssuer() + " for " + ids.source().username()
            + (byUid && r.oldKey() != null ? " and what is keyed on the source UID " + r.oldKey() : "")
            + " (then set removalConfirmed.commit)");
      }
    }
    return out;
  }
}
