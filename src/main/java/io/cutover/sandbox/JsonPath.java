package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of Kubernetes' JSONPath ({@code k8s.io/client-go/util/jsonpath}) that CRD printer columns use, evaluated
 * as kube-apiserver evaluates a column: the expression is one {@code {...}} action, with missing keys allowed.
 *
 * <p>Supported: fields ({@code .status.phase}, {@code ['a.b/c']}, {@code \.}-escaped dots), the wildcard ({@code .*}
 * over a map's values or an array's elements, {@code [*]} over an array), array indexes and slices ({@code [0]},
 * {@code [-1]}, {@code [1:3]}, {@code [::2]}) and filters ({@code [?(@.type=="Ready")]} with {@code == != < > <= >=}
 * against a quoted string, a number, {@code true}/{@code false} or another {@code @} path, or {@code [?(@.x)]} for
 * existence). Not supported: recursive descent ({@code ..}), unions, {@code range}/{@code end}.
 *
 * <p>As in Kubernetes, a missing key yields no result, while an index out of bounds, indexing or filtering a
 * non-array, and comparing values of different types are errors ({@link JsonPathException}).
 */
final class JsonPath {

  private final String expression;
  private final List<Step> steps;

  private JsonPath(String expression, List<Step> steps) {
    this.expression = expression;
    this.steps = steps;
  }

  /** Parses a printer column's {@code jsonPath}, e.g. {@code .status.conditions[?(@.type=="Ready")].status}. */
  static JsonPath parse(String expression) {
    if (expression == null) {
      throw new JsonPathException("a JSONPath is required");
    }
    Parser parser = new Parser(expression);
    List<Step> steps = parser.steps(false);
    if (!parser.atEnd()) {
      throw new JsonPathException("unexpected '" + parser.rest() + "' in JSONPath " + expression);
    }
    return new JsonPath(expression, steps);
  }

  String expression() {
    return expression;
  }

  /** Every value the path selects in {@code root}, in document order; empty when a key is missing. */
  List<JsonNode> evaluate(JsonNode root) {
    return evaluate(steps, List.of(root));
  }

  private static List<JsonNode> evaluate(List<Step> steps, List<JsonNode> input) {
    List<JsonNode> current = input;
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode value : current) {
        // A JSON null is Go's nil interface: jsonpath skips it before every step.
        if (value == null || value.isNull() || value.isMissingNode()) {
          continue;
        }
        step.apply(value, next);
      }
      current = next;
    }
    return current;
  }

  @Override
  public String toString() {
    return "JsonPath[" + expression + "]";
  }

  /** A JSONPath that cannot be parsed or evaluated. */
  static final class JsonPathException extends RuntimeException {
    JsonPathException(String message) {
      super(message);
    }
  }

  private sealed interface Step permits Field, Wildcard, Slice, Filter {
    void apply(JsonNode value, List<JsonNode> out);
  }

  /** Field lookup: only maps have fields; anything else (and a missing key) gives nothing. */
  private record Field(String name) implements Step {
    @Override
    public void apply(JsonNode value, List<JsonNode> out) {
      if (value.isObject() && value.has(name)) {
        out.add(value.get(name));
      }
    }
  }

  /** {@code .*} (maps and arrays) or {@code [*]} (arrays only). */
  private record Wildcard(boolean arrayOnly) implements Step {
    @Override
    public void apply(JsonNode value, List<JsonNode> out) {
      if (value.isArray() || (!arrayOnly && value.isObject())) {
        value.elements().forEachRemaining(out::add);
      } else if (arrayOnly) {
        throw new JsonPathException(kind(value) + " is not array or slice");
      }
    }
  }

  /** {@code [i]} is {@code [i:i+1]}; bounds checked as jsonpath's evalArray does. */
  private record Slice(Integer start, Integer end, boolean endDerived, Integer step) implements Step {
    @Override
    public void apply(JsonNode value, List<JsonNode> out) {
      if (!value.isArray()) {
        throw new JsonPathException(kind(value) + " is not array or slice");
      }
      int length = value.size();
      int from = start == null ? 0 : start;
      if (from < 0) {
        from += length;
      }
      int to = end == null ? length : end;
      if (to < 0 || (to == 0 && endDerived)) {
        to += length;
      }
      if (to == from) {
        return;
      }
      if (from >= length || from < 0) {
        throw new JsonPathException("array index out of bounds: index " + from + ", length " + length);
      }
      if (to > length || to < 0) {
        throw new JsonPathException("array index out of bounds: index " + (to - 1) + ", length " + length);
      }
      if (from > to) {
        throw new JsonPathException("starting index " + from + " is greater than ending index " + to);
      }
      int by = step == null ? 1 : step;
      if (by <= 0) {
        throw new JsonPathException("step must be > 0");
      }
      for (int i = from; i < to; i += by) {
        out.add(value.get(i));
      }
    }
  }

  /** {@code [?(left op right)]} or {@code [?(left)]} (exists) over an array's elements. */
  private record Filter(Operand left, String operator, Operand right) implements Step {
    @Override
    public void apply(JsonNode value, List<JsonNode> out) {
      if (!value.isArray()) {
        throw new JsonPathException(kind(value) + " is not array or slice and cannot be filtered");
      }
      for (JsonNode element : value) {
        List<JsonNode> lefts = left.values(element);
        if (operator == null) {
          if (!lefts.isEmpty()) {
            out.add(element);
          }
          continue;
        }
        if (lefts.isEmpty()) {
          continue;
        }
        if (lefts.size() > 1) {
          throw new JsonPathException("can only compare one element at a time");
        }
        List<JsonNode> rights = right.values(element);
        if (rights.isEmpty()) {
          continue;
        }
        if (rights.size() > 1) {
          throw new JsonPathException("can only compare one element at a time");
        }
        if (compare(lefts.get(0), operator, rights.get(0))) {
          out.add(element);
        }
      }
    }
  }

  private sealed interface Operand permits PathOperand, Literal {
    List<JsonNode> values(JsonNode current);
  }

  private record PathOperand(List<Step> steps) implements Operand {
    @Override
    public List<JsonNode> values(JsonNode current) {
      return steps.isEmpty() ? List.of(current) : evaluate(steps, List.of(current));
    }
  }

  private record Literal(JsonNode value) implements Operand {
    @Override
    public List<JsonNode> values(JsonNode current) {
      return List.of(value);
    }
  }

  /** Go template comparison: both sides of one basic kind (string, integer, float, bool), else an error. */
  private static boolean compare(JsonNode left, String operator, JsonNode right) {
    String leftKind = basicKind(left);
    String rightKind = basicKind(right);
    if (!leftKind.equals(rightKind)) {
      throw new JsonPathException("incompatible types for comparison");
    }
    int order;
    switch (leftKind) {
      case "string" -> order = left.asText().compareTo(right.asText());
      case "int" -> order = left.bigIntegerValue().compareTo(right.bigIntegerValue());
      case "float" -> order = Double.compare(left.doubleValue(), right.doubleValue());
      case "bool" -> {
        if (!operator.equals("==") && !operator.equals("!=")) {
          throw new JsonPathException("invalid type for comparison");
        }
        order = left.booleanValue() == right.booleanValue() ? 0 : 1;
      }
      default -> throw new JsonPathException("invalid type for comparison");
    }
    return switch (operator) {
      case "==" -> order == 0;
      case "!=" -> order != 0;
      case "<" -> order < 0;
      case ">" -> order > 0;
      case "<=" -> order <= 0;
      case ">=" -> order >= 0;
      default -> throw new JsonPathException("unrecognized filter operator " + operator);
    };
  }

  private static String basicKind(JsonNode node) {
    if (node.isTextual()) {
      return "string";
    }
    if (node.isIntegralNumber()) {
      return "int";
    }
    if (node.isNumber()) {
      return "float";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    return "invalid";
  }

  private static String kind(JsonNode value) {
    return value.isObject() ? "map[string]interface {}" : value.getNodeType().name().toLowerCase();
  }

  /** Recursive descent over the expression text. */
  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return at >= text.length();
    }

    String rest() {
      return text.substring(at);
    }

    /** Steps until the end, or (inside a filter) until an operator or the closing {@code )}. */
    List<Step> steps(boolean inFilter) {
      List<Step> steps = new ArrayList<>();
      while (!atEnd()) {
        char c = text.charAt(at);
        if (c == '.') {
          at++;
          if (!atEnd() && text.charAt(at) == '.') {
            throw new JsonPathException("recursive descent (..) is not supported in JSONPath " + text);
          }
          String name = name();
          if (name.isEmpty()) {
            // "{.}" is the current object: no step.
            continue;
          }
          steps.add(name.equals("*") ? new Wildcard(false) : new Field(name));
        } else if (c == '[') {
          steps.add(bracket());
        } else if (inFilter) {
          break;
        } else {
          throw new JsonPathException("unexpected '" + c + "' in JSONPath " + text);
        }
      }
      return steps;
    }

    private String name() {
      StringBuilder name = new StringBuilder();
      while (!atEnd()) {
        char c = text.charAt(at);
        if (c == '\\' && at + 1 < text.length()) {
          name.append(text.charAt(at + 1));
          at += 2;
          continue;
        }
        if (c == '.' || c == '[' || c == ']' || c == ' ' || c == ',' || c == '(' || c == ')' || c == '='
            || c == '!' || c == '<' || c == '>' || c == '{' || c == '}' || c == '@' || c == '$' || c == '|') {
          break;
        }
        name.append(c);
        at++;
      }
      return name.toString();
    }

    private Step bracket() {
      expect('[');
      skipSpaces();
      Step step;
      if (peek('?')) {
        at++;
        skipSpaces();
        expect('(');
        step = filter();
        skipSpaces();
        expect(')');
      } else if (peek('\'') || peek('"')) {
        step = new Field(quoted());
      } else if (peek('*')) {
        at++;
        step = new Wildcard(true);
      } else {
        step = slice();
      }
      skipSpaces();
      expect(']');
      return step;
    }

    private Step slice() {
      int close = text.indexOf(']', at);
      if (close < 0) {
        throw new JsonPathException("unterminated array in JSONPath " + text);
      }
      String[] parts = text.substring(at, close).split(":", -1);
      if (parts.length > 3) {
        throw new JsonPathException("invalid array index " + text.substring(at, close));
      }
      Integer[] params = new Integer[3];
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i].trim();
        if (!part.isEmpty()) {
          try {
            params[i] = Integer.parseInt(part);
          } catch (NumberFormatException e) {
            throw new JsonPathException("invalid array index " + part);
          }
        }
      }
      at = close;
      if (parts.length == 1) {
        if (params[0] == null) {
          throw new JsonPathException("invalid array index in JSONPath " + text);
        }
        return new Slice(params[0], params[0] + 1, true, null);
      }
      return new Slice(params[0], params[1], false, params[2]);
    }

    private Filter filter() {
      skipSpaces();
      Operand left = operand();
      skipSpaces();
      String operator = null;
      for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
        if (text.startsWith(op, at)) {
          operator = op;
          at += op.length();
          break;
        }
      }
      if (operator == null) {
        if (!(left instanceof PathOperand)) {
          throw new JsonPathException("a filter needs a path in JSONPath " + text);
        }
        return new Filter(left, null, null);
      }
      skipSpaces();
      Operand right = operand();
      return new Filter(left, operator, right);
    }

    private Operand operand() {
      if (peek('@')) {
        at++;
        return new PathOperand(steps(true));
      }
      if (peek('\'') || peek('"')) {
        return new Literal(Store.JSON.getNodeFactory().textNode(quoted()));
      }
      int start = at;
      while (!atEnd() && " )=!<>".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      String token = text.substring(start, at);
      if (token.equals("true") || token.equals("false")) {
        return new Literal(Store.JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(token)));
      }
      try {
        if (token.contains(".") || token.contains("e") || token.contains("E")) {
          return new Literal(Store.JSON.getNodeFactory().numberNode(Double.parseDouble(token)));
        }
        return new Literal(Store.JSON.getNodeFactory().numberNode(Long.parseLong(token)));
      } catch (NumberFormatException e) {
        throw new JsonPathException("unrecognized filter operand '" + token + "' in JSONPath " + text);
      }
    }

    private String quoted() {
      char quote = text.charAt(at++);
      StringBuilder value = new StringBuilder();
      while (!atEnd() && text.charAt(at) != quote) {
        char c = text.charAt(at++);
        if (c == '\\' && !atEnd()) {
          c = text.charAt(at++);
        }
        value.append(c);
      }
      expect(quote);
      return value.toString();
    }

    private boolean peek(char c) {
      return !atEnd() && text.charAt(at) == c;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw new JsonPathException("expected '" + c + "' at " + at + " in JSONPath " + text);
      }
      at++;
    }

    private void skipSpaces() {
      while (peek(' ')) {
        at++;
      }
    }
  }
}
