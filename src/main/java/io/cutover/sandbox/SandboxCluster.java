package io.cutover.sandbox;

import io.cutover.sandbox.discovery.ApiDiscovery;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-process stand-in for a kube-apiserver: fabric8's {@link KubernetesMockServer} in CRUD mode behind a
 * dispatcher that adds what kube-apiserver (and kube-controller-manager) do and the mock does not — TokenRequest,
 * TokenReview (with kube-apiserver's 10 s success cache), SubjectAccessReview, SelfSubjectRulesReview, issuer
 * discovery, API discovery, the service account token controller, ClusterRole aggregation, the namespace lifecycle
 * (default ServiceAccount, {@code kube-root-ca.crt}, termination) and graceful Pod deletion — following Kubernetes
 * semantics.
 *
 * <p>Every request is authenticated and authorized as kube-apiserver does it ({@code RequestGate}): the cluster's
 * static administrator token ({@link #adminToken}, in {@link #client()} and {@link #kubeconfig}) is
 * {@value Sandbox#ADMIN_USER} in {@code system:masters}; service account tokens it issued are their ServiceAccount;
 * no token is {@code system:anonymous}; impersonation headers are honoured when RBAC allows {@code impersonate}; RBAC
 * over the stored roles and bindings decides the rest, and role and binding writes pass the escalation check. It
 * serves HTTPS on 127.0.0.1 with a random port and a certificate of its own ({@link #caCertificatePem}): a test and
 * demo stand-in, not a cluster.
 *
 * <p>A new cluster has the namespaces {@code default}, {@code kube-system} and {@code kube-public} (each with its
 * {@code default} ServiceAccount and {@code kube-root-ca.crt}), the default
 * ClusterRoles of {@value #BOOTSTRAP_CLUSTER_ROLES} (aggregated, and re-aggregated after every ClusterRole write) and
 * kube-apiserver's default ClusterRoleBindings for them ({@code cluster-admin} to {@code system:masters},
 * {@code system:discovery}, {@code system:basic-user} and {@code system:public-info-viewer} to authenticated users,
 * {@code system:service-account-issuer-discovery} to service accounts).
 *
 * <p>Each cluster has its own issuer (its URL) and its own RSA signing key. Requests reach the dispatcher through
 * the sandbox's own HTTP front ({@code SandboxHttpServer}), which keeps no request log, so a long-running session
 * does not grow.
 */
public final class SandboxCluster implements AutoCloseable {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(SandboxCluster.class);
  /** Strong reference: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
  private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");
  static final String BOOTSTRAP_CLUSTER_ROLES = "/io/cutover/sandbox/bootstrap-cluster-roles.yaml";
  static final String GIT_VERSION = "v1.33.0";

  private final String name;
  private final SandboxHttpServer server;
  private final String url;
  private final KubernetesClient client;
  private final SandboxDispatcher dispatcher;
  private final FaultInjector faults;
  private final CaCertificate certificate;

  private SandboxCluster(String name, Clock clock) {
    quietMockLogging();
    this.name = name;
    WatchEvents events = new WatchEvents();
    IndexedCrudDispatcher crud = new IndexedCrudDispatcher(events);
    Store store = new Store(crud);
    ServiceAccountKeys keys = new ServiceAccountKeys();
    // The issuer is the URL, known only once the server listens: requests wait for the real dispatcher until then.
    this.faults = new FaultInjector(name);
    LateDispatcher front = new LateDispatcher(faults);
    this.certificate = CaCertificate.generate(name);
    this.server = SandboxHttpServer.start(InetAddress.getLoopbackAddress(), 0, front, certificate);
    this.url = "https://127.0.0.1:" + server.port();
    TokenAuthenticator authenticator = new TokenAuthenticator(store, keys, url, clock);
    byte[] rootCa = certificate.pem();
    ApiDiscovery discovery = new ApiDiscovery(GIT_VERSION);
    CustomResourceTables customTables = new CustomResourceTables(clock);
    ServerTables tables = new ServerTables(customTables, new BuiltInTables(clock));
    this.dispatcher = new SandboxDispatcher(store, new TokenRequests(store, keys, url, clock), authenticator,
        new AccessReviews(store), new LegacyTokenController(store, keys, rootCa),
        new OidcDiscovery(url, keys), discovery, customTables,
        new KubectlApi(store, discovery, tables, new HttpWatches(store, events, discovery, tables),
            new OpenApi(discovery, GIT_VERSION)),
        new NamespaceLifecycle(store, clock, rootCa), new PodDeletion(store, clock));
    front.delegate = dispatcher;
    this.client = newClient(config().withOauthToken(dispatcher.adminToken()));
  }

  /** Starts a sandbox cluster with the namespaces and default ClusterRoles of a new cluster. */
  public static SandboxCluster start(String name) {
    return start(name, Clock.systemUTC());
  }

  static SandboxCluster start(String name, Clock clock) {
    SandboxCluster cluster = new SandboxCluster(name, clock);
    try {
      cluster.bootstrap();
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    LOG.info("sandbox cluster {} serving at {}", name, cluster.url);
    return cluster;
  }

  private void bootstrap() {
    for (String namespace : List.of("default", "kube-system", "kube-public")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    try (InputStream roles = SandboxCluster.class.getResourceAsStream(BOOTSTRAP_CLUSTER_ROLES)) {
      if (roles == null) {
        throw new IllegalStateException("missing classpath resource " + BOOTSTRAP_CLUSTER_ROLES);
      }
      for (HasMetadata role : client.load(roles).items()) {
        client.resource(role).create();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the bootstrap ClusterRoles", e);
    }
    // kube-apiserver's bootstrap ClusterRoleBindings for the roles above (bootstrappolicy.ClusterRoleBindings()).
    bind("cluster-admin", "system:masters");
    bind("system:discovery", "system:authenticated");
    bind("system:basic-user", "system:authenticated");
    bind("system:public-info-viewer", "system:authenticated", "system:unauthenticated");
    bind("system:service-account-issuer-discovery", "system:serviceaccounts");
  }

  private void bind(String clusterRole, String... groups) {
    var binding = new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder().withNewMetadata()
        .withName(clusterRole)
        .withLabels(java.util.Map.of("kubernetes.io/bootstrapping", "rbac-defaults"))
        .withAnnotations(java.util.Map.of("rbac.authorization.kubernetes.io/autoupdate", "true"))
        .endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole);
    for (String group : groups) {
      binding.addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(group).endSubject();
    }
    client.rbac().clusterRoleBindings().resource(binding.build()).create();
  }

  private static KubernetesClient newClient(ConfigBuilder config) {
    return new KubernetesClientBuilder()
        .withConfig(config.withNamespace("default").withRequestRetryBackoffLimit(0).build())
        .withHttpClientFactory(new JdkHttpClientFactory()).build();
  }

  private static void quietMockLogging() {
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    org.slf4j.Logger mock = LoggerFactory.getLogger("io.fabric8.kubernetes.client.server.mock");
    if (mock instanceof ch.qos.logback.classic.Logger logback && logback.getLevel() == null) {
      logback.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  public String name() {
    return name;
  }

  /** The API server URL, e.g. {@code https://127.0.0.1:41234}. */
  public String url() {
    return url;
  }

  /** The service account issuer of this cluster (its URL): each sandbox cluster is its own identity domain. */
  public String issuer() {
    return url;
  }

  /** The API requests this cluster has served, by client, verb and resource. */
  public RequestCounter requests() {
    return dispatcher.requests;
  }

  /**
   * A fabric8 client (JDK HTTP client) to this cluster as its administrator ({@value Sandbox#ADMIN_USER}, group
   * {@code system:masters}); closed with the cluster.
   */
  public KubernetesClient client() {
    return client;
  }

  /**
   * Turns CRD admission (schema, pruning, defaults, CEL rules) on or off for this cluster; on from the start. Off,
   * custom resources are stored as sent, as a real API server stores what an older CRD version lets through: for
   * tests of what the operator does with such objects.
   */
  public void admission(boolean on) {
    dispatcher.admission.enable(on);
  }

  /**
   * A new client to this cluster as another user: the administrator impersonating {@code username} (a
   * {@code system:serviceaccount:NS:NAME} name is that ServiceAccount, with its groups) in {@code groups}, as
   * {@code kubectl --as} does; the request is then authorized as that user alone. The caller closes it.
   */
  public KubernetesClient clientAs(String username, String... groups) {
    return newClient(config().withOauthToken(dispatcher.adminToken())
        .withImpersonateUsername(username).withImpersonateGroups(groups));
  }

  /** A new client to this cluster presenting {@code token} (a service account token, say); the caller closes it. */
  public KubernetesClient clientWithToken(String token) {
    return newClient(config().withOauthToken(token));
  }

  /** A client configuration for this cluster without credentials: its URL and CA. */
  public ConfigBuilder config() {
    return new ConfigBuilder(Config.empty()).withMasterUrl(url).withCaCertData(certificate.base64());
  }

  /** This cluster's CA certificate (PEM), which its HTTPS server's certificate is: to trust it from a plain client. */
  public String caCertificatePem() {
    return certificate.certificatePem();
  }

  /** The administrator's bearer token, as the kubeconfig of {@link #kubeconfig} carries it. */
  public String adminToken() {
    return dispatcher.adminToken();
  }

  /** The API faults of this cluster (none until configured): see {@link FaultInjector}. */
  public FaultInjector faults() {
    return faults;
  }

  /** A kubeconfig for this cluster with one context of that name, as its administrator (the static token). */
  public String kubeconfig(String contextName) {
    return kubeconfig(contextName, contextName + "-admin", dispatcher.adminToken());
  }

  /** A kubeconfig for this cluster with one context of that name, whose user {@code user} presents {@code token}. */
  public String kubeconfig(String contextName, String user, String token) {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: " + contextName + "\n"
        + "  cluster:\n"
        + "    server: " + url + "\n"
        + "    certificate-authority-data: " + certificate.base64() + "\n"
        + "contexts:\n"
        + "- name: " + contextName + "\n"
        + "  context:\n"
        + "    cluster: " + contextName + "\n"
        + "    namespace: default\n"
        + "    user: " + user + "\n"
        + "current-context: " + contextName + "\n"
        + "preferences: {}\n"
        + "users:\n"
        + "- name: " + user + "\n"
        + "  user:\n"
        + "    token: " + token + "\n";
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      faults.close();
      server.close();
    }
  }

  @Override
  public String toString() {
    return "SandboxCluster[" + name + " " + url + "]";
  }

  /**
   * Answers 503 until the cluster's dispatcher exists (between listening and knowing its own URL); faults are drawn
   * here, outside the dispatcher's lock.
   */
  private static final class LateDispatcher extends io.fabric8.mockwebserver.http.Dispatcher {
    private final FaultInjector faults;
    private volatile SandboxDispatcher delegate;

    LateDispatcher(FaultInjector faults) {
      this.faults = faults;
    }

    @Override
    public io.fabric8.mockwebserver.http.MockResponse dispatch(io.fabric8.mockwebserver.http.RecordedRequest request) {
      SandboxDispatcher current = delegate;
      return current == null ? new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(503)
          : faults.serve(request, current::dispatch);
    }
  }
}
