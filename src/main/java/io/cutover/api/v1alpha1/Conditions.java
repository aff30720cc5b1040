package io.cutover.api.v1alpha1;

/**
 * The one condition vocabulary: every condition type and reason (CamelCase, never empty), the trust features' too.
 * Only {@code io.cutover.status.StatusAggregator} writes conditions.
 */
public final class Conditions {
  private Conditions() {}

  /** The summary GitOps tools read. */
  public static final String READY = "Ready";
  /**
   * kstatus' "abnormal-true" condition (sigs.k8s.io/cli-utils kstatus, Flux): True while the operator is working
   * toward a final phase, waiting included (a deadline, an approval, a backoff after an error). Reason and message are
   * the turn's, as on Ready. Only the phase decides it (docs/concepts.md, "What kstatus, Flux and Argo CD read").
   */
  public static final String RECONCILING = "Reconciling";
  /**
   * kstatus' other "abnormal-true" condition: True when the migration makes no progress until a person acts (Failed,
   * RolledBack, or a plan waiting for spec.acceptLosses); its reason is Ready's.
   */
  public static final String STALLED = "Stalled";
  /** The plan is computed and acceptable. */
  public static final String PLANNED = "Planned";
  /** The target identity authenticates with the requested audiences and holds the source's permissions. */
  public static final String TARGET_PROVEN = "TargetProven";
  /** The old credentials are revoked. */
  public static final String REVOKED = "Revoked";
  /** The revocation is proven on the source. */
  public static final String VERIFIED = "Verified";
  /** Every relying party is confirmed to trust the target issuer and subject. */
  public static final String TRUST_REBOUND = "TrustRebound";
  /** After cutover: every relying party is confirmed to no longer trust the source issuer and subject. */
  public static final String OLD_TRUST_REMOVED = "OldTrustRemoved";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /** Reasons. */
  public static final class Reason {
    private Reason() {}
    public static final String PENDING = "Pending";
    public static final String PLANNING = "Planning";
    public static final String PLANNED = "Planned";
    public static final String DRY_RUN_PLANNED = "DryRunPlanned";
    public static final String PROVISIONING = "Provisioning";
    public static final String PROVEN = "Proven";
    public static final String DUAL_RUN = "DualRun";
    public static final String AWAITING_APPROVAL = "AwaitingApproval";
    public static final String CUTTING_OVER = "CuttingOver";
    public static final String REVOKED = "Revoked";
    public static final String VERIFYING = "Verifying";
    public static final String VERIFIED = "Verified";
    public static final String COMPLETED = "Completed";
    public static final String ROLLING_BACK = "RollingBack";
    public static final String ROLLED_BACK = "RolledBack";
    public static final String DEADLINE_ROLLBACK = "DeadlineRollback";
    public static final String DEADLINE_WITHOUT_APPROVAL = "DeadlineWithoutApproval";
    /** spec.rollback was set (kubectl cutover rollback) before cutover. */
    public static final String ROLLBACK_REQUESTED = "RollbackRequested";
    public static final String DELETED_BEFORE_CUTOVER = "DeletedBeforeCutover";
    public static final String SOURCE_SERVICE_ACCOUNT_NOT_FOUND = "SourceServiceAccountNotFound";
    public static final String TARGET_OWNED_BY_ANOTHER_MIGRATION = "TargetOwnedByAnotherMigration";
    public static final String TARGET_SERVICE_ACCOUNT_EXISTS = "TargetServiceAccountExists";
    public static final String TARGET_OBJECT_CONFLICT = "TargetObjectConflict";
    public static final String ESCALATION_DETECTED = "EscalationDetected";
    /** The migrator may not grant on the target what the mirrored RBAC grants (Kubernetes' escalation prevention). */
    public static final String MIGRATOR_LACKS_PERMISSION = "MigratorLacksPermission";
    public static final String RBAC_REQUIREMENT_NOT_MET = "RbacRequirementNotMet";
    /** Something of the source identity would not be on the target and spec.acceptLosses does not list it. */
    public static final String LOSSES_NOT_ACCEPTED = "LossesNotAccepted";
    public static final String INVALID_SPEC = "InvalidSpec";
    /** The operator's migration policy does not allow this migration's namespaces. */
    public static final String NOT_PERMITTED = "NotPermitted";
    public static final String TARGET_NOT_PROVEN = "TargetNotProven";
    public static final String VERIFICATION_FAILED = "VerificationFailed";
    /**
     * revoke.serviceAccount Keep: after cutover the kept source identity (with its groups) is still allowed a
     * permission the plan found granted to it by name (SubjectAccessReview on the source).
     */
    public static final String PERMISSIONS_REMAIN = "PermissionsRemain";
    public static final String KUBECONFIG_SECRET_NOT_FOUND = "KubeconfigSecretNotFound";
    public static final String KUBECONFIG_INVALID = "KubeconfigInvalid";
    /** The kubeconfig asks for something the operator never does: run an exec plugin, an auth provider, read files. */
    public static final String KUBECONFIG_REFUSED = "KubeconfigRefused";
    /**
     * The kubeconfig's connection is not safe for a migrator token: insecure-skip-tls-verify, a proxy-url, or plain
     * http to a server that is not a loopback address.
     */
    public static final String KUBECONFIG_INSECURE = "KubeconfigInsecure";
    /**
     * A cluster reached by issuer trust names a server the operator was not configured to reach that way (or the
     * operator has no issuer-trust configuration at all).
     */
    public static final String ISSUER_TRUST_NOT_ALLOWED = "IssuerTrustNotAllowed";
    public static final String CLUSTER_UNREACHABLE = "ClusterUnreachable";
    public static final String API_ERROR = "ApiError";
    public static final String RECONCILE_ERROR = "ReconcileError";

    // The trust features (docs/troubleshooting.md, "Trust beyond the cluster").
    public static final String REBOUND = "Rebound";
    public static final String TRUST_NOT_REBOUND = "TrustNotRebound";
    public static final String ORPHANED_TRUST = "OrphanedTrust";
    public static final String OLD_TRUST_REMOVED = "OldTrustRemoved";
    /** OldTrustRemoved=True when spec.trust names no relying party: the message states the revocation horizon. */
    public static final String NO_RELYING_PARTY = "NoRelyingParty";
    public static final String AWAITING_IDLE = "AwaitingIdle";
    public static final String CLUSTER_BOUND_SECRET = "ClusterBoundSecret";
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    /** A Secret of spec.secrets holds more than the size cap (SecretMoves.MAX_DATA_BYTES); it is never copied. */
    public static final String SECRET_TOO_LARGE = "SecretTooLarge";
    public static final String SECRET_CONFLICT = "SecretConflict";
    public static final String SECRET_DIGEST_MISMATCH = "SecretDigestMismatch";
  }
}
