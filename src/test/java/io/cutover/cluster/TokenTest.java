package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenTest {
  private static final String VALUE = "header.payload.signature-that-must-never-be-printed";

  @Test
  void toStringRedactsTheValue() {
    Token token = Token.of(VALUE);
    assertThat(token.toString()).doesNotContain(VALUE).doesNotContain("payload").isEqualTo("Token[redacted]");
    assertThat(token.reveal()).isEqualTo(VALUE);
  }

  @Test
  void recordsHoldingATokenDoNotPrintIt() {
    IssuedToken issued = new IssuedToken(Token.of(VALUE), Instant.EPOCH);
    assertThat(issued.toString()).doesNotContain(VALUE);
    assertThat(List.of(Token.of(VALUE)).toString()).doesNotContain(VALUE);
    assertThat(String.format("%s", Token.of(VALUE))).doesNotContain(VALUE);
  }

  @Test
  void emptyTokensAreRejectedWithoutEchoingInput() {
    assertThatThrownBy(() -> Token.of("  ")).hasMessage("empty token");
  }
}
