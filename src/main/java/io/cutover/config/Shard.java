package io.cutover.config;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of the operator's primary resources this deployment owns: a Kubernetes label selector (string form, as
 * {@code kubectl get -l} takes it) given to every controller's primary informer, so that the list and watch the API
 * server answers hold only this shard's objects, and a name that names the shard's own Lease. {@link #none()}: every
 * object, the Lease {@value CutoverOperator#LEASE_NAME}. The selector is checked here, before anything starts, by
 * the rules of {@code k8s.io/apimachinery/pkg/labels.Parse} and the label key and value syntax; a bad one is refused
 * with the reason (an API server would otherwise refuse every list, and the operator would never sync).
 */
public record Shard(String name, String selector) {
  private static final String LABEL_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final Pattern NAME = Pattern.compile(LABEL_NAME);
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern SET = Pattern.compile("^\\s*(\\S+?)\\s+(in|notin)\\s*\\((.*)\\)\\s*$");
  private static final Pattern EQUALITY = Pattern.compile("^\\s*([^\\s!=<>]+)\\s*(==|!=|=)\\s*(\\S*)\\s*$");
  private static final Pattern EXISTS = Pattern.compile("^\\s*(!?)\\s*([^\\s!=<>()]+)\\s*$");

  /** Validates both; null (or blank) name and selector: not sharded. */
  public Shard {
    name = name == null || name.isBlank() ? null : name;
    selector = selector == null ? null : selector.strip();
    if (name != null && (name.length() > 63 || !DNS_LABEL.matcher(name).matches())) {
      throw new IllegalArgumentException("shard name '" + name + "' must be a DNS label (lower-case letters, digits"
          + " and '-', at most 63 characters): it names the Lease " + CutoverOperator.LEASE_NAME + "-NAME");
    }
    if (selector != null) {
      String problem = problem(selector);
      if (problem != null) {
        throw new IllegalArgumentException("selector '" + selector + "' is not a label selector: " + problem);
      }
    }
    if (name != null && selector == null) {
      throw new IllegalArgumentException("shard '" + name + "' has no selector: it would reconcile every other"
          + " shard's objects too; give the shard a selector");
    }
  }

  public static Shard none() {
    return new Shard(null, null);
  }

  /** The Lease this deployment's replicas compete for: {@code cutover-operator}, or {@code cutover-operator-NAME}. */
  public String leaseName() {
    return name == null ? CutoverOperator.LEASE_NAME : CutoverOperator.LEASE_NAME + "-" + name;
  }

  /**
   * What every controller registration does to honour the shard: its primary informer lists and watches only the
   * objects the selector selects, so the controller never sees, reconciles, finalizes or reports any other.
   */
  public <R extends HasMetadata> ControllerConfigurationOverrider<R> apply(ControllerConfigurationOverrider<R> c) {
    return selector == null ? c : c.withLabelSelector(selector);
  }

  /** Why {@code selector} is not a label selector, or null when it is one. */
  static String problem(String selector) {
    if (selector.isBlank()) {
      return "it is empty (an empty selector selects every object: leave it out)";
    }
    for (String part : split(selector)) {
      if (part.isBlank()) {
        return "an empty requirement (a stray ',')";
      }
      if (part.contains("<") || part.contains(">")) {
        return "'" + part.strip() + "': the operators < and > are not supported (use =, ==, !=, in, notin, KEY or !KEY)";
      }
      var set = SET.matcher(part);
      var equality = EQUALITY.matcher(part);
      var exists = EXISTS.matcher(part);
      String problem;
      if (set.matches()) {
        problem = key(set.group(1));
        if (problem == null) {
          String inside = set.group(3).strip();
          if (inside.isEmpty()) {
            return "'" + part.strip() + "': " + set.group(2) + " needs at least one value";
          }
          for (String value : inside.split(",", -1)) {
            problem = problem == null ? value(value.strip()) : problem;
          }
        }
      } else if (equality.matches()) {
        problem = key(equality.group(1));
        problem = problem == null ? value(equality.group(3)) : problem;
      } else if (exists.matches()) {
        problem = key(exists.group(2));
      } else {
        return "'" + part.strip() + "' is none of KEY=VALUE, KEY==VALUE, KEY!=VALUE, KEY in (V,...), KEY notin (V,...),"
            + " KEY, !KEY";
      }
      if (problem != null) {
        return "'" + part.strip() + "': " + problem;
      }
    }
    return null;
  }

  private static String key(String key) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (prefix != null && (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
      return "the key's prefix '" + prefix + "' must be a DNS subdomain (lower-case, at most 253 characters)";
    }
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      return "the key's name '" + name + "' must be at most 63 characters of letters, digits, '-', '_' and '.',"
          + " beginning and ending with a letter or digit";
    }
    return null;
  }

  private static String value(String value) {
    if (value.length() > 63 || !(value.isEmpty() || NAME.matcher(value).matches())) {
      return "the value '" + value + "' must be empty or at most 63 characters of letters, digits, '-', '_' and '.',"
          + " beginning and ending with a letter or digit";
    }
    return null;
  }

  /** Splits on commas outside parentheses. */
  private static List<String> split(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }
}
