package io.cutover.sandbox;

import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PEM certificate the token controller puts into {@code ca.crt}: a self-signed certificate generated per cluster
 * (the sandbox serves plain HTTP, so nothing is signed with it; it stands for the cluster's root CA). Empty when the
 * JVM cannot generate one — the token controller then leaves {@code ca.crt} out, as kube-controller-manager does
 * without a root CA.
 */
final class CaCertificate {

  private static final Logger LOG = LoggerFactory.getLogger(CaCertificate.class);

  private CaCertificate() {
  }

  static byte[] pem(String url) {
    SelfSignedCertificate certificate = null;
    try {
      certificate = SelfSignedCertificate.create("127.0.0.1");
      return Files.readAllBytes(Path.of(certificate.certificatePath()));
    } catch (Exception | LinkageError e) {
      LOG.debug("no CA certificate for the sandbox cluster at {}: {}", url, e.toString());
      return new byte[0];
    } finally {
      if (certificate != null) {
        certificate.delete();
      }
    }
  }
}
