package io.cutover.sandbox.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenAPI v3 validation of a (pruned, defaulted) custom resource against its structural schema, as kube-openapi's
 * validator runs it for apiextensions-apiserver, with its errors converted as {@code kubeOpenAPIResultToFieldErrors}
 * does: type (and int-or-string), format, maxLength/minLength/pattern (the first that fails), maximum/minimum
 * (exclusive), minItems/maxItems, enum, minProperties/maxProperties, required, nullable. Patterns are RE2 (re2j), as
 * Go's regexp. On an update a value equal to the old one at the same place is not validated again (kube-apiserver's
 * ratcheting, correlated through object fields and map keys).
 */
final class SchemaValidation {

  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private SchemaValidation() {
  }

  static List<FieldError> validate(JsonNode object, JsonNode old, JsonNode schema) {
    List<FieldError> errors = new ArrayList<>();
    value(object, old, schema, FieldPath.ROOT, errors);
    return errors;
  }

  private static void value(JsonNode value, JsonNode old, JsonNode schema, FieldPath path, List<FieldError> errors) {
    if (value == null || schema == null || (old != null && old.equals(value))) {
      return;
    }
    String name = path.openApi();
    String type = Schemas.type(schema);
    if (value.isNull()) {
      if (!type.isEmpty() && !Schemas.nullable(schema)) {
        errors.add(typeInvalid(name, type, "null"));
      }
      return;
    }
    String actual = jsonType(value);
    if (Schemas.intOrString(schema)) {
      if (!actual.equals("integer") && !actual.equals("string")) {
        errors.add(typeInvalid(name, "integer,string", actual));
        return;
      }
    } else if (!type.isEmpty() && !fits(type, actual, value)) {
      errors.add(typeInvalid(name, type, actual));
      return;
    }
    String format = schema.path("format").asText("");
    if (value.isTextual() && !format.isEmpty() && !Formats.valid(format, value.asText())) {
      errors.add(new FieldError(FieldError.Type.TYPE_INVALID, name, FieldError.Value.of(value),
          name + " in body must be of type " + format + ": " + GoStrings.quote(value.asText())));
      return;
    }
    if (value.isTextual()) {
      string(value, schema, name, errors);
    } else if (value.isNumber()) {
      number(value, schema, name, errors);
    } else if (value.isArray()) {
      array(value, schema, path, errors);
    }
    enumeration(value, schema, name, errors);
    if (value.isObject()) {
      object(value, old, schema, path, errors);
    }
  }

  private static void string(JsonNode value, JsonNode schema, String name, List<FieldError> errors) {
    String s = value.asText();
    long runes = s.codePointCount(0, s.length());
    if (schema.has("maxLength") && runes > schema.get("maxLength").asLong()) {
      long max = schema.get("maxLength").asLong();
      errors.add(new FieldError(FieldError.Type.TOO_LONG, name, FieldError.Value.NONE,
          "may not be more than " + max + (max == 1 ? " byte" : " bytes")));
    } else if (schema.has("minLength") && runes < schema.get("minLength").asLong()) {
      errors.add(FieldError.invalid(name, FieldError.Value.of(value),
          name + " in body should be at least " + schema.get("minLength").asLong() + " chars long"));
    } else if (schema.has("pattern")) {
      String pattern = schema.get("pattern").asText();
      if (!PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(s).find()) {
        errors.add(FieldError.invalid(name, FieldError.Value.of(value),
            name + " in body should match '" + pattern + "'"));
      }
    }
  }

  private static void number(JsonNode value, JsonNode schema, String name, List<FieldError> errors) {
    boolean integral = value.isIntegralNumber();
    double v = value.asDouble();
    if (schema.has("maximum")) {
      double max = schema.get("maximum").asDouble();
      boolean exclusive = Schemas.flag(schema, "exclusiveMaximum");
      if (exclusive ? v >= max : v > max) {
        errors.add(FieldError.invalid(name, FieldError.Value.of(value), name + " in body should be less than "
            + (exclusive ? "" : "or equal to ") + bound(max, integral)));
      }
    }
    if (schema.has("minimum")) {
      double min = schema.get("minimum").asDouble();
      boolean exclusive = Schemas.flag(schema, "exclusiveMinimum");
      if (exclusive ? v <= min : v < min) {
        errors.add(FieldError.invalid(name, FieldError.Value.of(value), name + " in body should be greater than "
            + (exclusive ? "" : "or equal to ") + bound(min, integral)));
      }
    }
  }

  private static String bound(double bound, boolean integral) {
    return integral ? Long.toString((long) bound) : GoStrings.formatFloat(bound);
  }

  private static void array(JsonNode value, JsonNode schema, FieldPath path, List<FieldError> errors) {
    String name = path.openApi();
    int size = value.size();
    if (schema.has("minItems") && size < schema.get("minItems").asLong()) {
      errors.add(FieldError.invalid(name, FieldError.Value.integer(size),
          name + " in body should have at least " + schema.get("minItems").asLong() + " items"));
    }
    if (schema.has("maxItems") && size > schema.get("maxItems").asLong()) {
      long max = schema.get("maxItems").asLong();
      errors.add(new FieldError(FieldError.Type.TOO_MANY, name, FieldError.Value.integer(size),
          "must have at most " + max + (max == 1 ? " item" : " items")));
    }
    JsonNode items = Schemas.items(schema);
    for (int i = 0; i < size; i++) {
      value(value.get(i), null, items, path.index(i), errors);
    }
  }

  private static void enumeration(JsonNode value, JsonNode schema, String name, List<FieldError> errors) {
    JsonNode allowed = schema.get("enum");
    if (allowed == null || !allowed.isArray()) {
      return;
    }
    List<String> quoted = new ArrayList<>();
    for (JsonNode candidate : allowed) {
      if (sameJson(candidate, value)) {
        return;
      }
      quoted.add(GoStrings.quote(candidate.isTextual() ? candidate.asText() : candidate.toString()));
    }
    errors.add(new FieldError(FieldError.Type.NOT_SUPPORTED, name, FieldError.Value.of(value),
        quoted.isEmpty() ? "" : "supported values: " + String.join(", ", quoted)));
  }

  private static void object(JsonNode value, JsonNode old, JsonNode schema, FieldPath path,
      List<FieldError> errors) {
    String name = path.openApi();
    int size = value.size();
    if (schema.has("minProperties") && size < schema.get("minProperties").asLong()) {
      errors.add(FieldError.invalid(name, FieldError.Value.integer(size),
          name + " in body should have at least " + schema.get("minProperties").asLong() + " properties"));
    }
    if (schema.has("maxProperties") && size > schema.get("maxProperties").asLong()) {
      long max = schema.get("maxProperties").asLong();
      errors.add(new FieldError(FieldError.Type.TOO_MANY, name, FieldError.Value.integer(size),
          "must have at most " + max + (max == 1 ? " item" : " items")));
    }
    Schemas.fields(value, old, schema, path, (v, o, s, p) -> value(v, o, s, p, errors));
    for (String required : Schemas.strings(schema, "required")) {
      if (!value.has(required)) {
        errors.add(FieldError.required(path.child(required).openApi(), ""));
      }
    }
  }

  private static FieldError typeInvalid(String name, String expected, String actual) {
    return new FieldError(FieldError.Type.TYPE_INVALID, name, FieldError.Value.string(actual),
        name + " in body must be of type " + expected + ": " + GoStrings.quote(actual));
  }

  private static boolean fits(String type, String actual, JsonNode value) {
    return switch (type) {
      case "integer" -> actual.equals("integer") || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())
          && !Double.isInfinite(value.asDouble()));
      case "number" -> actual.equals("number") || actual.equals("integer");
      default -> type.equals(actual);
    };
  }

  /** The JSON type kube-openapi infers from a decoded value. */
  static String jsonType(JsonNode value) {
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    return "null";
  }

  /** JSON equality with numbers compared by value (1 and 1.0 are one value, as after Go's decoding). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }
}
