package io.cutover.cluster;

import java.util.Objects;

/**
 * A bearer token. Its value leaves this object only through {@link #reveal()}, which the cluster adapters call when
 * they send it to an API server or write it into a Secret; {@code toString} never shows it.
 */
public final class Token {
  private final String value;

  private Token(String value) {
    this.value = Objects.requireNonNull(value, "token");
  }

  public static Token of(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("empty token");
    }
    return new Token(value);
  }

  /** The secret value. Call only to hand it to an API server or a Secret; never log or store the result elsewhere. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "Token[redacted]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Token t && t.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
