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

  /** Cluster name the operator uses for its own cluster; a named cluster may not take it. */
  public static final String RESERVED_CLUSTER_NAME = "local";
  public static final String CLUSTER_NAME_CEL = "self != 'local'";

  /** Audiences: printable ASCII without spaces (URLs, identifiers), Cutover's own bounds on count and length. */
  public static final String AUDIENCE = "^[!-~]+$";
  public static final int AUDIENCE_MAX_LENGTH = 256;
  public static final int AUDIENCES_MAX_ITEMS = 16;
  public static final String AUDIENCES_UNIQUE_CEL = "self.all(a, self.exists_one(b, b == a))";

  /** TokenRequest (ValidateTokenRequest): at least 10 minutes, less than 2^32 seconds. */
  public static final long EXPIRATION_MIN_SECONDS = 600;
  public static final double EXPIRATION_MAX_EXCLUSIVE = 4294967296.0;

  /** The dual-run window: a Go-style duration of ms, s, m, h parts; 1s to 168h. */
  public static final String WINDOW = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";
  public static final int WINDOW_MAX_LENGTH = 32;
  public static final String WINDOW_MIN = "1s";
  public static final String WINDOW_MAX = "168h";
  public static final String WINDOW_MIN_CEL = "duration(self) >= duration('1s')";
  public static final String WINDOW_MAX_CEL = "duration(self) <= duration('168h')";

  /** Source and target must differ in cluster, namespace or name (defaults applied as the operator applies them). */
  public static final String DISTINCT_IDENTITY_CEL =
      "(has(self.source.cluster) ? self.source.cluster.name : 'local')"
          + " != (has(self.target.cluster) ? self.target.cluster.name : 'local')"
          + " || (has(self.target.namespace) ? self.target.namespace : self.source.namespace) != self.source.namespace"
          + " || (has(self.target.serviceAccount) ? self.target.serviceAccount : self.source.serviceAccount)"
          + " != self.source.serviceAccount";
}
