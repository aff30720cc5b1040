package io.cutover.sandbox.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.common.CelValidationException;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The {@code x-kubernetes-validations} rules of a schema, evaluated with CEL (dev.cel) as apiextensions-apiserver's
 * {@code cel.Validator} does: at each value that has rules, {@code self} is the value and {@code oldSelf} the old
 * value at the same place; a rule that uses {@code oldSelf} (a transition rule) runs only when there is an old value.
 * A rule that is false is an error at the value (plus its {@code fieldPath}) with its {@code message}, the result of
 * its {@code messageExpression}, or {@code failed rule: <rule>}, typed by its {@code reason}; an evaluation error is
 * {@code <error> evaluating rule: <rule>}. Old values are correlated through object fields, map keys and the keys of
 * {@code x-kubernetes-list-type: map} lists. Not enforced: Kubernetes' CEL cost budgets.
 */
final class CelRules {

  private static final Cel CEL = KubernetesCelLibrary.build();
  private static final Map<String, Compiled> COMPILED = new ConcurrentHashMap<>();
  private static final Pattern OLD_SELF = Pattern.compile("(?<![\\w.])oldSelf\\b");

  private CelRules() {
  }

  private record Compiled(CelRuntime.Program program, boolean usesOldSelf, String error) {
  }

  static List<FieldError> validate(JsonNode object, JsonNode old, JsonNode schema) {
    List<FieldError> errors = new ArrayList<>();
    node(object, old, schema, FieldPath.ROOT, errors);
    return errors;
  }

  private static void node(JsonNode value, JsonNode old, JsonNode schema, FieldPath path, List<FieldError> errors) {
    if (value == null || value.isNull() || schema == null || (old != null && old.equals(value))) {
      return;
    }
    JsonNode rules = schema.get("x-kubernetes-validations");
    if (rules != null && rules.isArray()) {
      for (JsonNode rule : rules) {
        evaluate(rule, value, old, schema, path, errors);
      }
    }
    if (value.isObject()) {
      Schemas.fields(value, old, schema, path, (v, o, s, p) -> node(v, o, s, p, errors));
    } else if (value.isArray()) {
      JsonNode items = Schemas.items(schema);
      for (int i = 0; i < value.size(); i++) {
        node(value.get(i), correlated(value.get(i), old, schema), items, path.index(i), errors);
      }
    }
  }

  /** The old item of a map list with the same keys (other lists do not correlate). */
  private static JsonNode correlated(JsonNode item, JsonNode old, JsonNode schema) {
    if (old == null || !old.isArray() || !schema.path("x-kubernetes-list-type").asText("").equals("map")) {
      return null;
    }
    List<String> keys = Schemas.strings(schema, "x-kubernetes-list-map-keys");
    for (JsonNode candidate : old) {
      if (keys.stream().allMatch(k -> candidate.path(k).equals(item.path(k)))) {
        return candidate;
      }
    }
    return null;
  }

  private static void evaluate(JsonNode rule, JsonNode value, JsonNode old, JsonNode schema, FieldPath path,
      List<FieldError> errors) {
    String text = rule.path("rule").asText("");
    if (text.isBlank()) {
      return;
    }
    FieldError.Value type = FieldError.Value.string(Schemas.type(schema));
    Compiled compiled = COMPILED.computeIfAbsent(text, CelRules::compile);
    if (compiled.error() != null) {
      errors.add(FieldError.invalid(path.field(), type, "rule compile error: " + compiled.error()));
      return;
    }
    if (compiled.usesOldSelf() && old == null) {
      return;
    }
    Map<String, Object> activation = new HashMap<>();
    activation.put("self", CelValues.of(value, schema));
    if (old != null) {
      activation.put("oldSelf", CelValues.of(old, schema));
    }
    Object result;
    try {
      result = compiled.program().eval(activation);
    } catch (CelEvaluationException | RuntimeException e) {
      errors.add(FieldError.invalid(path.field(), type, e.getMessage() + " evaluating rule: " + errorString(rule)));
      return;
    }
    if (Boolean.TRUE.equals(result)) {
      return;
    }
    FieldPath at = path;
    String fieldPath = rule.path("fieldPath").asText("");
    if (!fieldPath.isEmpty()) {
      at = path.child(fieldPath.startsWith(".") ? fieldPath.substring(1) : fieldPath);
    }
    errors.add(error(rule, at, type, message(rule, activation)));
  }

  private static String message(JsonNode rule, Map<String, Object> activation) {
    String expression = rule.path("messageExpression").asText("");
    if (!expression.isEmpty()) {
      try {
        Object message = CEL.createProgram(CEL.compile(expression).getAst()).eval(activation);
        if (message instanceof String s && !s.isBlank() && !s.contains("\n")) {
          return s;
        }
      } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
        // kube-apiserver falls back to the message (or the rule) when the expression fails
      }
    }
    String message = rule.path("message").asText("");
    return message.isEmpty() ? "failed rule: " + errorString(rule) : message.trim();
  }

  private static String errorString(JsonNode rule) {
    String message = rule.path("message").asText("");
    return message.isEmpty() ? rule.path("rule").asText("").trim() : message.trim();
  }

  /** {@code fieldErrorForReason}. */
  private static FieldError error(JsonNode rule, FieldPath at, FieldError.Value type, String detail) {
    String reason = rule.path("reason").asText("");
    return switch (reason) {
      case "FieldValueForbidden" -> new FieldError(FieldError.Type.FORBIDDEN, at.field(), type, detail);
      case "FieldValueRequired" -> FieldError.required(at.field(), detail);
      case "FieldValueDuplicate" -> new FieldError(FieldError.Type.DUPLICATE, at.field(), type, "");
      default -> FieldError.invalid(at.field(), type, detail);
    };
  }

  private static Compiled compile(String rule) {
    try {
      return new Compiled(CEL.createProgram(CEL.compile(rule).getAst()), OLD_SELF.matcher(rule).find(), null);
    } catch (CelValidationException | CelEvaluationException e) {
      return new Compiled(null, false, e.getMessage());
    }
  }
}
