package io.cutover.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * The service-account signing key of one sandbox cluster (kube-apiserver's {@code --service-account-signing-key-file}):
 * an RSA key generated at start, RS256, with the {@code kid} computed as kube-apiserver does (unpadded base64url of
 * the SHA-256 of the DER public key). The private key never leaves this object and {@link #toString()} shows only the
 * key id.
 */
final class ServiceAccountKeys {

  private final RsaJsonWebKey key;

  ServiceAccountKeys() {
    try {
      key = RsaJwkGenerator.generateJwk(2048);
    } catch (JoseException e) {
      throw new IllegalStateException("cannot generate the service account signing key", e);
    }
    key.setKeyId(keyId(key.getPublicKey().getEncoded()));
    key.setUse("sig");
    key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
  }

  private static String keyId(byte[] derPublicKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(derPublicKey);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String keyId() {
    return key.getKeyId();
  }

  /** Signs the claims: a compact JWS with header {@code alg: RS256}, {@code kid}. */
  String sign(JwtClaims claims) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("cannot sign a service account token", e);
    }
  }

  /**
   * The claims of a token whose RS256 signature was made by this key; empty for anything else (malformed, another
   * key, another algorithm). Never throws with the token in a message.
   */
  Optional<JwtClaims> verify(String token) {
    if (token == null || token.chars().filter(c -> c == '.').count() != 2) {
      return Optional.empty();
    }
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(token);
      if (!AlgorithmIdentifiers.RSA_USING_SHA256.equals(jws.getAlgorithmHeaderValue())) {
        return Optional.empty();
      }
      jws.setKey(key.getPublicKey());
      if (!jws.verifySignature()) {
        return Optional.empty();
      }
      return Optional.of(JwtClaims.parse(new String(jws.getUnverifiedPayloadBytes(), StandardCharsets.UTF_8)));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** The JWKS document of {@code /openid/v1/jwks}: the public key only. */
  Map<String, Object> jwks() {
    Map<String, Object> jwk = new LinkedHashMap<>(key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    jwk.put("use", "sig");
    jwk.put("alg", AlgorithmIdentifiers.RSA_USING_SHA256);
    return Map.of("keys", List.of(jwk));
  }

  @Override
  public String toString() {
    return "ServiceAccountKeys[kid=" + keyId() + "]";
  }
}
