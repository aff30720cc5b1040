package io.cutover.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cutover.api.v1alpha1.ApiRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may migrate what: the namespaces migrations may be created in, and the source and target namespaces each may
 * touch. A migration is permitted when one {@link Rule} matches all three of its namespaces; otherwise it fails with
 * {@code NotPermitted} before anything is read from the source. The file format (given with {@code --policy}):
 *
 * <pre>
 * allow:
 *   - migrationNamespaces: [cutover-system]   # namespaces where migrations may be created
 *     sourceNamespaces: [payments, orders]    # "*" means any
 *     targetNamespaces: [payments, orders]
 * </pre>
 *
 * Without a file the operator uses {@link #ownNamespaceOnly()}: a migration may only move an identity within its own
 * namespace, so creating a migration grants nothing beyond what write access to that namespace already implies.
 */
public final class MigrationPolicy {
  /** Matches any namespace. */
  public static final String ANY = "*";
  private static final Pattern LABEL = Pattern.compile(ApiRules.DNS1123_LABEL);
  private static final Set<String> RULE_KEYS = Set.of("migrationNamespaces", "sourceNamespaces", "targetNamespaces");

  /** One allowed combination; each list holds namespace names or {@value #ANY}. */
  public record Rule(List<String> migrationNamespaces, List<String> sourceNamespaces, List<String> targetNamespaces) {
    public Rule {
      migrationNamespaces = List.copyOf(migrationNamespaces);
      sourceNamespaces = List.copyOf(sourceNamespaces);
      targetNamespaces = List.copyOf(targetNamespaces);
    }

    boolean permits(String migrationNs, String sourceNs, String targetNs) {
      return matches(migrationNamespaces, migrationNs) && matches(sourceNamespaces, sourceNs)
          && matches(targetNamespaces, targetNs);
    }

    private static boolean matches(List<String> allowed, String ns) {
      return ns != null && (allowed.contains(ANY) || allowed.contains(ns));
    }
  }

  /** The outcome for one migration: permitted, or why not (a message safe for status). */
  public record Decision(boolean permitted, String message) {}

  private final List<Rule> rules;
  private final boolean ownNamespaceOnly;
  private final String description;

  private MigrationPolicy(List<Rule> rules, boolean ownNamespaceOnly, String description) {
    this.rules = List.copyOf(rules);
    this.ownNamespaceOnly = ownNamespaceOnly;
    this.description = description;
  }

  /** The default without a policy file: source and target namespace must both be the migration's own. */
  public static MigrationPolicy ownNamespaceOnly() {
    return new MigrationPolicy(List.of(), true, "the default policy (no --policy file): a migration may only move"
        + " an identity within its own namespace");
  }

  /** Every namespace everywhere: for tests that drive the phase machine directly, never the operator's default. */
  public static MigrationPolicy permitAll() {
    return new MigrationPolicy(List.of(new Rule(List.of(ANY), List.of(ANY), List.of(ANY))), false,
        "a policy that permits every namespace");
  }

  public static MigrationPolicy of(List<Rule> rules, String description) {
    return new MigrationPolicy(rules, false, description);
  }

  /** Reads the policy file; an unreadable or malformed file is an {@link IllegalArgumentException} naming the problem. */
  public static MigrationPolicy load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read policy file " + file + ": " + e.getClass().getSimpleName());
    }
    return parse(text, "policy file " + file);
  }

  /**
   * Parses the YAML format above. Strict: unknown keys, a missing or empty list, or a name that is neither a
   * DNS-1123 label nor {@value #ANY} are errors, since a typo must not silently change who may migrate what.
   */
  public static MigrationPolicy parse(String yaml, String description) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(description + " is not valid YAML"
          + (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
              ? " (line " + p.getLocation().getLineNr() + ")" : ""));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(description + ": expected a mapping with key 'allow'");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("allow")) {
        throw new IllegalArgumentException(description + ": unknown key '" + key + "' (expected 'allow')");
      }
    }
    JsonNode allow = root.get("allow");
    if (allow == null || !allow.isArray()) {
      throw new IllegalArgumentException(description + ": 'allow' must be a list of rules");
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i < allow.size(); i++) {
      JsonNode entry = allow.get(i);
      String where = description + ": allow[" + i + "]";
      if (!entry.isObject()) {
        throw new IllegalArgumentException(where + " must be a mapping");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
        String key = it.next().getKey();
        if (!RULE_KEYS.contains(key)) {
          throw new IllegalArgumentException(where + ": unknown key '" + key + "' (expected migrationNamespaces,"
              + " sourceNamespaces, targetNamespaces)");
        }
      }
      rules.add(new Rule(names(entry, "migrationNamespaces", where), names(entry, "sourceNamespaces", where),
          names(entry, "targetNamespaces", where)));
    }
    return new MigrationPolicy(rules, false, description);
  }

  private static List<String> names(JsonNode entry, String key, String where) {
    JsonNode list = entry.get(key);
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(where + "." + key + " must be a non-empty list of namespaces or \"*\"");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      String name = n.isTextual() ? n.asText() : null;
      if (name == null || !(name.equals(ANY) || (name.length() <= ApiRules.DNS1123_LABEL_MAX && LABEL.matcher(name).matches()))) {
        throw new IllegalArgumentException(where + "." + key + ": " + (name == null ? "a non-string item" : "'" + name + "'")
            + " is neither a namespace name nor \"*\"");
      }
      out.add(name);
    }
    return out;
  }

  /** Whether a migration in {@code migrationNs} may move an identity from {@code sourceNs} to {@code targetNs}. */
  public Decision decide(String migrationNs, String sourceNs, String targetNs) {
    String what = "a migration in namespace " + migrationNs + " may not move an identity from namespace " + sourceNs
        + " to namespace " + targetNs;
    if (ownNamespaceOnly) {
      boolean own = migrationNs != null && migrationNs.equals(sourceNs) && migrationNs.equals(targetNs);
      return own ? new Decision(true, "") : new Decision(false, what + " under " + description);
    }
    for (Rule rule : rules) {
      if (rule.permits(migrationNs, sourceNs, targetNs)) {
        return new Decision(true, "");
      }
    }
    return new Decision(false, what + ": no rule of " + description + " allows it");
  }

  public List<Rule> rules() {
    return rules;
  }

  public boolean isOwnNamespaceOnly() {
    return ownNamespaceOnly;
  }

  @Override
  public String toString() {
    return description;
  }
}
