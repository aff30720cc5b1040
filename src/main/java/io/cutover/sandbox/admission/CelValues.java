package io.cutover.sandbox.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON value as a CEL rule sees it ({@code UnstructuredToVal}): objects with declared properties as maps keyed by
 * the escaped property names ({@code namespace} is {@code __namespace__}, {@code a-b} is {@code a__dash__b}; a name
 * that cannot be escaped is not visible), maps ({@code additionalProperties}) and free-form objects by their keys,
 * lists, strings, int64, double, bool, and {@code null}.
 */
final class CelValues {

  private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
      "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var",
      "void", "while");
  private static final Pattern SIMPLE = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern ESCAPABLE = Pattern.compile("[a-zA-Z_.\\-/][a-zA-Z0-9_.\\-/]*");

  private CelValues() {
  }

  static Object of(JsonNode value, JsonNode schema) {
    if (value == null || value.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      boolean declared = schema != null && schema.has("properties");
      value.fields().forEachRemaining(field -> {
        JsonNode property = Schemas.property(schema, field.getKey());
        if (declared && property != null) {
          String name = escape(field.getKey());
          if (name != null) {
            map.put(name, of(field.getValue(), property));
          }
        } else if (!declared) {
          map.put(field.getKey(), of(field.getValue(), Schemas.additional(schema)));
        }
      });
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(of(item, Schemas.items(schema))));
      return list;
    }
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    return value.asDouble();
  }

  /** Kubernetes' {@code cel.Escape}: the name a property has in CEL, or null when it has none. */
  static String escape(String name) {
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return null;
    }
    if (RESERVED.contains(name)) {
      return "__" + name + "__";
    }
    if (SIMPLE.matcher(name).matches() && !name.contains("__")) {
      return name;
    }
    if (!ESCAPABLE.matcher(name).matches()) {
      return null;
    }
    return name.replace("__", "__underscores__").replace(".", "__dot__").replace("-", "__dash__")
        .replace("/", "__slash__");
  }
}
