package io.cutover.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubectl plugin's krew manifest, {@code plugins/cutover.yaml}: krew-release-bot's template rendered as the bot does
 * at a release, and krew's validation rules written out one by one — those of {@code pkg/index/validation/validate.go}
 * ({@code ValidatePlugin}, {@code validatePlatform}, {@code validateSelector}, the {@code v}-prefixed semver of
 * {@code pkg/installation/semver}) and of {@code cmd/validate-krew-manifest} (file name, supported and
 * non-overlapping platforms, line lengths), plus what krew-index's review asks for (a description, an https homepage
 * and uri). Each rule carries a way to break it, so a test can show the check is live.
 */
final class KrewManifest {
  static final Path TEMPLATE = Path.of("plugins", "cutover.yaml");
  static final Path ARCHIVE = Path.of("target", "kubectl-cutover.tar.gz");
  static final Path RENDERED = Path.of("target", "krew", "cutover.yaml");
  static final String API_VERSION = "krew.googlecontainertools.github.com/v1alpha2";

  /** The bot's call: {@code {{ addURIAndSha "URL" .TagName }}}; it writes {@code uri:} there, {@code sha256:} below. */
  static final Pattern ADD_URI_AND_SHA = Pattern.compile("\\{\\{ *addURIAndSha +\"([^\"]+)\" +\\.TagName *}}");
  static final Pattern TAG_NAME = Pattern.compile("\\{\\{ *\\.TagName *}}");
  /** krew-release-bot writes the sha256 line at this indent, whatever the call's own: the call must sit there too. */
  static final String BOT_INDENT = "    ";
  static final Pattern SAFE_NAME = Pattern.compile("^[\\w-]+$");
  static final Set<String> WINDOWS_FORBIDDEN = Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3", "com4",
      "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");
  static final Pattern SHA256 = Pattern.compile("^[a-f0-9]{64}$");
  /** krew's semver: a leading v, then Semantic Versioning 2.0.0 (blang/semver's grammar). */
  static final Pattern SEMVER = Pattern.compile("^v(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
      + "(-(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?"
      + "(\\+[0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*)?$");
  /** The os/arch pairs krew runs on (validate-krew-manifest's list, with the arm64 builds krew ships now). */
  static final List<List<String>> KREW_PLATFORMS = List.of(List.of("windows", "386"), List.of("windows", "amd64"),
      List.of("windows", "arm64"), List.of("linux", "386"), List.of("linux", "amd64"), List.of("linux", "arm"),
      List.of("linux", "arm64"), List.of("linux", "ppc64le"), List.of("linux", "s390x"), List.of("darwin", "amd64"),
      List.of("darwin", "arm64"));

  private static final ObjectMapper YAML = new YAMLMapper();

  private KrewManifest() {}

  /** One rule: a name for the failure message, the check, and an edit of a valid manifest that breaks it. */
  record Rule(String name, Predicate<Map<String, Object>> holds, Consumer<Map<String, Object>> breaker) {}

  /** The template rendered as krew-release-bot renders it for {@code tag} and an archive with {@code sha256}. */
  static String render(String template, String tag, String sha256) {
    Matcher call = ADD_URI_AND_SHA.matcher(template);
    StringBuilder out = new StringBuilder();
    while (call.find()) {
      String uri = TAG_NAME.matcher(call.group(1)).replaceAll(tag);
      call.appendReplacement(out, Matcher.quoteReplacement("uri: " + uri + "\n" + BOT_INDENT + "sha256: " + sha256));
    }
    call.appendTail(out);
    return TAG_NAME.matcher(out).replaceAll(tag);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String yaml) {
    try {
      return YAML.readValue(yaml, LinkedHashMap.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> copy(Map<String, Object> manifest) {
    return YAML.convertValue(manifest, LinkedHashMap.class);
  }

  /** Every rule; {@code fileName} is the manifest's file name ({@code cutover.yaml}). */
  static List<Rule> rules(String fileName) {
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule("apiVersion is " + API_VERSION, m -> API_VERSION.equals(m.get("apiVersion")),
        m -> m.put("apiVersion", "krew.googlecontainertools.github.com/v1alpha1")));
    rules.add(new Rule("kind is Plugin", m -> "Plugin".equals(m.get("kind")), m -> m.put("kind", "plugin")));
    rules.add(new Rule("metadata.name is a safe plugin name", m -> safeName(string(map(m, "metadata"), "name")),
        m -> map(m, "metadata").put("name", "cut over")));
    rules.add(new Rule("metadata.name is the file name less .yaml", m -> fileName.equals(string(map(m, "metadata"), "name")
        + ".yaml"), m -> map(m, "metadata").put("name", "cutover-plugin")));
    rules.add(new Rule("spec.shortDescription is set", m -> !string(spec(m), "shortDescription").isEmpty(),
        m -> spec(m).remove("shortDescription")));
    rules.add(new Rule("spec.shortDescription lines are at most 70 characters",
        m -> linesFit(string(spec(m), "shortDescription"), 70),
        m -> spec(m).put("shortDescription", "x ".repeat(36))));
    rules.add(new Rule("spec.description is set", m -> !string(spec(m), "description").isEmpty(),
        m -> spec(m).remove("description")));
    rules.add(new Rule("spec.description lines are at most 80 characters", m -> linesFit(string(spec(m), "description"), 80),
        m -> spec(m).put("description", "x ".repeat(41))));
    rules.add(new Rule("spec.caveats lines are at most 80 characters", m -> linesFit(string(spec(m), "caveats"), 80),
        m -> spec(m).put("caveats", "x ".repeat(41))));
    rules.add(new Rule("spec.homepage is an https URL", m -> string(spec(m), "homepage").startsWith("https://"),
        m -> spec(m).put("homepage", "http://github.com/cutover/cutover")));
    rules.add(new Rule("spec.version is set", m -> !string(spec(m), "version").isEmpty(), m -> spec(m).remove("version")));
    rules.add(new Rule("spec.version is semver with a leading v", m -> SEMVER.matcher(string(spec(m), "version")).matches(),
        m -> spec(m).put("version", "0.1.0")));
    rules.add(new Rule("spec.platforms is not empty", m -> !platforms(m).isEmpty(), m -> spec(m).put("platforms", List.of())));
    rules.add(platformRule("each platform has a uri", p -> !string(p, "uri").isEmpty(), p -> p.remove("uri")));
    rules.add(platformRule("each platform's uri is https", p -> string(p, "uri").startsWith("https://"),
        p -> p.put("uri", "http://example.com/kubectl-cutover.tar.gz")));
    rules.add(platformRule("each platform has a sha256", p -> !string(p, "sha256").isEmpty(), p -> p.remove("sha256")));
    rules.add(platformRule("each platform's sha256 is 64 lower-case hex digits",
        p -> SHA256.matcher(string(p, "sha256")).matches(), p -> p.put("sha256", "F".repeat(64))));
    rules.add(platformRule("each platform has a bin", p -> !string(p, "bin").isEmpty(), p -> p.remove("bin")));
    rules.add(platformRule("each platform has files", p -> !files(p).isEmpty(), p -> p.put("files", List.of())));
    rules.add(platformRule("each file has a from", p -> files(p).stream().allMatch(f -> !string(f, "from").isEmpty()),
        p -> files(p).get(0).remove("from")));
    rules.add(platformRule("each platform has a selector", p -> p.get("selector") instanceof Map,
        p -> p.remove("selector")));
    rules.add(platformRule("each selector is not empty", p -> {
      Map<String, Object> sel = map(p, "selector");
      return sel.get("matchLabels") != null || !expressions(sel).isEmpty();
    }, p -> p.put("selector", new LinkedHashMap<>())));
    rules.add(platformRule("each selector uses only the keys os and arch",
        p -> selectorKeys(map(p, "selector")).stream().allMatch(k -> k.equals("os") || k.equals("arch")),
        p -> map(p, "selector").put("matchLabels", new LinkedHashMap<>(Map.of("distro", "debian")))));
    rules.add(platformRule("a selector's matchLabels, if given, is not empty", p -> {
      Object labels = map(p, "selector").get("matchLabels");
      return labels == null || labels instanceof Map<?, ?> l && !l.isEmpty();
    }, p -> map(p, "selector").put("matchLabels", new LinkedHashMap<>())));
    rules.add(platformRule("a selector's matchExpressions, if given, is not empty", p -> {
      Object exprs = map(p, "selector").get("matchExpressions");
      return exprs == null || exprs instanceof List<?> l && !l.isEmpty();
    }, p -> {
      map(p, "selector").put("matchLabels", new LinkedHashMap<>(Map.of("os", "linux")));
      map(p, "selector").put("matchExpressions", List.of());
    }));
    rules.add(platformRule("each platform's selector matches a platform krew supports",
        p -> KREW_PLATFORMS.stream().anyMatch(osArch -> matches(map(p, "selector"), osArch.get(0), osArch.get(1))),
        p -> map(p, "selector").put("matchLabels", new LinkedHashMap<>(Map.of("os", "plan9")))));
    rules.add(new Rule("no os/arch is selected by two platforms", m -> KREW_PLATFORMS.stream().allMatch(osArch ->
        platforms(m).stream().filter(p -> matches(map(p, "selector"), osArch.get(0), osArch.get(1))).count() <= 1),
        m -> spec(m).put("platforms", List.of(platforms(m).get(0), copy(platforms(m).get(0))))));
    return rules;
  }

  /** The names of the rules {@code manifest} breaks. */
  static List<String> broken(Map<String, Object> manifest, String fileName) {
    return rules(fileName).stream().filter(r -> !safely(r.holds(), manifest)).map(Rule::name).toList();
  }

  static boolean safely(Predicate<Map<String, Object>> check, Map<String, Object> manifest) {
    try {
      return check.test(manifest);
    } catch (RuntimeException e) {
      return false;
    }
  }

  static Rule platformRule(String name, Predicate<Map<String, Object>> holds, Consumer<Map<String, Object>> breaker) {
    return new Rule(name, m -> platforms(m).stream().allMatch(holds), m -> breaker.accept(platforms(m).get(0)));
  }

  /** A Kubernetes label selector (matchLabels and In/NotIn/Exists/DoesNotExist) against the labels os and arch. */
  static boolean matches(Map<String, Object> selector, String os, String arch) {
    Map<String, String> labels = Map.of("os", os, "arch", arch);
    if (selector.get("matchLabels") instanceof Map<?, ?> matchLabels) {
      for (Map.Entry<?, ?> e : matchLabels.entrySet()) {
        if (!Objects.equals(labels.get(String.valueOf(e.getKey())), String.valueOf(e.getValue()))) {
          return false;
        }
      }
    }
    for (Map<String, Object> expr : expressions(selector)) {
      String value = labels.get(string(expr, "key"));
      List<?> values = expr.get("values") instanceof List<?> l ? l : List.of();
      boolean ok = switch (string(expr, "operator")) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static boolean safeName(String name) {
    return SAFE_NAME.matcher(name).matches() && !WINDOWS_FORBIDDEN.contains(name.toLowerCase(Locale.ROOT));
  }

  /** validate-krew-manifest's line-length check: a longer line passes only if it is one word. */
  static boolean linesFit(String text, int max) {
    return text.lines().allMatch(l -> l.length() <= max || !l.strip().contains(" "));
  }

  static List<String> selectorKeys(Map<String, Object> selector) {
    List<String> keys = new ArrayList<>();
    if (selector.get("matchLabels") instanceof Map<?, ?> labels) {
      labels.keySet().forEach(k -> keys.add(String.valueOf(k)));
    }
    expressions(selector).forEach(e -> keys.add(string(e, "key")));
    return keys;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> expressions(Map<String, Object> selector) {
    return selector.get("matchExpressions") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  static Map<String, Object> spec(Map<String, Object> manifest) {
    return map(manifest, "spec");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> platforms(Map<String, Object> manifest) {
    return spec(manifest).get("platforms") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> files(Map<String, Object> platform) {
    return platform.get("files") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> parent, String key) {
    return parent.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
  }

  static String string(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    return value == null ? "" : String.valueOf(value);
  }
}
