package io.cutover.validate;

import static io.cutover.validate.FieldChecks.label;
import static io.cutover.validate.FieldChecks.show;
import static io.cutover.validate.FieldChecks.subdomain;
import static io.cutover.validate.FieldChecks.tooLong;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.IssuerTrust;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.api.v1alpha1.SourceSpec;
import io.cutover.api.v1alpha1.TargetSpec;
import io.cutover.cluster.CaBundles;
import io.cutover.cluster.IssuerTrustServer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code spec.source} and {@code spec.target}: the two ends of the move, each a cluster reference, a namespace and a
 * ServiceAccount, and that they name two different identities.
 */
final class EndpointChecks {
  private static final Pattern DATA_KEY = Pattern.compile(ApiRules.DATA_KEY);

  private EndpointChecks() {}

  static void check(List<Violation> out, SourceSpec source, TargetSpec target) {
    int before = out.size();
    if (source == null) {
      out.add(new Violation("spec.source", "is required"));
    } else {
      end(out, "spec.source", source.getCluster(), source.getNamespace(), source.getServiceAccount(), true);
    }
    if (target == null) {
      out.add(new Violation("spec.target", "is required"));
    } else {
      // the target's namespace and name default to the source's
      end(out, "spec.target", target.getCluster(), target.getNamespace(), target.getServiceAccount(), false);
    }
    if (source != null && target != null && out.size() == before) {
      distinct(out, source, target);
    }
  }

  private static void end(List<Violation> out, String path, ClusterRef cluster, String namespace,
      String serviceAccount, boolean required) {
    cluster(out, path + ".cluster", cluster);
    label(out, path + ".namespace", namespace, required);
    subdomain(out, path + ".serviceAccount", serviceAccount, required);
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
    IssuerTrust trust = ref.getIssuerTrust();
    if (secret == null && trust == null) {
      out.add(new Violation(path, "needs exactly one of kubeconfigSecretRef and issuerTrust; neither is set"));
      return;
    }
    if (secret != null && trust != null) {
      out.add(new Violation(path, "needs exactly one of kubeconfigSecretRef and issuerTrust; both are set"));
      return;
    }
    if (trust != null) {
      issuerTrust(out, path + ".issuerTrust", trust);
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

  /** The server is https://HOST[:PORT] and nothing else; a CA bundle, when set, is PEM certificates. */
  private static void issuerTrust(List<Violation> out, String path, IssuerTrust trust) {
    String server = trust.getServer();
    if (server == null) {
      out.add(new Violation(path + ".server", "is required"));
    } else if (server.length() > ApiRules.ISSUER_TRUST_SERVER_MAX_LENGTH) {
      out.add(new Violation(path + ".server", tooLong(server, ApiRules.ISSUER_TRUST_SERVER_MAX_LENGTH)));
    } else if (IssuerTrustServer.parse(server).isEmpty()) {
      out.add(new Violation(path + ".server", show(server)
          + " is not https://HOST[:PORT] (no user, path, query or fragment)"));
    }
    String ca = trust.getCaBundle();
    if (ca != null) {
      if (ca.length() > ApiRules.CA_BUNDLE_MAX_LENGTH) {
        out.add(new Violation(path + ".caBundle", tooLong(ca, ApiRules.CA_BUNDLE_MAX_LENGTH)));
      } else if (!CaBundles.readable(ca)) {
        out.add(new Violation(path + ".caBundle", "is not one or more PEM certificates"));
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
      boolean sameWay = way(sc).equals(way(tc));
      if (sameName && !sameWay) {
        out.add(new Violation("spec.target.cluster.name", "names cluster " + sc.getName()
            + " like spec.source.cluster.name but with another " + (sc.getIssuerTrust() == null
                && tc.getIssuerTrust() == null ? "kubeconfig Secret" : "kubeconfig Secret or issuerTrust server")
            + "; one name, one cluster"));
        return;
      }
      if (sameWay && !sameName) {
        out.add(new Violation("spec.target.cluster.name", "differs from spec.source.cluster.name but both "
            + (sc.getIssuerTrust() == null ? "read the same kubeconfig Secret key" : "name the same issuerTrust server")
            + ": that is one cluster under two names"));
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

  /** How a reference reaches its cluster: one Secret key, or one issuerTrust server (HOST:PORT). */
  private static String way(ClusterRef ref) {
    if (ref.getIssuerTrust() != null) {
      return IssuerTrustServer.parse(ref.getIssuerTrust().getServer()).map(s -> "server " + s.url())
          .orElse("server " + ref.getIssuerTrust().getServer());
    }
    String key = ref.getKubeconfigSecretRef().getKey();
    return "secret " + ref.getKubeconfigSecretRef().getName() + "/" + (key == null ? SecretKeyRef.DEFAULT_KEY : key);
  }
}
