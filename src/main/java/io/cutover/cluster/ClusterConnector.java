package io.cutover.cluster;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.ClusterRef;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.IssuerTrust;
import io.cutover.api.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import io.cutover.api.v1alpha1.Conditions;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.function.Function;
import java.util.function.Supplier;
import java.time.Clock;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.fabric8.kubernetes.client.http.Interceptor;

/**
 * Builds the {@link ClusterPort} for a source or target cluster from the kubeconfig Secret the migration names,
 * one client per Secret, cluster name and resourceVersion: a rotated kubeconfig gets a new client, the old one is closed.
 * A cluster reference that is omitted means the operator's own (control) cluster. A reference with {@code issuerTrust}
 * holds no credential at all: its client sends the operator's own short-lived token ({@link OwnTokenProvider}).
 */
public class ClusterConnector implements AutoCloseable {
  /** Name used for the operator's own cluster when a migration omits {@code cluster}. */
  public static final String LOCAL = ApiRules.RESERVED_CLUSTER_NAME;
  static final int CONNECT_TIMEOUT_MS = 5_000;
  static final int REQUEST_TIMEOUT_MS = 15_000;
  static final int REQUEST_RETRIES = 3;
  static final int RETRY_INTERVAL_MS = 100;
  static final String INTERCEPTOR = "cutover-instrumentation";

  private static final KubernetesSerialization KUBECONFIG_READER = new KubernetesSerialization();
  private final KubernetesClient control;
  private final Fabric8ClusterPort local;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  /** Per kubeconfig Secret its informer; empty for a Secret that cannot be watched (read with a GET each time). */
  private final Map<String, Optional<SharedIndexInformer<Secret>>> secretInformers = new ConcurrentHashMap<>();
  static final long INFORMER_SYNC_SECONDS = 10;
  private static final Logger log = LoggerFactory.getLogger(ClusterConnector.class);
  /** An interceptor for the clients built for a cluster role (source, target), e.g. to count API requests; or null. */
  private final Function<String, Interceptor> interceptors;

  private final AtomicInteger builds = new AtomicInteger();
  /** Lifetime asked for the operator's own tokens for issuer-trust remotes: TokenRequest's minimum, 10 minutes. */
  static final long OWN_TOKEN_SECONDS = ApiRules.EXPIRATION_MIN_SECONDS;
  private final Clock clock;
  private final IssuerTrustAccess issuerTrust;

  private record Cached(String resourceVersion, KubernetesClient client, Fabric8ClusterPort port) {}

  public ClusterConnector(KubernetesClient control) {
    this(control, null);
  }

  /** {@code interceptors}: given the cluster role ("source" or "target"), the interceptor its clients get. */
  public ClusterConnector(KubernetesClient control, Function<String, Interceptor> interceptors) {
    this(control, interceptors, Clock.systemUTC(), IssuerTrustAccess.none());
  }

  /**
   * {@code clock} times the renewal of the operator's own tokens for remotes that trust the control cluster's issuer;
   * {@code issuerTrust} says which such remotes it may reach and as which ServiceAccount.
   */
  public ClusterConnector(KubernetesClient control, Function<String, Interceptor> interceptors, Clock clock,
      IssuerTrustAccess issuerTrust) {
    this.control = control;
    this.local = new Fabric8ClusterPort(LOCAL, control);
    this.interceptors = interceptors;
    this.clock = clock;
    this.issuerTrust = issuerTrust;
  }

  /** The port for {@code ref}, read from Secrets in {@code namespace}. */
  public ClusterPort connect(String namespace, ClusterRef ref) {
    return connect(namespace, ref, "remote");
  }

  /**
   * The port for {@code ref} in the role {@code role} (source or target: a client per role, so API requests are
   * counted by role even when both name one kubeconfig). An omitted ref is the control cluster's own client.
   */
  public ClusterPort connect(String namespace, ClusterRef ref, String role) {
    if (ref == null) {
      return local;
    }
    if (ref.getIssuerTrust() != null) {
      return connectByIssuerTrust(ref, role);
    }
    SecretKeyRef secretRef = ref.getKubeconfigSecretRef();
    String key = secretRef.getKey() == null ? SecretKeyRef.DEFAULT_KEY : secretRef.getKey();
    Secret secret = kubeconfigSecret(namespace, secretRef.getName());
    if (secret == null) {
      throw new ClusterAccessException("KubeconfigSecretNotFound",
          "Secret " + namespace + "/" + secretRef.getName() + " for cluster " + ref.getName() + " not found", true);
    }
    // The cluster name is part of the key: two migrations naming one Secret under different cluster names each keep
    // their own client (the port carries the name into status and metrics), rather than rebuilding each other's.
    String cacheKey = role + ":" + namespace + "/" + secretRef.getName() + "/" + key + "@" + ref.getName();
    String version = secret.getMetadata().getResourceVersion();
    // Atomic per key: migrations reconciled in parallel that name the same Secret share one client; building one
    // each and closing the one replaced would close a client another reconcile is using.
    return cached(cacheKey, version, ref.getName(), () -> buildClient(secret, key, namespace, ref.getName(),
        interceptors == null ? null : interceptors.apply(role)));
  }

  /** The cached port under {@code cacheKey} while its version holds; otherwise a new one, the old one closed. */
  private ClusterPort cached(String cacheKey, String version, String clusterName, Supplier<KubernetesClient> build) {
    Cached[] replaced = new Cached[1];
    Cached current = cache.compute(cacheKey, (k, cached) -> {
      if (cached != null && cached.resourceVersion().equals(version)) {
        return cached;
      }
      replaced[0] = cached;
      builds.incrementAndGet();
      KubernetesClient client = build.get();
      return new Cached(version, client, new Fabric8ClusterPort(clusterName, client));
    });
    if (replaced[0] != null) {
      replaced[0].port().close();
      replaced[0].client().close();
    }
    return current.port();
  }

  /**
   * A remote that trusts the control cluster's service-account issuer: only a server the operator was configured to
   * reach this way, with a client that sends the operator's own short-lived token for that server's audience. One
   * client per role, server and cluster name, rebuilt when the CA bundle changes.
   */
  private ClusterPort connectByIssuerTrust(ClusterRef ref, String role) {
    IssuerTrust spec = ref.getIssuerTrust();
    IssuerTrustServer server = IssuerTrustServer.parse(spec.getServer()).orElseThrow(() -> new ClusterAccessException(
        Conditions.Reason.ISSUER_TRUST_NOT_ALLOWED, "cluster " + ref.getName() + ": issuerTrust.server is not"
            + " https://HOST[:PORT]", false));
    if (!issuerTrust.configured() || !issuerTrust.servers().contains(server.url())) {
      throw new ClusterAccessException(Conditions.Reason.ISSUER_TRUST_NOT_ALLOWED, "cluster " + ref.getName()
          + ": the operator is not configured to reach " + server.url() + " by issuer trust (--issuer-trust-server,"
          + " the chart's issuerTrust.servers)", false);
    }
    String ca = spec.getCaBundle();
    if (ca != null && !CaBundles.readable(ca)) {
      throw new ClusterAccessException(Conditions.Reason.ISSUER_TRUST_NOT_ALLOWED, "cluster " + ref.getName()
          + ": issuerTrust.caBundle is not one or more PEM certificates", false);
    }
    String cacheKey = role + ":issuer-trust:" + server.url() + "@" + ref.getName();
    return cached(cacheKey, "ca:" + (ca == null ? "" : ca), ref.getName(),
        () -> issuerTrustClient(server.url(), ca, ownTokens(server), interceptors == null ? null : interceptors.apply(role)));
  }

  /**
   * The operator's own tokens for {@code server}: TokenRequest on the control cluster for its ServiceAccount, with
   * the server's audience only and TokenRequest's minimum lifetime.
   */
  OwnTokenProvider ownTokens(IssuerTrustServer server) {
    Fabric8TokenIssuer issuer = new Fabric8TokenIssuer(new Fabric8Session("control", control, false));
    TokenRequestSpec request = new TokenRequestSpec(issuerTrust.namespace(), issuerTrust.serviceAccount(),
        List.of(server.audience()), OWN_TOKEN_SECONDS, null, null);
    return new OwnTokenProvider(() -> issuer.requestToken(request), clock);
  }

  /** A client for {@code url} that authenticates with {@code tokens} only: no kubeconfig, no file, no environment. */
  static KubernetesClient issuerTrustClient(String url, String caPem, OAuthTokenProvider tokens,
      Interceptor interceptor) {
    Config config = Config.empty();
    config.setMasterUrl(url);
    if (caPem != null) {
      config.setCaCertData(Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII)));
    }
    config.setOauthTokenProvider(tokens);
    applyClientPolicy(config);
    return new KubernetesClientBuilder().withConfig(config).withHttpClientBuilderConsumer(b -> {
      HttpTrace.install(b);
      if (interceptor != null) {
        b.addOrReplaceInterceptor(INTERCEPTOR, interceptor);
      }
    }).build();
  }

  /** How many source/target clients this connector has built (tests: a cached client is not rebuilt). */
  int clientsBuilt() {
    return builds.get();
  }

  /**
   * The kubeconfig Secret: from an informer on that one Secret (started on first use and kept; every reconcile of
   * every migration naming it would otherwise GET it), or, when the informer does not hold it (not yet seen, or the
   * informer cannot run), from a GET.
   */
  private Secret kubeconfigSecret(String namespace, String name) {
    String key = namespace + "/" + name;
    Optional<SharedIndexInformer<Secret>> informer =
        secretInformers.computeIfAbsent(key, k -> startSecretInformer(namespace, name));
    if (informer.isPresent() && informer.get().isRunning()) {
      Secret cached = informer.get().getStore().getByKey(key);
      if (cached != null) {
        return cached;
      }
    }
    try {
      return control.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw ApiErrors.translate("control", "get secret " + name, e);
    }
  }

  private Optional<SharedIndexInformer<Secret>> startSecretInformer(String namespace, String name) {
    SharedIndexInformer<Secret> informer = control.secrets().inNamespace(namespace).withName(name).runnableInformer(0);
    try {
      informer.start().toCompletableFuture().get(INFORMER_SYNC_SECONDS, TimeUnit.SECONDS);
      return Optional.of(informer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.warn("cannot watch Secret {}/{} ({}); reading it on every connect instead", namespace, name,
          e.getClass().getSimpleName());
    }
    informer.stop();
    return Optional.empty();
  }

  private static KubernetesClient buildClient(Secret secret, String key, String namespace, String clusterName,
      Interceptor interceptor) {
    String where = "Secret " + namespace + "/" + secret.getMetadata().getName() + " key " + key;
    String encoded = secret.getData() == null ? null : secret.getData().get(key);
    String plain = secret.getStringData() == null ? null : secret.getStringData().get(key);
    if (encoded == null && plain == null) {
      throw new ClusterAccessException("KubeconfigInvalid", where + " is missing (cluster " + clusterName + ")", true);
    }
    String kubeconfig;
    io.fabric8.kubernetes.api.model.Config parsed;
    try {
      kubeconfig = plain != null ? plain : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      parsed = KUBECONFIG_READER.unmarshal(kubeconfig, io.fabric8.kubernetes.api.model.Config.class);
    } catch (RuntimeException e) {
      throw new ClusterAccessException("KubeconfigInvalid",
          where + " does not hold a usable kubeconfig (cluster " + clusterName + ")", true);
    }
    if (parsed == null) {
      throw new ClusterAccessException("KubeconfigInvalid", where + " is empty (cluster " + clusterName + ")", true);
    }
    // Checked on the parsed document, before fabric8 sees it: fabric8 runs exec plugins while building a Config.
    String refusal = refusal(parsed);
    if (refusal != null) {
      throw new ClusterAccessException("KubeconfigRefused", where + " (cluster " + clusterName + ") " + refusal
          + "; the operator only uses kubeconfigs with inline credentials (token, client-certificate-data/"
          + "client-key-data or username/password)", false);
    }
    String insecure = insecurity(parsed);
    if (insecure != null) {
      throw new ClusterAccessException(Conditions.Reason.KUBECONFIG_INSECURE, where + " (cluster " + clusterName + ") "
          + insecure + "; the operator only connects over verified TLS, directly (plain http only to a loopback"
          + " address)", false);
    }
    try {
      Config config = Config.fromKubeconfig(kubeconfig);
      if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
        throw new IllegalArgumentException("no server");
      }
      applyClientPolicy(config);
      KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config);
      builder.withHttpClientBuilderConsumer(b -> {
        HttpTrace.install(b);
        if (interceptor != null) {
          b.addOrReplaceInterceptor(INTERCEPTOR, interceptor);
        }
      });
      return builder.build();
    } catch (RuntimeException e) {
      // The parser's message can quote the document; never pass it on.
      throw new ClusterAccessException("KubeconfigInvalid",
          where + " does not hold a usable kubeconfig (cluster " + clusterName + ")", true);
    }
  }

  /**
   * Timeouts and retries of a source or target client. A few quick client-side retries (fabric8 re-sends any request,
   * POST and DELETE included, after a 5xx, a 429 or an IO error; fabric8 7.5.2 logs a 429's Retry-After but waits
   * only its own backoff) keep a step
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

  /**
   * Why a kubeconfig is refused, or null. Refused anywhere in the document (not only in the current context, so a
   * context switch can never reach them): exec plugins and auth providers (they run commands or read local state on
   * the operator's host) and credentials or CAs named by file path (a kubeconfig pointing {@code tokenFile} at the
   * operator's own ServiceAccount token would send that token to whatever server the kubeconfig names).
   */
  static String refusal(io.fabric8.kubernetes.api.model.Config kubeconfig) {
    for (NamedAuthInfo named : kubeconfig.getUsers() == null ? List.<NamedAuthInfo>of() : kubeconfig.getUsers()) {
      AuthInfo user = named == null ? null : named.getUser();
      if (user == null) {
        continue;
      }
      String who = "user " + (named.getName() == null ? "(unnamed)" : "'" + safe(named.getName()) + "'");
      if (user.getExec() != null) {
        return "holds an exec plugin for " + who + ", which the operator never runs";
      }
      if (user.getAuthProvider() != null) {
        return "holds an auth-provider for " + who + ", which the operator never runs";
      }
      if (user.getTokenFile() != null) {
        return "names a token file for " + who + "; credentials must be inline";
      }
      if (user.getClientCertificate() != null || user.getClientKey() != null) {
        return "names client certificate or key files for " + who + "; credentials must be inline";
      }
    }
    for (NamedCluster named : kubeconfig.getClusters() == null ? List.<NamedCluster>of() : kubeconfig.getClusters()) {
      if (named != null && named.getCluster() != null && named.getCluster().getCertificateAuthority() != null) {
        return "names a certificate-authority file for cluster entry '" + safe(named.getName())
            + "'; use certificate-authority-data";
      }
    }
    return null;
  }

  /**
   * Why a kubeconfig's connection is refused, or null: a cluster entry anywhere in the document (as for
   * {@link #refusal}) that skips TLS verification ({@code insecure-skip-tls-verify: true}: a migrator token goes to
   * whoever answers), names a plain {@code http://} server that is not a loopback address (the token in clear on the
   * network), or sends through a {@code proxy-url} (the proxy sees the connection; an http proxy, the token). Loopback
   * http stays allowed: nothing leaves the host (the sandbox and the tests use it).
   */
  static String insecurity(io.fabric8.kubernetes.api.model.Config kubeconfig) {
    for (NamedCluster named : kubeconfig.getClusters() == null ? List.<NamedCluster>of() : kubeconfig.getClusters()) {
      io.fabric8.kubernetes.api.model.Cluster cluster = named == null ? null : named.getCluster();
      if (cluster == null) {
        continue;
      }
      String entry = "cluster entry '" + safe(named.getName()) + "'";
      if (Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify())) {
        return "sets insecure-skip-tls-verify for " + entry + "; give certificate-authority-data instead";
      }
      if (cluster.getProxyUrl() != null && !cluster.getProxyUrl().isBlank()) {
        return "sets a proxy-url for " + entry + "; the operator connects to API servers directly";
      }
      String server = cluster.getServer();
      if (server != null && plainHttpElsewhere(server)) {
        return "names a plain http server that is not a loopback address for " + entry + "; use https";
      }
    }
    return null;
  }

  /** A plain http server that is not on a loopback address (localhost, 127.0.0.0/8, [::1]). */
  static boolean plainHttpElsewhere(String server) {
    String s = server.strip();
    if (!s.regionMatches(true, 0, "http://", 0, 7)) {
      return false; // https, or a form fabric8 itself refuses
    }
    try {
      String host = new URI(s).getHost();
      return host == null || !isLoopback(host);
    } catch (URISyntaxException e) {
      return true;
    }
  }

  /** A literal loopback address or {@code localhost}; a name that could resolve anywhere is not. */
  static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean v4 = h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = h.contains(":") && h.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return false; // a name could resolve anywhere: only literal addresses count
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** A name from the kubeconfig, shown only if short and plain (it is not a credential, but it is untrusted). */
  private static String safe(String name) {
    return name != null && name.length() <= 63 && name.matches("[A-Za-z0-9._@:-]+") ? name : "?";
  }

  @Override
  public void close() {
    cache.values().forEach(c -> {
      c.port().close();
      c.client().close();
    });
    cache.clear();
    local.close();
    secretInformers.values().forEach(i -> i.ifPresent(SharedIndexInformer::stop));
    secretInformers.clear();
  }
}
