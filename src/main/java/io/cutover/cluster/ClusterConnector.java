package io.cutover.cluster;

import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the {@link ClusterPort} for a source or target cluster from the kubeconfig Secret the migration names,
 * one client per Secret and resourceVersion: a rotated kubeconfig gets a new client, the old one is closed.
 * A cluster reference that is omitted means the operator's own (control) cluster.
 */
public class ClusterConnector implements AutoCloseable {
  /** Name used for the operator's own cluster when a migration omits {@code cluster}. */
  public static final String LOCAL = "local";
  static final int CONNECT_TIMEOUT_MS = 5_000;
  static final int REQUEST_TIMEOUT_MS = 15_000;
  static final int REQUEST_RETRIES = 3;
  static final int RETRY_INTERVAL_MS = 100;

  private final KubernetesClient control;
  private final ClusterPort local;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(String resourceVersion, KubernetesClient client, ClusterPort port) {}

  public ClusterConnector(KubernetesClient control) {
    this.control = control;
    this.local = new Fabric8ClusterPort(LOCAL, control);
  }

  /** The port for {@code ref}, read from Secrets in {@code namespace}. */
  public ClusterPort connect(String namespace, ClusterRef ref) {
    if (ref == null) {
      return local;
    }
    SecretKeyRef secretRef = ref.getKubeconfigSecretRef();
    String key = secretRef.getKey() == null ? SecretKeyRef.DEFAULT_KEY : secretRef.getKey();
    Secret secret;
    try {
      secret = control.secrets().inNamespace(namespace).withName(secretRef.getName()).get();
    } catch (KubernetesClientException e) {
      throw ApiErrors.translate("control", "get secret " + secretRef.getName(), e);
    }
    if (secret == null) {
      throw new ClusterAccessException("KubeconfigSecretNotFound",
          "Secret " + namespace + "/" + secretRef.getName() + " for cluster " + ref.getName() + " not found", true);
    }
    String cacheKey = namespace + "/" + secretRef.getName() + "/" + key;
    String version = secret.getMetadata().getResourceVersion();
    Cached cached = cache.get(cacheKey);
    if (cached != null && cached.resourceVersion().equals(version) && cached.port().clusterName().equals(ref.getName())) {
      return cached.port();
    }
    KubernetesClient client = buildClient(secret, key, namespace, ref.getName());
    Cached fresh = new Cached(version, client, new Fabric8ClusterPort(ref.getName(), client));
    Cached previous = cache.put(cacheKey, fresh);
    if (previous != null) {
      previous.client().close();
    }
    return fresh.port();
  }

  private static KubernetesClient buildClient(Secret secret, String key, String namespace, String clusterName) {
    String where = "Secret " + namespace + "/" + secret.getMetadata().getName() + " key " + key;
    String encoded = secret.getData() == null ? null : secret.getData().get(key);
    String plain = secret.getStringData() == null ? null : secret.getStringData().get(key);
    if (encoded == null && plain == null) {
      throw new ClusterAccessException("KubeconfigInvalid", where + " is missing (cluster " + clusterName + ")", true);
    }
    try {
      String kubeconfig = plain != null ? plain : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      Config config = Config.fromKubeconfig(kubeconfig);
      if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
        throw new IllegalArgumentException("no server");
      }
      applyClientPolicy(config);
      return new KubernetesClientBuilder().withConfig(config).withHttpClientBuilderConsumer(HttpTrace::install).build();
    } catch (RuntimeException e) {
      // The parser's message can quote the document; never pass it on.
      throw new ClusterAccessException("KubeconfigInvalid",
          where + " does not hold a usable kubeconfig (cluster " + clusterName + ")", true);
    }
  }

  /**
   * Timeouts and retries of a source or target client. A few quick client-side retries (fabric8 re-sends any request,
   * POST and DELETE included, after a 5xx, a 429 — waiting its {@code Retry-After} — or an IO error) keep a step
   * from failing on one lost answer: a step makes tens of calls, and at a 20% fault rate without them it would
   * almost never finish (0.8^30 is 0.1%). Every write is idempotent under such a repetition (see docs/design.md).
   * The retries are few and short so a reconcile thread is not held long: at most {@value #REQUEST_RETRIES} + 1
   * attempts, 100 ms apart doubling; the reconciler's own backoff, kept in status, covers longer outages.
   */
  static void applyClientPolicy(Config config) {
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    config.setRequestRetryBackoffInterval(RETRY_INTERVAL_MS);
    config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
    config.setRequestTimeout(REQUEST_TIMEOUT_MS);
  }

  @Override
  public void close() {
    cache.values().forEach(c -> c.client().close());
    cache.clear();
  }
}
