package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Test helper: reads a JWT's header and payload without verifying it. */
final class Jwt {

  private Jwt() {
  }

  static JsonNode header(String token) {
    return part(token, 0);
  }

  static JsonNode claims(String token) {
    return part(token, 1);
  }

  private static JsonNode part(String token, int index) {
    String[] parts = token.split("\\.");
    try {
      return Store.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError("not a JWT", e);
    }
  }
}
