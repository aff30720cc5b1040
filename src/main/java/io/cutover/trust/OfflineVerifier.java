package io.cutover.trust;

import io.cutover.cluster.Token;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Verifies a service account token the way a relying party outside the cluster does: the signature against the
 * issuer's published JWKS (RS256/ES256 only, never "none"), then issuer, subject, audience and expiry. Messages say
 * which check failed; they never contain the token or its claims beyond issuer, subject and audience.
 */
public final class OfflineVerifier {
  private OfflineVerifier() {}

  /** The outcome: valid, or why not. */
  public record Result(boolean valid, String message) {}

  public static Result verify(Token token, String jwksJson, String issuer, String subject, List<String> audiences,
      Instant now) {
    JsonWebKeySet keys;
    try {
      keys = new JsonWebKeySet(jwksJson);
    } catch (JoseException e) {
      return new Result(false, "the issuer's JWKS cannot be parsed");
    }
    if (keys.getJsonWebKeys().isEmpty()) {
      return new Result(false, "the issuer publishes no keys");
    }
    JwtConsumerBuilder builder = new JwtConsumerBuilder()
        .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()))
        .setJwsAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT,
            "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256")
        .setRequireExpirationTime()
        .setAllowedClockSkewInSeconds(30)
        .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli()))
        .setExpectedIssuer(issuer)
        .setExpectedSubject(subject);
    if (audiences == null || audiences.isEmpty()) {
      builder.setSkipDefaultAudienceValidation();
    } else {
      builder.setExpectedAudience(true, audiences.toArray(String[]::new));
    }
    JwtConsumer consumer = builder.build();
    try {
      JwtClaims claims = consumer.processToClaims(token.reveal());
      return new Result(true, "signature verified against the JWKS of " + issuer + "; sub " + claims.getSubject()
          + (audiences == null || audiences.isEmpty() ? "" : ", aud " + claims.getAudience()));
    } catch (InvalidJwtException e) {
      return new Result(false, describe(e, issuer, subject, audiences));
    } catch (org.jose4j.jwt.MalformedClaimException e) {
      return new Result(false, "malformed claims");
    }
  }

  /** Which check failed, from jose4j's error codes (its messages quote the whole token: never used). */
  private static String describe(InvalidJwtException e, String issuer, String subject, List<String> audiences) {
    if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_INVALID)
        || e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_MISSING)) {
      return "the signature does not verify against the JWKS of " + issuer;
    }
    if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.ISSUER_INVALID)) {
      return "the token's issuer is not " + issuer;
    }
    if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.SUBJECT_INVALID)) {
      return "the token's subject is not " + subject;
    }
    if (e.hasErrorCode(org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_INVALID)) {
      return "the token's audience does not include " + audiences;
    }
    if (e.hasExpired()) {
      return "the token has expired";
    }
    return "the token is not a JWT whose signature verifies with a published key of " + issuer;
  }
}
