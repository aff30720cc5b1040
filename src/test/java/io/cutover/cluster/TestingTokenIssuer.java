package io.cutover.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;

/**
 * The fake's TokenRequest: opaque random tokens, {@code expirationSeconds >= 600}, lifetimes shortened to
 * {@link TestingClusterPort#maxTokenSeconds}, 404 for a missing ServiceAccount or bound Secret, 409 for a bound
 * Secret of another UID; and the write of a token into its delivery Secret.
 */
final class TestingTokenIssuer implements TokenIssuer {
  private final TestingClusterPort fake;

  TestingTokenIssuer(TestingClusterPort fake) {
    this.fake = fake;
  }

  @Override
  public IssuedToken requestToken(TokenRequestSpec request) {
    List<String> args = new ArrayList<>(List.of(request.namespace(), request.serviceAccount(),
        String.valueOf(request.audiences()), String.valueOf(request.expirationSeconds())));
    if (request.boundSecretName() != null) {
      args.add("Secret/" + request.boundSecretName());
    }
    return fake.call("requestToken", args, () -> {
      if (request.expirationSeconds() < 600) {
        throw fake.apiError(400, "requestToken", "expirationSeconds must be at least 600", false);
      }
      ServiceAccount sa = fake.get(ServiceAccount.class, "ServiceAccount", request.namespace(), request.serviceAccount())
          .orElseThrow(() -> fake.apiError(404, "requestToken", "serviceaccounts not found", false));
      if (request.boundSecretName() != null) {
        Secret bound = fake.get(Secret.class, "Secret", request.namespace(), request.boundSecretName())
            .orElseThrow(() -> fake.apiError(404, "requestToken", "secrets not found", false));
        if (request.boundSecretUid() != null && !request.boundSecretUid().equals(bound.getMetadata().getUid())) {
          throw fake.apiError(409, "requestToken", "the UID in the bound object reference differs from the object", true);
        }
      }
      long seconds = fake.maxTokenSeconds == null ? request.expirationSeconds() : Math.min(request.expirationSeconds(), fake.maxTokenSeconds);
      Instant issuedAt = fake.clock.instant();
      Instant expiresAt = issuedAt.plusSeconds(seconds);
      String boundUid = request.boundSecretName() == null ? null
          : fake.get(Secret.class, "Secret", request.namespace(), request.boundSecretName()).orElseThrow().getMetadata().getUid();
      byte[] raw = new byte[24];
      fake.secureRandom.nextBytes(raw);
      String value = "fake." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      List<String> audiences = request.audiences() == null || request.audiences().isEmpty() ? List.of(fake.API_AUDIENCE)
          : List.copyOf(request.audiences());
      fake.tokens.put(value, new IssuedRecord(++fake.tokenSerial, request.namespace(), request.serviceAccount(),
          sa.getMetadata().getUid(), audiences, issuedAt, expiresAt, request.boundSecretName(), boundUid));
      return new IssuedToken(Token.of(value), expiresAt);
    }, t -> "issued");
  }

  @Override
  public void writeToken(String namespace, String secretName, IssuedToken token, Instant issuedAt) {
    fake.call("writeToken", List.of(namespace, secretName), () -> {
      Secret s = (Secret) fake.objects.get(fake.key("Secret", namespace, secretName));
      if (s == null) {
        throw fake.apiError(404, "update secret", "secrets \"" + secretName + "\" not found", false);
      }
      IssuedRecord issued = fake.tokens.get(token.token().reveal());
      if (issued != null) {
        fake.writtenTo.computeIfAbsent(issued.serial(), k -> new HashSet<>()).add(namespace + "/" + secretName);
      }
      TokenSecrets.put(s, token, issuedAt);
      return null;
    }, o -> "ok");
  }
}
