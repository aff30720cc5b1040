package io.cutover.realcluster;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One real Kubernetes control plane on loopback: its own etcd, kube-apiserver (RBAC authorization, the default
 * admission plugins, its own service-account signing key and issuer {@code https://NAME.cutover.test}, so one
 * cluster rejects another's tokens) and kube-controller-manager running the controllers identities depend on (token
 * and service-account controllers, ClusterRole aggregation, garbage collector, namespace lifecycle, root CA
 * publisher, legacy token cleaner). Everything lives under {@code dir}: certificates, keys, data, and one log per
 * process, kept after the cluster stops.
 *
 * <p>People and tests reach it as {@value #ADMIN_USER} (group {@code system:masters}) through {@link #kubeconfig()};
 * the controller manager has its own identity, {@code system:kube-controller-manager}, and per-controller
 * ServiceAccounts, as kubeadm sets it up.
 */
public final class RealCluster implements AutoCloseable {
  public static final String ADMIN_USER = "cutover-admin";
  /** Controllers kube-controller-manager runs here (a real cluster runs more; these are the ones identities need). */
  public static final List<String> CONTROLLERS = List.of("serviceaccount-token-controller",
      "serviceaccount-controller", "clusterrole-aggregation-controller", "garbage-collector-controller",
      "namespace-controller", "root-ca-certificate-publisher-controller",
      "legacy-serviceaccount-token-cleaner-controller");
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  static final int PORT_ATTEMPTS = 3;
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String AUDIT_LOG = "audit.log";
  /** Every request at level Metadata; RequestReceived left out (each request is in its ResponseComplete event). */
  static final String AUDIT_POLICY = """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived]
      rules:
        - level: Metadata
      """;

  private final String name;
  private final Path dir;
  private final int port;
  private final String caPem;
  private final String adminToken;
  private final List<ChildProcess> processes;
  private final KubernetesClient admin;
  private final KubeBinaries binaries;
  private final String etcdUrl;
  private Duration startup = Duration.ZERO;

  private RealCluster(String name, Path dir, int port, String caPem, String adminToken, List<ChildProcess> processes,
      KubeBinaries binaries, String etcdUrl) {
    this.etcdUrl = etcdUrl;
    this.name = name;
    this.dir = dir;
    this.port = port;
    this.caPem = caPem;
    this.adminToken = adminToken;
    this.processes = processes;
    this.binaries = binaries;
    this.admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigText(ADMIN_USER, adminToken)))
        .build();
  }

  /**
   * Starts the cluster {@code name} under {@code baseDir/name} and returns once it serves and its controllers run. The
   * ports are chosen free just before the processes bind them, so another process can take one meanwhile (another
   * test JVM starting its own clusters): a start that lost such a race is retried, up to {@value #PORT_ATTEMPTS}
   * times, with new ports and a new etcd; any other failure is thrown at once.
   */
  public static RealCluster start(String name, Path baseDir, KubeBinaries binaries) {
    return start(name, baseDir, binaries, false);
  }

  /**
   * {@link #start(String, Path, KubeBinaries)}, and with {@code audit} kube-apiserver writes an audit log: every
   * request at level Metadata (who, verb, resource, answer; no bodies), one JSON event per line in {@link #auditLog()}
   * (the stages ResponseStarted, for watches, and ResponseComplete), written before the answer is sent (the log
   * backend's default, blocking mode). The benchmark counts requests there.
   */
  public static RealCluster start(String name, Path baseDir, KubeBinaries binaries, boolean audit) {
    Path dir = baseDir.resolve(name).toAbsolutePath();
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(name, dir, binaries, audit);
      } catch (RuntimeException e) {
        if (attempt == PORT_ATTEMPTS || !lostPortRace(dir)) {
          throw e;
        }
        deleteEtcdData(dir);
      }
    }
  }

  /** Whether a process of the failed start logged that its port was taken. */
  private static boolean lostPortRace(Path dir) {
    try (var logs = Files.list(dir)) {
      return logs.filter(f -> f.toString().endsWith(".log")).anyMatch(f -> {
        try {
          return Files.readString(f).contains("address already in use");
        } catch (IOException e) {
          return false;
        }
      });
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteEtcdData(Path dir) {
    if (!Files.exists(dir.resolve("etcd-data"))) {
      return;
    }
    try (var files = Files.walk(dir.resolve("etcd-data"))) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir.resolve("etcd-data") + " for a new start", e);
    }
  }

  private static RealCluster startOnce(String name, Path dir, KubeBinaries binaries, boolean audit) {
    return launch(name, dir, processes -> {
      String adminToken = randomToken();
      String kcmToken = randomToken();
      Path[] sa = serviceAccountKey(dir);
      Path saKey = sa[0];
      Path saPub = sa[1];
      // Static tokens are the simplest credentials to hand the test's people and the controller manager; workloads
      // (the operator, the migrator) authenticate with real ServiceAccount tokens.
      Path tokens = write(dir.resolve("pki/tokens.csv"), adminToken + "," + ADMIN_USER + "," + ADMIN_USER
          + ",\"system:masters\"\n" + kcmToken + ",system:kube-controller-manager,system:kube-controller-manager\n");
      int etcdClient = freePort();
      int etcdPeer = freePort();
      int apiPort = freePort();
      ChildProcess etcd = ChildProcess.start("etcd", dir.resolve("etcd.log"), List.of(
          binaries.path("etcd").toString(), "--name", name, "--data-dir", dir.resolve("etcd-data").toString(),
          "--listen-client-urls", "http://127.0.0.1:" + etcdClient,
          "--advertise-client-urls", "http://127.0.0.1:" + etcdClient,
          "--listen-peer-urls", "http://127.0.0.1:" + etcdPeer,
          "--initial-advertise-peer-urls", "http://127.0.0.1:" + etcdPeer,
          "--initial-cluster", name + "=http://127.0.0.1:" + etcdPeer,
          "--unsafe-no-fsync", "--log-level", "warn"));
      processes.add(etcd);
      ChildProcess apiserver = startApiServer(name, dir, binaries, "http://127.0.0.1:" + etcdClient, null, apiPort,
          tokens, saKey, saPub, audit ? auditArguments(dir) : List.of());
      processes.add(apiserver);
      Path servingCert = dir.resolve("pki/apiserver.crt");
      String caPem = awaitServing(name, apiserver, apiPort, adminToken);
      Path kcmKubeconfig = write(dir.resolve("kube-controller-manager.kubeconfig"),
          kubeconfigText(name, apiPort, caPem, "system:kube-controller-manager", kcmToken));
      ChildProcess kcm = ChildProcess.start("kube-controller-manager", dir.resolve("kube-controller-manager.log"),
          List.of(binaries.path("kube-controller-manager").toString(),
              "--kubeconfig", kcmKubeconfig.toString(),
              "--authentication-kubeconfig", kcmKubeconfig.toString(),
              "--authorization-kubeconfig", kcmKubeconfig.toString(),
              "--bind-address", "127.0.0.1", "--secure-port", "" + freePort(),
              "--controllers", String.join(",", CONTROLLERS),
              "--service-account-private-key-file", saKey.toString(),
              "--root-ca-file", servingCert.toString(),
              "--use-service-account-credentials", "--leader-elect=false", "--v", "1"));
      processes.add(kcm);
      return new RealCluster(name, dir, apiPort, caPem, adminToken, processes, binaries,
          "http://127.0.0.1:" + etcdClient).ready(adminToken, c -> c.awaitControllers(kcm));
    });
  }

  /**
   * A second kube-apiserver, {@code name}, on the etcd of {@code etcdOf} under its own key prefix (so it shares no
   * object with it), with its own serving certificate, service-account key and issuer, and the structured
   * authentication configuration {@code authenticationConfig} (kube-apiserver's {@code --authentication-config}), on
   * loopback port {@code port}. No controller manager: the API server alone serves what a migration's target needs
   * (namespaces, ServiceAccounts, RBAC, TokenRequest, TokenReview, SubjectAccessReview). Stopped with its own
   * {@link #close()}; the etcd stays {@code etcdOf}'s.
   */
  public static RealCluster startSharingEtcd(String name, Path baseDir, RealCluster etcdOf, int port,
      String authenticationConfig) {
    Path dir = baseDir.resolve(name).toAbsolutePath();
    return launch(name, dir, processes -> {
      String adminToken = randomToken();
      Path[] sa = serviceAccountKey(dir);
      Path tokens = write(dir.resolve("pki/tokens.csv"), adminToken + "," + ADMIN_USER + "," + ADMIN_USER
          + ",\"system:masters\"\n");
      Path authn = write(dir.resolve("authentication-config.yaml"), authenticationConfig);
      ChildProcess apiserver = startApiServer(name, dir, etcdOf.binaries, etcdOf.etcdUrl, "/" + name, port, tokens,
          sa[0], sa[1], List.of("--authentication-config", authn.toString()));
      processes.add(apiserver);
      String caPem = awaitServing(name, apiserver, port, adminToken);
      return new RealCluster(name, dir, port, caPem, adminToken, processes, etcdOf.binaries, etcdOf.etcdUrl)
          .ready(adminToken, c -> { });
    });
  }

  /** What starts a cluster's processes (adding each to the list as it starts) and returns it, ready. */
  @FunctionalInterface
  private interface Launch {
    RealCluster run(List<ChildProcess> processes) throws IOException;
  }

  /** Runs {@code launch} in {@code dir}; on any failure stops what it started. Records the startup time. */
  private static RealCluster launch(String name, Path dir, Launch launch) {
    long started = System.nanoTime();
    List<ChildProcess> processes = new ArrayList<>();
    try {
      Files.createDirectories(dir.resolve("pki"));
      RealCluster cluster = launch.run(processes);
      cluster.startup = Duration.ofNanos(System.nanoTime() - started);
      return cluster;
    } catch (IOException e) {
      processes.forEach(ChildProcess::close);
      throw new UncheckedIOException("cannot set up cluster " + name + " under " + dir, e);
    } catch (RuntimeException e) {
      processes.forEach(ChildProcess::close);
      throw e;
    }
  }

  /** Once {@code await} passed, writes the administrator's kubeconfig; on failure closes the admin client. */
  private RealCluster ready(String adminToken, java.util.function.Consumer<RealCluster> await) throws IOException {
    try {
      await.accept(this);
      Files.writeString(kubeconfig(), kubeconfigText(ADMIN_USER, adminToken));
      return this;
    } catch (IOException | RuntimeException e) {
      admin.close();
      throw e;
    }
  }

  /** A new RSA service-account signing key under {@code dir/pki}: the private key's file, then the public one's. */
  private static Path[] serviceAccountKey(Path dir) throws IOException {
    KeyPair key = rsaKeyPair();
    return new Path[] {write(dir.resolve("pki/sa.key"), pem("PRIVATE KEY", key.getPrivate().getEncoded())),
        write(dir.resolve("pki/sa.pub"), pem("PUBLIC KEY", key.getPublic().getEncoded()))};
  }

  /**
   * kube-apiserver on loopback {@code apiPort}: RBAC, its own service-account key and issuer (whose discovery
   * document points at its own loopback JWKS URL, so a JWT authenticator elsewhere can fetch its keys), the static
   * tokens of {@code tokens}, and {@code extra} arguments.
   */
  private static ChildProcess startApiServer(String name, Path dir, KubeBinaries binaries, String etcdUrl,
      String etcdPrefix, int apiPort, Path tokens, Path saKey, Path saPub, List<String> extra) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        binaries.path("kube-apiserver").toString(),
        "--etcd-servers", etcdUrl,
        "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", "" + apiPort,
        "--cert-dir", dir.resolve("pki").toString(),
        "--token-auth-file", tokens.toString(),
        "--authorization-mode", "RBAC",
        "--service-account-issuer", issuerOf(name),
        "--service-account-jwks-uri", "https://127.0.0.1:" + apiPort + "/openid/v1/jwks",
        "--service-account-key-file", saPub.toString(),
        "--service-account-signing-key-file", saKey.toString(),
        "--service-cluster-ip-range", "10.96.0.0/24",
        "--allow-privileged", "--profiling=false", "--enable-priority-and-fairness=false",
        "--endpoint-reconciler-type", "none", "--v", "1"));
    if (etcdPrefix != null) {
      command.addAll(List.of("--etcd-prefix", etcdPrefix));
    }
    command.addAll(extra);
    return ChildProcess.start("kube-apiserver", dir.resolve("kube-apiserver.log"), command);
  }

  /** The audit log {@code start(..., audit = true)} has kube-apiserver write (rotated files, if any, beside it). */
  public Path auditLog() {
    return dir.resolve(AUDIT_LOG);
  }

  /** kube-apiserver's audit arguments: the Metadata-level policy written to {@code dir}, the log beside it. */
  private static List<String> auditArguments(Path dir) throws IOException {
    Path policy = write(dir.resolve("audit-policy.yaml"), AUDIT_POLICY);
    // --audit-log-maxsize: rotate only past 100 GB (the default rotates at 100 MB); the log is read after the run.
    return List.of("--audit-policy-file", policy.toString(), "--audit-log-path", dir.resolve(AUDIT_LOG).toString(),
        "--audit-log-maxsize", "100000", "--audit-log-maxbackup", "0");
  }

  /** Waits for the API server's self-signed certificate and for /readyz; returns the CA bundle (PEM). */
  private static String awaitServing(String name, ChildProcess apiserver, int apiPort, String adminToken) {
    // kube-apiserver writes a self-signed serving certificate followed by its CA (cert-dir/apiserver.crt).
    Path servingCert = apiserver.log().getParent().resolve("pki/apiserver.crt");
    Readiness.await("kube-apiserver of " + name + " (certificate)", START_TIMEOUT, apiserver,
        () -> Files.isRegularFile(servingCert) && read(servingCert).contains("END CERTIFICATE"));
    String caPem = read(servingCert);
    HttpClient http = HttpClient.newBuilder().sslContext(trusting(caPem)).connectTimeout(Duration.ofSeconds(2)).build();
    Readiness.await("kube-apiserver of " + name, START_TIMEOUT, apiserver, () -> readyz(http, apiPort, adminToken));
    return caPem;
  }

  /** A free TCP port on loopback (for a server started later; another process could take it meanwhile). */
  public static int freeLoopbackPort() {
    try {
      return freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ready when the controllers that identities depend on have acted: a `default` ServiceAccount, aggregated `view`. */
  private void awaitControllers(ChildProcess kcm) {
    Readiness.await("kube-controller-manager of " + name, START_TIMEOUT, kcm, () -> {
      ServiceAccount sa = admin.serviceAccounts().inNamespace("default").withName("default").get();
      ClusterRole view = admin.rbac().clusterRoles().withName("view").get();
      return sa != null && view != null && view.getRules() != null && !view.getRules().isEmpty();
    });
  }

  public String name() {
    return name;
  }

  public String url() {
    return "https://127.0.0.1:" + port;
  }

  /** The service-account issuer of this cluster: the {@code iss} of every token it mints. */
  public String issuer() {
    return issuerOf(name);
  }

  /** The CA bundle that verifies this cluster's serving certificate (PEM). */
  public String caPem() {
    return caPem;
  }

  /** An administrator's client (group system:masters), for people and for test set-up. Not for the operator. */
  public KubernetesClient client() {
    return admin;
  }

  /** The administrator's kubeconfig file, {@code dir/../NAME.kubeconfig}. */
  public Path kubeconfig() {
    return dir.getParent().resolve(name + ".kubeconfig");
  }

  /** A kubeconfig for {@code token} (a ServiceAccount's TokenRequest token, say) on this cluster. */
  public String kubeconfigText(String user, String token) {
    return kubeconfigText(name, port, caPem, user, token);
  }

  public Path directory() {
    return dir;
  }

  public Duration startup() {
    return startup;
  }

  public KubeBinaries binaries() {
    return binaries;
  }

  @Override
  public void close() {
    admin.close();
    // The controller manager first, etcd last.
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }

  static String issuerOf(String name) {
    return "https://" + name + ".cutover.test";
  }

  private static String kubeconfigText(String cluster, int port, String caPem, String user, String token) {
    String ca = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: https://127.0.0.1:%2$d
            certificate-authority-data: %3$s
        users:
        - name: %4$s
          user:
            token: %5$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %4$s
        current-context: %1$s
        """.formatted(cluster, port, ca, user, token);
  }

  private static boolean readyz(HttpClient http, int port, String token) {
    try {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/readyz"))
          .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static SSLContext trusting(String caPem) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new java.io.ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
        store.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), RANDOM);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the API server's certificate", e);
    }
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text);
    file.toFile().setReadable(false, false);
    file.toFile().setReadable(true, true);
    return file;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
