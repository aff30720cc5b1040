package io.cutover.cli;

import io.cutover.config.CutoverOperator;
import io.cutover.config.Shard;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "operator", description = "Run the operator against the cluster of the current kubeconfig or the in-cluster config.")
final class OperatorCommand implements Callable<Integer> {
  @Option(names = "--namespace", description = "Watch only these namespaces (repeatable). Default: all.")
  List<String> namespaces = List.of();

  @Option(names = "--lease-namespace", description = "Enable leader election with a Lease in this namespace.")
  String leaseNamespace;

  @Option(names = "--threads", defaultValue = "10", description = "Concurrent reconciliations (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--metrics-port", defaultValue = "8080",
      description = "Port of the HTTP server for /metrics, /healthz and /readyz (default ${DEFAULT-VALUE}; 0 picks a free port).")
  int metricsPort;

  @Option(names = "--issuer-trust-server", paramLabel = "URL", description = {
      "A remote API server (https://HOST[:PORT]) that trusts this cluster's service-account issuer and that",
      "migrations may reach with spec.*.cluster.issuerTrust (repeatable). Default: none."})
  List<String> issuerTrustServers = List.of();

  @Option(names = "--issuer-trust-identity", paramLabel = "NAMESPACE/NAME", description = {
      "The operator's own ServiceAccount, whose short-lived tokens it mints for --issuer-trust-server remotes."})
  String issuerTrustIdentity;

  @Option(names = "--selector", paramLabel = "SELECTOR", description = {
      "Reconcile only the ServiceAccountMigrations whose labels this label selector selects (e.g. cutover.io/shard=a),",
      "as kubectl get -l takes it; other objects are never listed, watched or touched. Default: all."})
  String selector;

  @Option(names = "--shard", paramLabel = "NAME", description = {
      "The shard's name (a DNS label), with --selector: its replicas compete for the Lease cutover-operator-NAME",
      "instead of cutover-operator, so shards never wait on each other. Required with --selector and --lease-namespace."})
  String shard;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    String logFormat = LogFormat.refusal(System.getenv(LogFormat.VARIABLE));
    if (logFormat != null) {
      throw new ParameterException(spec.commandLine(), logFormat);
    }
    io.cutover.cluster.IssuerTrustAccess issuerTrust;
    try {
      issuerTrust = io.cutover.cluster.IssuerTrustAccess.of(issuerTrustIdentity, issuerTrustServers);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    // Who may migrate what is not configured here: MigrationPolicy objects on the cluster, granted by RBAC.
    CutoverOperator.Options options;
    try {
      options = new CutoverOperator.Options(new LinkedHashSet<>(namespaces), leaseNamespace, threads, true, issuerTrust,
          new Shard(shard, selector));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    // fabric8's own HTTP logging prints headers and bodies at TRACE (kubeconfig Secrets, tokens): replaced.
    KubernetesClient client = io.cutover.cluster.HttpTrace.clientBuilder().build();
    CutoverOperator operator = CutoverOperator.start(client, Clock.systemUTC(), options,
        CutoverOperator.protectedIdentities(options), CutoverOperator.Observability.port(metricsPort));
    operator.metricsUri().ifPresent(uri -> System.err.println("Metrics at " + uri + " (health: /healthz, /readyz)"));
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      client.close();
      stop.countDown();
    }));
    stop.await();
    return 0;
  }
}
