package io.cutover.cluster;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/** PEM certificate bundles ({@code issuerTrust.caBundle}): read by the validator before the connector uses one. */
public final class CaBundles {
  private CaBundles() {}

  /** Whether {@code pem} holds at least one X.509 certificate in PEM and nothing the certificate reader refuses. */
  public static boolean readable(String pem) {
    if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      return false;
    }
    try {
      return !CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty();
    } catch (CertificateException | RuntimeException e) {
      return false;
    }
  }
}
