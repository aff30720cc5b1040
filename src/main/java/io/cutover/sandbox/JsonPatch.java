package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON patch (RFC 6902) by fabric8's zjsonpatch, which the mock uses too; a patch that does not apply is refused. */
final class JsonPatch {

  private JsonPatch() {
  }

  static JsonNode apply(JsonNode target, JsonNode patch) {
    try {
      return io.fabric8.zjsonpatch.JsonPatch.apply(patch, target);
    } catch (RuntimeException e) {
      throw new StrategicMergePatch.InvalidPatchException("the JSON patch does not apply: " + e.getMessage());
    }
  }
}
