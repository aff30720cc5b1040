package io.cutover.validate;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.Confirmation;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.SourceSpec;
import io.cutover.api.v1alpha1.TargetSpec;
import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.api.v1alpha1.TokensSpec;
import io.cutover.api.v1alpha1.TrustSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's own check of a spec: every rule the CRD schema and its CEL rules state ({@link ApiRules}), applied
 * to what the operator reads. A CRD older than the operator, or an API server that does not enforce the schema,
 * must not let a malformed spec reach a cluster. Pure: never reads anything, never throws on any input.
 *
 * <p>Fields with a schema default may be absent or null (the API server prunes a null and applies the default, and
 * the operator reads them the same way); required fields may not.
 */
public final class SpecValidator {
  private static final Pattern LABEL = Pattern.compile(ApiRules.DNS1123_LABEL);
  private static final Pattern SUBDOMAIN = Pattern.compile(ApiRules.DNS1123_SUBDOMAIN);
  private static final Pattern DATA_KEY = Pattern.compile(ApiRules.DATA_KEY);
  private static final Pattern AUDIENCE = Pattern.compile(ApiRules.AUDIENCE);
  private static final Pattern WINDOW = Pattern.compile(ApiRules.WINDOW);
  private static final Pattern PROBE_URL = Pattern.compile(ApiRules.PROBE_URL);
  private static final Pattern COMMIT = Pattern.compile(ApiRules.COMMIT);
  private static final Pattern QUALIFIED_NAME_PART = Pattern.compile(ApiRules.QUALIFIED_NAME_PART);
  private static final BigDecimal WINDOW_MIN_MS = BigDecimal.valueOf(1_000);
  private static final BigDecimal WINDOW_MAX_MS = BigDecimal.valueOf(168L * 3_600_000);

  private SpecValidator() {}

  /** Every violation, in field order; empty when the spec is valid. */
  public static List<Violation> validate(ServiceAccountMigrationSpec spec) {
    List<Violation> out = new ArrayList<>();
    if (spec == null) {
      out.add(new Violation("spec", "is required"));
      return out;
    }
    SourceSpec source = spec.getSource();
    if (source == null) {
      out.add(new Violation("spec.source", "is required"));
    } else {
      cluster(out, "spec.source.cluster", source.getCluster());
      label(out, "spec.source.namespace", source.getNamespace(), true);
      subdomain(out, "spec.source.serviceAccount", source.getServiceAccount(), true);
    }
    TargetSpec target = spec.getTarget();
    if (target == null) {
      out.add(new Violation("spec.target", "is required"));
    } else {
      cluster(out, "spec.target.cluster", target.getCluster());
      label(out, "spec.target.namespace", target.getNamespace(), false);
      subdomain(out, "spec.target.serviceAccount", target.getServiceAccount(), false);
    }
    if (source != null && target != null && out.isEmpty()) {
      distinct(out, source, target);
    }
    tokens(out, spec.getTokens());
    dualRun(out, spec.getDualRun());
    trust(out, spec.getTrust());
    secrets(out, spec.getSecrets(), spec.getTokens());
    return out;
  }

  /** The first violation, or null: what a condition message names. */
  public static Violation first(ServiceAccountMigrationSpec spec) {
    List<Violation> all = validate(spec);
    return all.isEmpty() ? null : all.get(0);
  }

  /** A condition message: the first violation, and how many more there are. */
  public static String message(List<Violation> violations) {
    String head = violations.get(0).toString();
    return violations.size() == 1 ? head : head + " (and " + (violations.size() - 1) + " more)";
  }

  private static void cluster(List<Violation> out, String path, ClusterRef ref) {
    if (ref == null) {
      return; // omitted: the operator's own cluster
    }
    label(out, path + ".name", ref.getName(), true);
    if (ApiRules.RESERVED_CLUSTER_NAME.equals(ref.getName())) {
      out.add(new Violation(path + ".name", "'local' is reserved for the operator's own cluster"));
    }
    SecretKeyRef secret = ref.getKubeconfigSecretRef();
    if (secret == null) {
      out.add(new Violation(path + ".kubeconfigSecretRef", "is required"));
      return;
    }
    subdomain(out, path + ".kubeconfigSecretRef.name", secret.getName(), true);
    String key = secret.getKey();
    if (key != null) {
      if (key.isEmpty()) {
        out.add(new Violation(path + ".kubeconfigSecretRef.key", "must not be empty"));
      } else if (key.length() > ApiRules.DATA_KEY_MAX) {
        out.add(new Violation(path + ".kubeconfigSecretRef.key", tooLong(key, ApiRules.DATA_KEY_MAX)));
      } else if (!DATA_KEY.matcher(key).matches()) {
        out.add(new Violation(path + ".kubeconfigSecretRef.key", show(key)
            + " is not a valid Secret key (letters, digits, '-', '_' and '.')"));
      } else if (key.equals(".") || key.startsWith("..")) {
        out.add(new Violation(path + ".kubeconfigSecretRef.key", "must not be '.' or start with '..'"));
      }
    }
  }

  /** Source and target must differ in cluster, namespace or name; a cluster name stands for one kubeconfig. */
  private static void distinct(List<Violation> out, SourceSpec source, TargetSpec target) {
    ClusterRef sc = source.getCluster();
    ClusterRef tc = target.getCluster();
    String sourceCluster = sc == null ? ApiRules.RESERVED_CLUSTER_NAME : sc.getName();
    String targetCluster = tc == null ? ApiRules.RESERVED_CLUSTER_NAME : tc.getName();
    if (sc != null && tc != null) {
      boolean sameName = sc.getName().equals(tc.getName());
      boolean sameSecret = sc.getKubeconfigSecretRef().getName().equals(tc.getKubeconfigSecretRef().getName())
          && key(sc).equals(key(tc));
      if (sameName && !sameSecret) {
        out.add(new Violation("spec.target.cluster.name", "names cluster " + sc.getName()
            + " like spec.source.cluster.name but with another kubeconfig Secret; one name, one cluster"));
        return;
      }
      if (sameSecret && !sameName) {
        out.add(new Violation("spec.target.cluster.name", "differs from spec.source.cluster.name but both read the"
            + " same kubeconfig Secret key: that is one cluster under two names"));
        return;
      }
    }
    String targetNs = target.getNamespace() == null ? source.getNamespace() : target.getNamespace();
    String targetName = target.getServiceAccount() == null ? source.getServiceAccount() : target.getServiceAccount();
    if (sourceCluster.equals(targetCluster) && source.getNamespace().equals(targetNs)
        && source.getServiceAccount().equals(targetName)) {
      out.add(new Violation("spec.target", "names the same ServiceAccount in the same cluster as spec.source"));
    }
  }

  private static String key(ClusterRef ref) {
    String key = ref.getKubeconfigSecretRef().getKey();
    return key == null ? SecretKeyRef.DEFAULT_KEY : key;
  }

  private static void tokens(List<Violation> out, TokensSpec tokens) {
    if (tokens == null) {
      return; // all defaults
    }
    List<String> audiences = tokens.getAudiences();
    if (audiences != null) {
      if (audiences.size() > ApiRules.AUDIENCES_MAX_ITEMS) {
        out.add(new Violation("spec.tokens.audiences", "has " + audiences.size() + " items; at most "
            + ApiRules.AUDIENCES_MAX_ITEMS + " are allowed"));
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < audiences.size(); i++) {
        String a = audiences.get(i);
        String path = "spec.tokens.audiences[" + i + "]";
        if (a == null || a.isEmpty()) {
          out.add(new Violation(path, "must not be empty"));
        } else if (a.length() > ApiRules.AUDIENCE_MAX_LENGTH) {
          out.add(new Violation(path, tooLong(a, ApiRules.AUDIENCE_MAX_LENGTH)));
        } else if (!AUDIENCE.matcher(a).matches()) {
          out.add(new Violation(path, show(a) + " must be printable ASCII without spaces"));
        } else if (!seen.add(a)) {
          out.add(new Violation(path, show(a) + " is listed twice; audiences must be unique"));
        }
      }
    }
    Long seconds = tokens.getExpirationSeconds();
    if (seconds != null) {
      if (seconds < ApiRules.EXPIRATION_MIN_SECONDS) {
        out.add(new Violation("spec.tokens.expirationSeconds", "is " + seconds + "; must be at least "
            + ApiRules.EXPIRATION_MIN_SECONDS + " (TokenRequest's minimum)"));
      } else if (seconds > ApiRules.EXPIRATION_MAX_SECONDS) {
        out.add(new Violation("spec.tokens.expirationSeconds", "is " + seconds + "; must be at most "
            + ApiRules.EXPIRATION_MAX_SECONDS + " (48 h)"));
      }
    }
    subdomain(out, "spec.tokens.secretName", tokens.getSecretName(), false);
  }

  private static void dualRun(List<Violation> out, DualRunSpec dualRun) {
    String window = dualRun == null ? null : dualRun.getWindow();
    if (window == null) {
      return; // the default window
    }
    String path = "spec.dualRun.window";
    if (window.length() > ApiRules.WINDOW_MAX_LENGTH) {
      out.add(new Violation(path, tooLong(window, ApiRules.WINDOW_MAX_LENGTH)));
      return;
    }
    if (!WINDOW.matcher(window).matches()) {
      out.add(new Violation(path, show(window) + " is not a duration such as 90s, 15m or 1h30m"));
      return;
    }
    BigDecimal millis = Durations.millis(window);
    if (millis.compareTo(WINDOW_MIN_MS) < 0) {
      out.add(new Violation(path, show(window) + " is shorter than " + ApiRules.WINDOW_MIN));
    } else if (millis.compareTo(WINDOW_MAX_MS) > 0) {
      out.add(new Violation(path, show(window) + " is longer than " + ApiRules.WINDOW_MAX));
    }
  }

  private static void trust(List<Violation> out, TrustSpec trust) {
    if (trust == null) {
      return; // the default: no relying parties, no annotations
    }
    List<RelyingParty> parties = trust.getRelyingParties();
    if (parties != null) {
      if (parties.size() > ApiRules.RELYING_PARTIES_MAX_ITEMS) {
        out.add(new Violation("spec.trust.relyingParties", "has " + parties.size() + " items; at most "
            + ApiRules.RELYING_PARTIES_MAX_ITEMS + " are allowed"));
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < parties.size(); i++) {
        String path = "spec.trust.relyingParties[" + i + "]";
        RelyingParty p = parties.get(i);
        if (p == null) {
          out.add(new Violation(path, "must not be null"));
          continue;
        }
        int before = out.size();
        subdomain(out, path + ".name", p.getName(), true);
        if (out.size() == before && !names.add(p.getName())) {
          out.add(new Violation(path + ".name", show(p.getName()) + " is listed twice; relying party names must be unique"));
        }
        if (p.getKind() == null) {
          out.add(new Violation(path + ".kind", "is required (one of Vault, AWS, GCP, Azure, OIDC)"));
        }
        String audience = p.getAudience();
        if (audience != null) {
          if (audience.isEmpty()) {
            out.add(new Violation(path + ".audience", "must not be empty (omit it for the kind's usual audience)"));
          } else if (audience.length() > ApiRules.AUDIENCE_MAX_LENGTH) {
            out.add(new Violation(path + ".audience", tooLong(audience, ApiRules.AUDIENCE_MAX_LENGTH)));
          } else if (!AUDIENCE.matcher(audience).matches()) {
            out.add(new Violation(path + ".audience", show(audience) + " must be printable ASCII without spaces"));
          }
        }
        probeUrl(out, path + ".probeUrl", p.getProbeUrl());
        confirmation(out, path + ".confirmed", p.getConfirmed());
        confirmation(out, path + ".removalConfirmed", p.getRemovalConfirmed());
      }
    }
    Map<String, String> annotations = trust.getAnnotations();
    if (annotations != null) {
      if (annotations.size() > ApiRules.TRUST_ANNOTATIONS_MAX) {
        out.add(new Violation("spec.trust.annotations", "has " + annotations.size() + " entries; at most "
            + ApiRules.TRUST_ANNOTATIONS_MAX + " are allowed"));
      }
      for (Map.Entry<String, String> e : annotations.entrySet()) {
        annotation(out, e.getKey(), e.getValue());
      }
    }
  }

  /** https, or http on a literal loopback address: the only URLs the trust probe sends a token to. */
  private static void probeUrl(List<Violation> out, String path, String url) {
    if (url == null) {
      return;
    }
    if (url.length() > ApiRules.PROBE_URL_MAX_LENGTH) {
      out.add(new Violation(path, tooLong(url, ApiRules.PROBE_URL_MAX_LENGTH)));
      return;
    }
    if (!PROBE_URL.matcher(url).matches()) {
      out.add(new Violation(path, show(url) + " is not an https URL, nor an http URL on a loopback address"
          + " (localhost, 127.x.y.z, [::1])"));
      return;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      out.add(new Violation(path, show(url) + " is not a URL"));
      return;
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      out.add(new Violation(path, show(url) + " has no host"));
    } else if (!ProbeUrls.permitted(uri)) {
      out.add(new Violation(path, "must be https, or http on a loopback address (localhost, 127.x.y.z, [::1]):"
          + " the probe sends a target token to it"));
    }
  }

  private static void confirmation(List<Violation> out, String path, Confirmation c) {
    if (c == null) {
      return;
    }
    String commit = c.getCommit();
    if (commit == null) {
      out.add(new Violation(path + ".commit", "is required"));
    } else if (!COMMIT.matcher(commit).matches()) {
      out.add(new Violation(path + ".commit", show(commit) + " is not a Git commit (7 to 64 lower-case hex characters)"));
    }
  }

  private static void annotation(List<Violation> out, String key, String value) {
    String path = "spec.trust.annotations";
    if (key == null) {
      out.add(new Violation(path, "has a null key"));
      return;
    }
    String prefix = ApiRules.WORKLOAD_IDENTITY_PREFIXES.stream().filter(key::startsWith).findFirst().orElse(null);
    if (prefix == null) {
      out.add(new Violation(path, "key " + show(key) + " is not a workload-identity annotation (prefix "
          + String.join(", ", ApiRules.WORKLOAD_IDENTITY_PREFIXES) + ")"));
      return;
    }
    String name = key.substring(prefix.length());
    if (name.isEmpty() || name.length() > ApiRules.QUALIFIED_NAME_PART_MAX) {
      out.add(new Violation(path, "key " + show(key) + ": the name after the prefix must be 1 to "
          + ApiRules.QUALIFIED_NAME_PART_MAX + " characters"));
    } else if (!QUALIFIED_NAME_PART.matcher(name).matches()) {
      out.add(new Violation(path, "key " + show(key) + " is not a qualified name (letters, digits, '-', '_' and '.',"
          + " starting and ending with a letter or digit)"));
    } else if (value == null) {
      out.add(new Violation(path + "[" + key + "]", "must not be null"));
    } else if (value.length() > ApiRules.TRUST_ANNOTATION_VALUE_MAX) {
      out.add(new Violation(path + "[" + key + "]", tooLong(value, ApiRules.TRUST_ANNOTATION_VALUE_MAX)));
    }
  }

  private static void secrets(List<Violation> out, List<String> secrets, TokensSpec tokens) {
    if (secrets == null) {
      return;
    }
    if (secrets.size() > ApiRules.SECRETS_MAX_ITEMS) {
      out.add(new Violation("spec.secrets", "has " + secrets.size() + " items; at most "
          + ApiRules.SECRETS_MAX_ITEMS + " are allowed"));
    }
    String tokenSecret = tokens == null ? null : tokens.getSecretName();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < secrets.size(); i++) {
      String path = "spec.secrets[" + i + "]";
      String name = secrets.get(i);
      int before = out.size();
      subdomain(out, path, name, true);
      if (out.size() != before) {
        continue;
      }
      if (!seen.add(name)) {
        out.add(new Violation(path, show(name) + " is listed twice; secrets must be unique"));
      } else if (name.equals(tokenSecret)) {
        out.add(new Violation(path, show(name) + " is spec.tokens.secretName, the Secret the issued token is"
            + " delivered in on the target; a moved Secret cannot take its name"));
      }
    }
  }

  private static void label(List<Violation> out, String path, String value, boolean required) {
    name(out, path, value, required, LABEL, ApiRules.DNS1123_LABEL_MAX,
        "a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)");
  }

  private static void subdomain(List<Violation> out, String path, String value, boolean required) {
    name(out, path, value, required, SUBDOMAIN, ApiRules.DNS1123_SUBDOMAIN_MAX,
        "a DNS-1123 subdomain (dot-separated lower-case labels of letters, digits and '-')");
  }

  private static void name(List<Violation> out, String path, String value, boolean required, Pattern pattern,
      int max, String what) {
    if (value == null) {
      if (required) {
        out.add(new Violation(path, "is required"));
      }
      return;
    }
    if (value.isEmpty()) {
      out.add(new Violation(path, "must not be empty"));
    } else if (value.length() > max) {
      out.add(new Violation(path, tooLong(value, max)));
    } else if (!pattern.matcher(value).matches()) {
      out.add(new Violation(path, show(value) + " is not " + what));
    }
  }

  private static String tooLong(String value, int max) {
    return "is " + value.length() + " characters long; at most " + max + " are allowed";
  }

  /** A value quoted for a message only when short and plain; anything else is described, never echoed. */
  static String show(String value) {
    if (value.length() <= 64 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return "'" + value + "'";
    }
    return "the value (" + value.length() + " characters, not plain ASCII or too long to quote)";
  }
}
