package io.cutover.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A label selector in its string form ({@code k8s.io/apimachinery/pkg/labels.Parse}): comma-separated requirements
 * {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k} and {@code !k}, all
 * of which must hold. {@code k!=v} and {@code notin} also hold when the label is absent, as in Kubernetes.
 */
final class LabelSelector implements Predicate<Map<String, String>> {

  private static final Pattern SET = Pattern.compile("^\\s*([^\\s!=(),]+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*$");
  private static final Pattern EQUALITY = Pattern.compile("^\\s*([^\\s!=(),]+)\\s*(==|!=|=)\\s*([^\\s!=(),]*)\\s*$");
  private static final Pattern EXISTS = Pattern.compile("^\\s*(!?)\\s*([^\\s!=(),]+)\\s*$");

  private final List<Predicate<Map<String, String>>> requirements;

  private LabelSelector(List<Predicate<Map<String, String>>> requirements) {
    this.requirements = requirements;
  }

  /** Parses a selector; an empty or null one selects everything. */
  static LabelSelector parse(String selector) {
    List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
    if (selector == null || selector.isBlank()) {
      return new LabelSelector(requirements);
    }
    for (String part : split(selector)) {
      Matcher set = SET.matcher(part);
      Matcher equality = EQUALITY.matcher(part);
      Matcher exists = EXISTS.matcher(part);
      if (set.matches()) {
        String key = set.group(1);
        Set<String> values = Set.copyOf(List.of(set.group(3).trim().isEmpty() ? new String[0]
            : set.group(3).trim().split("\\s*,\\s*")));
        boolean in = set.group(2).equals("in");
        requirements.add(labels -> in == (labels.containsKey(key) && values.contains(labels.get(key))));
      } else if (equality.matches()) {
        String key = equality.group(1);
        String value = equality.group(3);
        boolean equal = !equality.group(2).equals("!=");
        requirements.add(labels -> equal == value.equals(labels.get(key)));
      } else if (exists.matches()) {
        String key = exists.group(2);
        boolean present = exists.group(1).isEmpty();
        requirements.add(labels -> present == labels.containsKey(key));
      } else {
        throw new IllegalArgumentException("unable to parse requirement: " + part.trim());
      }
    }
    return new LabelSelector(requirements);
  }

  @Override
  public boolean test(Map<String, String> labels) {
    Map<String, String> present = labels == null ? Map.of() : labels;
    return requirements.stream().allMatch(r -> r.test(present));
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
