package io.cutover.validate;

/** One rule a spec breaks: the field's JSON path (e.g. {@code spec.tokens.expirationSeconds}) and what is wrong. */
public record Violation(String field, String problem) {
  /** For a condition message: the field first, so people find it. */
  @Override
  public String toString() {
    return field + ": " + problem;
  }
}
