package io.cutover.sandbox;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A sandbox cluster's serving certificate, which is also its root CA: self-signed per cluster, for IP
 * {@code 127.0.0.1} and {@code localhost}, valid for a year. The cluster serves HTTPS with it (kubectl sends
 * credentials only over TLS), its kubeconfigs carry it as {@code certificate-authority-data}, and the token
 * controller puts it into {@code ca.crt}, as kube-controller-manager puts the cluster's root CA.
 */
final class CaCertificate {

  private final String certificatePem;
  private final String keyPem;

  private CaCertificate(String certificatePem, String keyPem) {
    this.certificatePem = certificatePem;
    this.keyPem = keyPem;
  }

  static CaCertificate generate(String clusterName) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=sandbox-" + clusterName + "-ca");
      Instant now = Instant.now();
      var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(365))), subject,
          keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
      var certificate = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
      return new CaCertificate(pem(certificate), pem(keys.getPrivate()));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate the sandbox cluster's certificate", e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  /** The certificate, PEM. */
  String certificatePem() {
    return certificatePem;
  }

  byte[] pem() {
    return certificatePem.getBytes(StandardCharsets.UTF_8);
  }

  /** The private key, PEM (PKCS#1); only for the HTTPS server. */
  String keyPem() {
    return keyPem;
  }

  /** The certificate as a kubeconfig's {@code certificate-authority-data} (base64 of the PEM). */
  String base64() {
    return java.util.Base64.getEncoder().encodeToString(pem());
  }

  @Override
  public String toString() {
    return "CaCertificate[" + certificatePem.length() + " PEM chars; key not shown]";
  }
}
