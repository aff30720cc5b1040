package io.cutover.api.v1alpha1;

/**
 * The limits the CRD schema enforces, as constants, so the schema annotations and the operator's own validation
 * ({@code io.cutover.validate.SpecValidator}) are one set of rules. Kubernetes' own rules are cited per constant
 * (k8s.io/apimachinery/pkg/util/validation).
 */
public final class ApiRules {
  private ApiRules() {}

  /** IsDNS1123Label: namespaces (ValidateNamespaceName) and Cutover's cluster names. */
  public static final String DNS1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
  public static final int DNS1123_LABEL_MAX = 63;

  /** IsDNS1123Subdomain: ServiceAccount names (ValidateServiceAccountName) and Secret names (ValidateSecretName). */
  public static final String DNS1123_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  public static final int DNS1123_SUBDOMAIN_MAX = 253;

  /** IsConfigMapKey (also Secret data keys): at most 253 of [-._a-zA-Z0-9], not '.' or '..', not starting with '..'. */
  public static final String DATA_KEY = "^[-._a-zA-Z0-9]+$";
  public static final int DATA_KEY_MAX = 253;
  public static final String DATA_KEY_CEL = "self != '.' && !self.startsWith('..')";

  /** User and group names (spec.requester, spec.cutover.approvedBy): as long as Kubernetes lets them be in practice. */
  public static final int USER_NAME_MAX = 512;
  public static final int USER_GROUPS_MAX = 64;
  /** The length of each list of a MigrationPolicy. */
  public static final int POLICY_LIST_MAX = 256;

  /** Cluster name the operator uses for its own cluster; a named cluster may not take it. */
  public static final String RESERVED_CLUSTER_NAME = "local";
  public static final String CLUSTER_NAME_CEL = "self != 'local'";

  /**
   * A cluster reference names exactly one way to reach the cluster: a kubeconfig Secret, or the remote's trust in the
   * control cluster's service-account issuer.
   */
  public static final String ONE_CLUSTER_CREDENTIAL_CEL = "has(self.kubeconfigSecretRef) != has(self.issuerTrust)";

  /**
   * issuerTrust.server: https, a host and an optional port, nothing else (no user, path, query or fragment): the
   * token's audience is derived from host and port, so nothing else may distinguish two servers.
   */
  public static final String ISSUER_TRUST_SERVER = "^https://[^\\s/?#@]+/?$";
  public static final int ISSUER_TRUST_SERVER_MAX_LENGTH = 512;
  public static final String ISSUER_TRUST_SERVER_CEL = "isURL(self) && url(self).getHostname() != ''";
  /** issuerTrust.caBundle: PEM text; a few certificates fit easily. */
  public static final int CA_BUNDLE_MAX_LENGTH = 65536;
  /** The audience of the operator's own tokens for an issuerTrust server: this prefix, then HOST:PORT. */
  public static final String ISSUER_TRUST_AUDIENCE_PREFIX = "cutover.io/";

  /** Audiences: printable ASCII without spaces (URLs, identifiers), Cutover's own bounds on count and length. */
  public static final String AUDIENCE = "^[!-~]+$";
  public static final int AUDIENCE_MAX_LENGTH = 256;
  public static final int AUDIENCES_MAX_ITEMS = 16;
  public static final String AUDIENCES_UNIQUE_CEL = "self.all(a, self.exists_one(b, b == a))";

  /** TokenRequest (ValidateTokenRequest): at least 10 minutes, less than 2^32 seconds; Cutover's own maximum is lower. */
  public static final long EXPIRATION_MIN_SECONDS = 600;
  /**
   * Cutover's own maximum, below TokenRequest's: 48 h. A delivered token is renewed at 80% of its lifetime, so a
   * longer one buys nothing but a longer life for a leaked copy (a bound token outlives nothing it is bound to, but a
   * token without a Secret to bind to lives its whole lifetime).
   */
  public static final long EXPIRATION_MAX_SECONDS = 48 * 3600;

  /** The dual-run window: a Go-style duration of ms, s, m, h parts; 1s to 168h. */
  public static final String WINDOW = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
  public static final int WINDOW_MAX_LENGTH = 32;
  public static final String WINDOW_MIN = "1s";
  public static final String WINDOW_MAX = "168h";
  public static final String WINDOW_MIN_CEL = "duration(self) >= duration('1s')";
  public static final String WINDOW_MAX_CEL = "duration(self) <= duration('168h')";

  /**
   * spec.dualRun.notAfter: an RFC 3339 time ({@code format: date-time}, as kube-apiserver checks it); the longest such
   * time with nanoseconds and an offset has 35 characters.
   */
  public static final int NOT_AFTER_MAX_LENGTH = 64;

  /**
   * Source and target must differ in cluster, namespace or name (defaults applied as the operator applies them).
   * {@code namespace} is a CEL reserved word: Kubernetes exposes such a property as {@code __namespace__}; a rule that
   * says {@code self.source.namespace} is refused by kube-apiserver when the CRD is created (its cost cannot be
   * estimated), which only the real API server showed (RealCrdAdmissionTest).
   */
  public static final String DISTINCT_IDENTITY_CEL =
      "(has(self.source.cluster) ? self.source.cluster.name : 'local')"
          + " != (has(self.target.cluster) ? self.target.cluster.name : 'local')"
          + " || (has(self.target.__namespace__) ? self.target.__namespace__ : self.source.__namespace__)"
          + " != self.source.__namespace__"
          + " || (has(self.target.serviceAccount) ? self.target.serviceAccount : self.source.serviceAccount)"
          + " != self.source.serviceAccount";

  /** spec.trust.relyingParties: bounded so the unique-name CEL rule stays cheap; names are DNS-1123 subdomains. */
  public static final int RELYING_PARTIES_MAX_ITEMS = 32;
  public static final String RELYING_PARTY_NAMES_UNIQUE_CEL = "self.all(x, self.exists_one(y, y.name == x.name))";

  /**
   * A relying party's identityKey: only Vault (Kubernetes auth, alias_name_source) and OIDC can key on the
   * ServiceAccount's UID; AWS (the :sub condition), GCP (the pool member NS/NAME) and Azure (the federated credential's
   * subject) key on the subject and cannot be told otherwise (design entry 117).
   */
  public static final String IDENTITY_KEY_KIND_CEL = "!has(self.identityKey) || self.identityKey == 'Subject'"
      + " || self.kind == 'Vault' || self.kind == 'OIDC'";
  public static final String IDENTITY_KEY_KIND_MESSAGE =
      "identityKey ServiceAccountUid is for Vault and OIDC only: AWS, GCP and Azure key on the subject";

  /**
   * A relying party's probe URL: the operator POSTs a target token to it, so https only (what
   * io.cutover.trust.HttpRelyingPartyProbe sends to); no plain http, not even to a loopback address (design entry 87).
   * The pattern says https; the CEL rule says it again on the parsed URL and adds what the pattern cannot say: that
   * Kubernetes' URL library parses it, with a host (a rule that ran {@code matches} on the host would exceed the
   * CRD's cost budget, entry 65).
   */
  public static final String PROBE_URL = "^https://[^\\s]+$";
  public static final int PROBE_URL_MAX_LENGTH = 2048;
  public static final String PROBE_URL_CEL =
      "isURL(self) && url(self).getScheme() == 'https' && url(self).getHostname() != ''";

  /** A Git commit confirming a change: 7 to 64 lower-case hex characters (abbreviated SHA-1 up to full SHA-256). */
  public static final String COMMIT = "^[0-9a-f]{7,64}$";

  /**
   * spec.trust.annotations: cloud workload-identity annotations for the target ServiceAccount. Keys are qualified
   * names (ValidateAnnotations / IsQualifiedName) under one of the workload-identity prefixes Cutover carries; values
   * at most 1 KiB. The CEL rule checks the prefix and the name part's length with startsWith and size only (their
   * cost does not grow with the key's unbounded estimated length); the operator also checks the name part's
   * characters.
   */
  public static final java.util.List<String> WORKLOAD_IDENTITY_PREFIXES =
      java.util.List.of("eks.amazonaws.com/", "iam.gke.io/", "azure.workload.identity/");
  public static final int TRUST_ANNOTATIONS_MAX = 32;
  public static final int TRUST_ANNOTATION_VALUE_MAX = 1024;
  /** IsQualifiedName's name part: at most 63 of [-A-Za-z0-9_.], starting and ending alphanumeric. */
  public static final String QUALIFIED_NAME_PART = "^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$";
  public static final int QUALIFIED_NAME_PART_MAX = 63;
  public static final String TRUST_ANNOTATION_KEYS_CEL = "self.all(k,"
      + " (k.startsWith('eks.amazonaws.com/') && size(k) > 18 && size(k) <= 81)"
      + " || (k.startsWith('iam.gke.io/') && size(k) > 11 && size(k) <= 74)"
      + " || (k.startsWith('azure.workload.identity/') && size(k) > 24 && size(k) <= 87))";

  /**
   * spec.trust.annotations values are strings, never null. kube-apiserver prunes a null map value of a non-nullable
   * schema before validating, so {@code iam.gke.io/gcp-service-account:} with no value (YAML's null) would be stored
   * as no mapping at all and the source's value carried to the target unchanged. The value schema is therefore
   * nullable ({@code io.cutover.config.CrdManifest}: the generator cannot say so of a map's values), so the null
   * survives to this rule, which refuses it (CEL sees a null map value as {@code null_type}). The real API server
   * showed the pruning (RealCrdAdmissionTest).
   */
  public static final String TRUST_ANNOTATION_VALUES_CEL = "self.all(k, type(self[k]) == string)";

  /** spec.secrets: Secret names in the source namespace, unique, bounded. */
  public static final int SECRETS_MAX_ITEMS = 64;
  /** spec.acceptLosses: bounds that keep the CRD's validation cost small; an id is a loss's kind and what is lost. */
  public static final int ACCEPT_LOSSES_MAX_ITEMS = 256;
  public static final int ACCEPT_LOSS_MAX_LENGTH = 1024;
  public static final String SECRETS_UNIQUE_CEL = "self.all(a, self.exists_one(b, b == a))";
  /** A moved Secret must not take the name of the Secret the issued token is delivered in on the target. */
  public static final String SECRETS_NOT_TOKEN_SECRET_CEL = "!has(self.secrets) || !has(self.tokens)"
      + " || !has(self.tokens.secretName) || !(self.tokens.secretName in self.secrets)";

  /**
   * spec.cutover.revoke: at least one revocation is on. A spec that keeps the legacy token Secrets, the bindings and
   * the ServiceAccount would revoke nothing and still be verified. Absent fields count as their defaults (all on).
   */
  public static final String REVOCATION_ON_CEL = "(has(self.legacyTokenSecrets) ? self.legacyTokenSecrets : true)"
      + " || (has(self.bindings) ? self.bindings : true)"
      + " || (has(self.serviceAccount) ? self.serviceAccount : 'Delete') == 'Delete'";
  public static final String REVOCATION_ON_MESSAGE =
      "at least one revocation must be on: legacyTokenSecrets, bindings or serviceAccount: Delete";
}
