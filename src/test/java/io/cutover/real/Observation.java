package io.cutover.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one probe saw on one side: an ordered map of normalized facts. Values that differ between any two clusters by
 * nature (UIDs, resourceVersions, timestamps, issuer URLs, tokens) are never recorded raw: a probe names them as roles
 * ({@link #role}) and every fact whose value is a known raw value records the role instead ({@code <sa-uid>}).
 */
final class Observation {
  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private final Map<String, String> facts = new LinkedHashMap<>();
  private final Map<String, String> roles = new LinkedHashMap<>();

  /** From now on {@code raw} is recorded as {@code role} wherever it is a fact's whole value or part of it. */
  Observation role(String raw, String role) {
    if (raw != null && !raw.isEmpty()) {
      roles.put(raw, role);
    }
    return this;
  }

  Observation put(String fact, Object value) {
    if (facts.containsKey(fact)) {
      throw new IllegalStateException("fact recorded twice: " + fact);
    }
    facts.put(fact, normalize(value instanceof JsonNode json ? canonical(json) : String.valueOf(value)));
    return this;
  }

  /** JSON with every object's keys in order: the servers' field order is not a fact. */
  private static String canonical(JsonNode json) {
    try {
      return CANONICAL.writeValueAsString(CANONICAL.convertValue(json, Object.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  String normalize(String value) {
    String out = value;
    for (Map.Entry<String, String> r : roles.entrySet()) {
      out = out.replace(r.getKey(), r.getValue());
    }
    return out;
  }

  Map<String, String> facts() {
    return facts;
  }
}
