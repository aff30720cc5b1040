package io.cutover.cluster;

import io.cutover.api.v1alpha1.Ownership;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How Cutover keeps a token in a Secret: the token under {@value Ownership#TOKEN_KEY}, its issue and expiry times as
 * annotations, written together. One format for every writer and reader (the adapter and the test fake alike).
 */
public final class TokenSecrets {
  private TokenSecrets() {}

  /** Puts the token and its times into the Secret (in memory; the caller writes it in one update). */
  public static void put(Secret s, IssuedToken token, Instant issuedAt) {
    Map<String, String> data = s.getData() == null ? new HashMap<>() : new HashMap<>(s.getData());
    data.put(Ownership.TOKEN_KEY,
        Base64.getEncoder().encodeToString(token.token().reveal().getBytes(StandardCharsets.UTF_8)));
    s.setData(data);
    Map<String, String> annotations = s.getMetadata().getAnnotations() == null ? new HashMap<>()
        : new HashMap<>(s.getMetadata().getAnnotations());
    annotations.put(Ownership.TOKEN_ISSUED_AT_ANNOTATION, issuedAt.toString());
    annotations.put(Ownership.TOKEN_EXPIRES_AT_ANNOTATION, token.expiresAt().toString());
    s.getMetadata().setAnnotations(annotations);
  }

  /** The token a Secret holds, with the times annotated next to it (null when absent or unreadable). */
  public static Optional<StoredToken> read(Secret s) {
    String value = s.getData() == null ? null : s.getData().get(Ownership.TOKEN_KEY);
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> annotations = s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations();
    return Optional.of(new StoredToken(Token.of(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)),
        instant(annotations.get(Ownership.TOKEN_ISSUED_AT_ANNOTATION)),
        instant(annotations.get(Ownership.TOKEN_EXPIRES_AT_ANNOTATION))));
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
