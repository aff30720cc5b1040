package io.cutover.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kubectl create <kind>} commands a user types by hand, each of which sends a protobuf body, with the
 * files they read (written under a work folder) and the path of the object each creates: the same list runs against
 * the sandbox ({@code KubectlCreateOverProtobufTest}) and a real cluster ({@code KubectlCreateOnARealClusterTest}).
 */
public final class KubectlCreates {
  public static final String NS = "proto";
  /** A kubeconfig as README's {@code kubectl create secret generic ... --from-file=kubeconfig=...} stores it. */
  public static final String KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters:\n- name: source\n  cluster:\n"
      + "    server: https://source.example:6443\n";
  /** Not UTF-8: kubectl create configmap puts such a file under binaryData. */
  public static final byte[] BINARY = {0, 1, 2, (byte) 0xfe, (byte) 0xff, (byte) 0x80, 10};

  /** One command, and the API path of what it creates. */
  public record Create(String path, List<String> args) {}

  public final Path kubeconfigFile;
  public final Path binaryFile;
  public final Path certFile;
  public final Path keyFile;

  /** Writes the files the commands read under {@code dir} (a TLS key pair made with the JDK's keytool). */
  public KubectlCreates(Path dir) throws IOException, InterruptedException {
    kubeconfigFile = Files.writeString(dir.resolve("source.kubeconfig"), KUBECONFIG);
    binaryFile = Files.write(dir.resolve("blob.bin"), BINARY);
    Path store = dir.resolve("tls.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "web", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=web.example",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
        .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.out").toFile()).start();
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.out")));
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, "changeit".toCharArray());
      Certificate cert = keys.getCertificate("web");
      Key key = keys.getKey("web", "changeit".toCharArray());
      certFile = Files.writeString(dir.resolve("tls.crt"), pem("CERTIFICATE", cert.getEncoded()));
      keyFile = Files.writeString(dir.resolve("tls.key"), pem("PRIVATE KEY", key.getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  /** Every command, in an order that works (the namespace first). */
  public List<Create> all() {
    String core = "/api/v1/namespaces/" + NS + "/";
    String rbac = "/apis/rbac.authorization.k8s.io/v1/";
    return List.of(
        new Create("/api/v1/namespaces/" + NS, List.of("create", "namespace", NS)),
        new Create(core + "serviceaccounts/builder", List.of("create", "serviceaccount", "builder", "-n", NS)),
        new Create(core + "secrets/source-kubeconfig", List.of("create", "secret", "generic", "source-kubeconfig",
            "-n", NS, "--from-file=kubeconfig=" + kubeconfigFile, "--from-literal=empty=")),
        new Create(core + "secrets/web-tls", List.of("create", "secret", "tls", "web-tls", "-n", NS,
            "--cert=" + certFile, "--key=" + keyFile)),
        new Create(core + "secrets/regcred", List.of("create", "secret", "docker-registry", "regcred", "-n", NS,
            "--docker-server=registry.example", "--docker-username=ci", "--docker-password=s3cret",
            "--docker-email=ci@example.org")),
        new Create(core + "configmaps/settings", List.of("create", "configmap", "settings", "-n", NS,
            "--from-literal=mode=fast", "--from-file=blob=" + binaryFile)),
        new Create(rbac + "namespaces/" + NS + "/roles/reader", List.of("create", "role", "reader", "-n", NS,
            "--verb=get", "--verb=list", "--resource=pods", "--resource=deployments.apps",
            "--resource-name=web")),
        new Create(rbac + "namespaces/" + NS + "/rolebindings/reader", List.of("create", "rolebinding", "reader",
            "-n", NS, "--role=reader", "--user=jane", "--group=devs", "--serviceaccount=" + NS + ":builder")),
        new Create(rbac + "clusterroles/proto-watcher", List.of("create", "clusterrole", "proto-watcher",
            "--verb=get", "--resource=nodes", "--non-resource-url=/healthz")),
        new Create(rbac + "clusterroles/proto-aggregate", List.of("create", "clusterrole", "proto-aggregate",
            "--aggregation-rule=rbac.example/aggregate-to-proto=true")),
        new Create(rbac + "clusterrolebindings/proto-watcher", List.of("create", "clusterrolebinding",
            "proto-watcher", "--clusterrole=proto-watcher", "--user=jane",
            "--serviceaccount=" + NS + ":builder")));
  }
}
