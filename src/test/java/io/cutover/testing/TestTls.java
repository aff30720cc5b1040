package io.cutover.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS identity for a test's own https endpoint on 127.0.0.1: a self-signed certificate (SAN IP 127.0.0.1), made once
 * per JVM with the JDK's keytool, and the two contexts around it — the server's, and a client's that trusts this
 * certificate and nothing else. The relying-party probe sends only over verified https, so tests give it
 * {@link #clientTrustingOnlyThis()} instead of plain http.
 */
public final class TestTls {
  private static final char[] PASSWORD = "test-only".toCharArray();
  private static KeyStore keyStore;

  private TestTls() {}

  /** An https server on 127.0.0.1 and a free port, not yet started, serving this certificate. */
  public static HttpsServer server() throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
    return server;
  }

  /** The base URL of a started {@link #server()}. */
  public static String url(HttpsServer server) {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  public static SSLContext serverContext() {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore(), PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A client context that trusts this certificate only (not the JDK's CAs). */
  public static SSLContext clientTrustingOnlyThis() {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("test", keyStore().getCertificate("test"));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized KeyStore keyStore() {
    if (keyStore != null) {
      return keyStore;
    }
    try {
      Path dir = Files.createTempDirectory("cutover-test-tls");
      Path file = dir.resolve("test.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "test", "-keyalg", "EC",
          "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
          "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD),
          "-keypass", new String(PASSWORD))).redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile())
          .start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        store.load(in, PASSWORD);
      }
      keyStore = store;
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
