package io.cutover.validate;

import io.cutover.api.v1alpha1.ApiRules;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks of one field that every section of the spec uses (a Kubernetes name, an audience, a list's length) and
 * how a message shows a value. Each adds what it finds to {@code out}, in field order, and never throws.
 */
final class FieldChecks {
  private static final Pattern LABEL = Pattern.compile(ApiRules.DNS1123_LABEL);
  private static final Pattern SUBDOMAIN = Pattern.compile(ApiRules.DNS1123_SUBDOMAIN);
  private static final Pattern AUDIENCE = Pattern.compile(ApiRules.AUDIENCE);

  private FieldChecks() {}

  static void label(List<Violation> out, String path, String value, boolean required) {
    name(out, path, value, required, LABEL, ApiRules.DNS1123_LABEL_MAX,
        "a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)");
  }

  static void subdomain(List<Violation> out, String path, String value, boolean required) {
    name(out, path, value, required, SUBDOMAIN, ApiRules.DNS1123_SUBDOMAIN_MAX,
        "a DNS-1123 subdomain (dot-separated lower-case labels of letters, digits and '-')");
  }

  private static void name(List<Violation> out, String path, String value, boolean required, Pattern pattern,
      int max, String what) {
    if (value == null) {
      if (required) {
        out.add(new Violation(path, "is required"));
      }
      return;
    }
    if (value.isEmpty()) {
      out.add(new Violation(path, "must not be empty"));
    } else if (value.length() > max) {
      out.add(new Violation(path, tooLong(value, max)));
    } else if (!pattern.matcher(value).matches()) {
      out.add(new Violation(path, show(value) + " is not " + what));
    }
  }

  /** A non-empty audience's length and characters; true when it passes both. */
  static boolean audience(List<Violation> out, String path, String value) {
    if (value.length() > ApiRules.AUDIENCE_MAX_LENGTH) {
      out.add(new Violation(path, tooLong(value, ApiRules.AUDIENCE_MAX_LENGTH)));
      return false;
    }
    if (!AUDIENCE.matcher(value).matches()) {
      out.add(new Violation(path, show(value) + " must be printable ASCII without spaces"));
      return false;
    }
    return true;
  }

  /** A list or map longer than the schema's maxItems / maxProperties. */
  static void tooMany(List<Violation> out, String path, int size, int max, String what) {
    if (size > max) {
      out.add(new Violation(path, "has " + size + " " + what + "; at most " + max + " are allowed"));
    }
  }

  static String tooLong(String value, int max) {
    return "is " + value.length() + " characters long; at most " + max + " are allowed";
  }

  /** A value quoted for a message only when short and plain; anything else is described, never echoed. */
  static String show(String value) {
    if (value.length() <= 64 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      return "'" + value + "'";
    }
    return "the value (" + value.length() + " characters, not plain ASCII or too long to quote)";
  }
}
