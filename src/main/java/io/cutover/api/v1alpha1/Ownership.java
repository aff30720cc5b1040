package io.cutover.api.v1alpha1;

/** Labels and annotations that mark what a migration created, and where it came from (invariant 4, provenance). */
public final class Ownership {
  private Ownership() {}

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "cutover";
  /** Label on every object a migration creates: the migration's UID. Rollback deletes exactly these. */
  public static final String MIGRATION_UID_LABEL = "cutover.io/migration-uid";
  /** Annotation: namespace/name of the migration in the control cluster. */
  public static final String MIGRATION_ANNOTATION = "cutover.io/migration";
  /** On a namespace Cutover created: the UID of the migration that created it (an annotation, not an ownership label). */
  public static final String CREATED_BY_MIGRATION_UID_ANNOTATION = "cutover.io/created-by-migration-uid";
  public static final String SOURCE_CLUSTER_ANNOTATION = "cutover.io/source-cluster";
  public static final String SOURCE_NAMESPACE_ANNOTATION = "cutover.io/source-namespace";
  public static final String SOURCE_NAME_ANNOTATION = "cutover.io/source-name";
  public static final String SOURCE_KIND_ANNOTATION = "cutover.io/source-kind";
  public static final String SOURCE_UID_ANNOTATION = "cutover.io/source-uid";
  public static final String CREATED_AT_ANNOTATION = "cutover.io/created-at";
  /** The kubelet-independent legacy token Secret type. */
  public static final String LEGACY_TOKEN_TYPE = "kubernetes.io/service-account-token";
  public static final String SA_NAME_ANNOTATION = "kubernetes.io/service-account.name";
  public static final String LEGACY_LAST_USED_LABEL = "kubernetes.io/legacy-token-last-used";
  public static final String LEGACY_INVALID_SINCE_LABEL = "kubernetes.io/legacy-token-invalid-since";
  public static final String BOOTSTRAPPING_LABEL = "kubernetes.io/bootstrapping";
  public static final String BOOTSTRAPPING_DEFAULTS = "rbac-defaults";
  /** On a Secret Cutover writes a token into: when that token was issued and when it expires (never the token). */
  public static final String TOKEN_ISSUED_AT_ANNOTATION = "cutover.io/token-issued-at";
  public static final String TOKEN_EXPIRES_AT_ANNOTATION = "cutover.io/token-expires-at";
  /** The key under which a delivered or canary token is written into its Secret. */
  public static final String TOKEN_KEY = "token";
}
