package io.cutover.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.cluster.Token;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OfflineVerifierTest {
  static final String ISSUER = "https://target.cluster.test";
  static final String SUBJECT = "system:serviceaccount:payments:api";
  static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  static RsaJsonWebKey key;
  static RsaJsonWebKey otherKey;
  static String jwks;

  @BeforeAll
  static void keys() throws JoseException {
    key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId("k1");
    otherKey = RsaJwkGenerator.generateJwk(2048);
    otherKey.setKeyId("k1"); // same kid, different key: only the signature tells them apart
    jwks = new JsonWebKeySet(key).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  static Token token(RsaJsonWebKey signer, String issuer, String subject, String audience, Instant expiry)
      throws JoseException {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setSubject(subject);
    claims.setAudience(audience);
    claims.setIssuedAt(NumericDate.fromMilliseconds(NOW.minusSeconds(60).toEpochMilli()));
    claims.setExpirationTime(NumericDate.fromMilliseconds(expiry.toEpochMilli()));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(signer.getPrivateKey());
    jws.setKeyIdHeaderValue(signer.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return Token.of(jws.getCompactSerialization());
  }

  static Token valid() throws JoseException {
    return token(key, ISSUER, SUBJECT, "vault", NOW.plusSeconds(600));
  }

  @Test
  void aTokenSignedByAPublishedKeyWithTheExpectedClaimsVerifies() throws JoseException {
    var r = OfflineVerifier.verify(valid(), jwks, ISSUER, SUBJECT, List.of("vault"), NOW);
    assertThat(r.valid()).as(r.message()).isTrue();
  }

  @Test
  void eachWrongPartIsRejectedWithWhatWasWrongAndNeverTheToken() throws JoseException {
    Token forged = token(otherKey, ISSUER, SUBJECT, "vault", NOW.plusSeconds(600));
    Token otherIssuer = token(key, "https://source.cluster.test", SUBJECT, "vault", NOW.plusSeconds(600));
    Token otherSubject = token(key, ISSUER, "system:serviceaccount:payments:other", "vault", NOW.plusSeconds(600));
    Token otherAudience = token(key, ISSUER, SUBJECT, "sts.amazonaws.com", NOW.plusSeconds(600));
    Token expired = token(key, ISSUER, SUBJECT, "vault", NOW.minusSeconds(120));

    assertRejected(forged, jwks, "signature does not verify");
    assertRejected(otherIssuer, jwks, "issuer is not");
    assertRejected(otherSubject, jwks, "subject is not");
    assertRejected(otherAudience, jwks, "audience does not include");
    assertRejected(expired, jwks, "expired");
    assertRejected(valid(), "{\"keys\":[]}", "publishes no keys");
    assertRejected(valid(), "not json", "cannot be parsed");
  }

  @Test
  void anUnsignedTokenIsRejected() throws JoseException {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(ISSUER);
    claims.setSubject(SUBJECT);
    claims.setAudience("vault");
    claims.setExpirationTime(NumericDate.fromMilliseconds(NOW.plusSeconds(600).toEpochMilli()));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
    jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
    Token none = Token.of(jws.getCompactSerialization());

    assertThat(OfflineVerifier.verify(none, jwks, ISSUER, SUBJECT, List.of("vault"), NOW).valid()).isFalse();
  }

  private static void assertRejected(Token t, String keys, String why) {
    var r = OfflineVerifier.verify(t, keys, ISSUER, SUBJECT, List.of("vault"), NOW);
    assertThat(r.valid()).isFalse();
    assertThat(r.message()).contains(why).doesNotContain(t.reveal()).doesNotContain(t.reveal().split("\\.")[1]);
  }
}
