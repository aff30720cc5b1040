package io.cutover.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JWT-shaped string with a fake signature, built at run time for redaction tests: the repository never holds
 * anything that looks like a token.
 */
public final class FakeJwt {
  private FakeJwt() {}

  public static String of(String payloadJson) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString("signature".getBytes(StandardCharsets.UTF_8));
  }
}
