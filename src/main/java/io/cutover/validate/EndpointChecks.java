package io.cutover.validate;

import static io.cutover.validate.FieldChecks.label;
import static io.cutover.validate.FieldChecks.show;
import static io.cutover.validate.FieldChecks.subdomain;
import static io.cutover.validate.FieldChecks.tooLong;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.cutover.api.v1alpha1.SourceSpec;
import io.cutover.api.v1alpha1.TargetSpec;
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
}
