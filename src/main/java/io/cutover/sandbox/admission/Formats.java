package io.cutover.sandbox.admission;

import com.google.common.net.InetAddresses;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The string formats apiextensions-apiserver checks ({@code supportedVersionedFormats}) that are cheap to check the
 * same way here: uuid, date, date-time, byte, ipv4, ipv6, cidr, hostname, hexcolor. Any other format passes.
 */
final class Formats {

  private static final Pattern UUID =
      Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
  private static final Pattern HOSTNAME = Pattern.compile(
      "^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]"
          + "{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$");
  private static final Pattern HEX_COLOR = Pattern.compile("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
  static final Set<String> CHECKED = Set.of("uuid", "date", "date-time", "datetime", "byte", "ipv4", "ipv6", "cidr",
      "hostname", "hexcolor");

  private Formats() {
  }

  /** Whether a string fits a format (true for a format not checked here). */
  static boolean valid(String format, String value) {
    try {
      return switch (format) {
        case "uuid" -> UUID.matcher(value).matches();
        case "date" -> parses(() -> LocalDate.parse(value));
        case "date-time", "datetime" -> parses(() -> OffsetDateTime.parse(value));
        case "byte" -> parses(() -> Base64.getDecoder().decode(value));
        case "ipv4" -> !value.contains(":") && InetAddresses.isInetAddress(value);
        case "ipv6" -> value.contains(":") && InetAddresses.isInetAddress(value);
        case "cidr" -> cidr(value);
        case "hostname" -> value.length() <= 255 && HOSTNAME.matcher(value).matches();
        case "hexcolor" -> HEX_COLOR.matcher(value).matches();
        default -> true;
      };
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean parses(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean cidr(String value) {
    int slash = value.indexOf('/');
    if (slash < 0 || !InetAddresses.isInetAddress(value.substring(0, slash))) {
      return false;
    }
    String bits = value.substring(slash + 1);
    int max = value.substring(0, slash).contains(":") ? 128 : 32;
    return bits.matches("[0-9]{1,3}") && Integer.parseInt(bits) <= max;
  }
}
