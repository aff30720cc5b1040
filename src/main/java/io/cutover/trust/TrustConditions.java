package io.cutover.trust;

/** Condition types and reasons of the trust features (CamelCase, never empty). Written through StatusEditor only. */
public final class TrustConditions {
  private TrustConditions() {}

  /** Every relying party is confirmed to trust the target issuer and subject. */
  public static final String TRUST_REBOUND = "TrustRebound";
  /** After cutover: every relying party is confirmed to no longer trust the source issuer and subject. */
  public static final String OLD_TRUST_REMOVED = "OldTrustRemoved";

  public static final String REASON_REBOUND = "Rebound";
  public static final String REASON_NO_RELYING_PARTIES = "NoRelyingParties";
  public static final String REASON_TRUST_NOT_REBOUND = "TrustNotRebound";
  public static final String REASON_ORPHANED_TRUST = "OrphanedTrust";
  public static final String REASON_OLD_TRUST_REMOVED = "OldTrustRemoved";
  public static final String REASON_AWAITING_IDLE = "AwaitingIdle";
  public static final String REASON_DEADLINE_WHILE_IN_USE = "DeadlineWhileInUse";
  public static final String REASON_CLUSTER_BOUND_SECRET = "ClusterBoundSecret";
  public static final String REASON_SECRET_NOT_FOUND = "SecretNotFound";
  public static final String REASON_SECRET_TOO_LARGE = "SecretTooLarge";
  public static final String REASON_SECRET_CONFLICT = "SecretConflict";
  public static final String REASON_SECRET_DIGEST_MISMATCH = "SecretDigestMismatch";
}
