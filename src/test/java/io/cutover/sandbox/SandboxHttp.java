package io.cutover.sandbox;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Plain JDK HTTP to a sandbox cluster, as a test sends raw requests: over its TLS, as its administrator. */
public final class SandboxHttp {

  private SandboxHttp() {
  }

  /** A JDK HTTP client that trusts these clusters' certificates (and nothing else). */
  public static HttpClient client(SandboxCluster... clusters) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      for (SandboxCluster cluster : clusters) {
        trust.setCertificateEntry(cluster.name() + "-" + cluster.url(), x509.generateCertificate(
            new ByteArrayInputStream(cluster.caCertificatePem().getBytes(StandardCharsets.US_ASCII))));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, factory.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(tls).build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot trust the sandbox's certificates", e);
    }
  }

  /** A request to the cluster at this path (and query) carrying the administrator's token. */
  public static HttpRequest.Builder asAdmin(SandboxCluster cluster, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(cluster.url() + pathAndQuery))
        .header("Authorization", "Bearer " + cluster.adminToken());
  }

  /** A request to the cluster at this path (and query) without credentials (system:anonymous). */
  public static HttpRequest.Builder anonymous(SandboxCluster cluster, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(cluster.url() + pathAndQuery));
  }
}
