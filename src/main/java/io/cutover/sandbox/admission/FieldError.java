package io.cutover.sandbox.admission;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field error as k8s.io/apimachinery's {@code field.Error}: a type (the cause's reason), the field path as
 * {@code field.Path} prints it, the bad value and a detail. {@link #toString()} is {@code Error()}, {@link #body()} is
 * {@code ErrorBody()}, byte for byte where the value is a JSON scalar.
 */
public record FieldError(Type type, String field, Value value, String detail) {

  /** {@code field.ErrorType}: the reason of a StatusCause and the words {@code ErrorBody} starts with. */
  public enum Type {
    NOT_FOUND("FieldValueNotFound", "Not found"),
    REQUIRED("FieldValueRequired", "Required value"),
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    FORBIDDEN("FieldValueForbidden", "Forbidden"),
    TOO_LONG("FieldValueTooLong", "Too long"),
    TOO_MANY("FieldValueTooMany", "Too many"),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value");

    private final String reason;
    private final String words;

    Type(String reason, String words) {
      this.reason = reason;
      this.words = words;
    }

    public String reason() {
      return reason;
    }

    /** Errors that stop CEL rules from running (apiextensions-apiserver's {@code hasBlockingErr}). */
    boolean blocksRules() {
      return this == NOT_SUPPORTED || this == REQUIRED || this == TOO_LONG || this == TOO_MANY || this == TYPE_INVALID;
    }
  }

  /** A bad value as {@code ErrorBody} prints it: none, or {@code %v}/{@code %q}/JSON of a value. */
  public record Value(String printed) {
    static final Value NONE = new Value(null);

    /** A JSON value: strings quoted as Go's {@code %q}, numbers and booleans plain, anything else as JSON. */
    static Value of(JsonNode node) {
      if (node == null || node.isNull()) {
        return new Value("null");
      }
      if (node.isTextual()) {
        return new Value(GoStrings.quote(node.asText()));
      }
      if (node.isNumber() || node.isBoolean()) {
        return new Value(node.isFloatingPointNumber() ? GoStrings.formatFloat(node.asDouble()) : node.asText());
      }
      return new Value(node.toString());
    }

    /** A Go string value ({@code %q}). */
    static Value string(String s) {
      return new Value(GoStrings.quote(s));
    }

    static Value integer(long n) {
      return new Value(Long.toString(n));
    }
  }

  static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, Value.NONE, detail);
  }

  static FieldError invalid(String field, Value value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  /** {@code field.ErrorBody()}. */
  public String body() {
    String s = type.words;
    boolean printsValue = switch (type) {
      case REQUIRED, FORBIDDEN, TOO_LONG -> false;
      default -> value.printed() != null;
    };
    if (printsValue) {
      s += ": " + value.printed();
    }
    if (detail != null && !detail.isEmpty()) {
      s += ": " + detail;
    }
    return s;
  }

  /** {@code field.Error()}: the field, then the body. */
  @Override
  public String toString() {
    return field + ": " + body();
  }
}
