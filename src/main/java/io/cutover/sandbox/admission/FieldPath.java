package io.cutover.sandbox.admission;

/**
 * A path into an object, printed two ways: as kube-openapi names a value in a schema error ({@code spec.a[0].b},
 * map keys joined with a dot) and as {@code field.Path} prints it in CEL and list errors ({@code spec.a[0].b},
 * map keys in brackets).
 */
final class FieldPath {

  private final FieldPath parent;
  private final String name;
  private final String key;
  private final int index;

  private FieldPath(FieldPath parent, String name, String key, int index) {
    this.parent = parent;
    this.name = name;
    this.key = key;
    this.index = index;
  }

  static final FieldPath ROOT = new FieldPath(null, null, null, -1);

  FieldPath child(String field) {
    return new FieldPath(this, field, null, -1);
  }

  FieldPath key(String mapKey) {
    return new FieldPath(this, null, mapKey, -1);
  }

  FieldPath index(int i) {
    return new FieldPath(this, null, null, i);
  }

  /** kube-openapi's name of the value ({@code in body} messages, and the field of schema errors). */
  String openApi() {
    if (parent == null) {
      return "";
    }
    String up = parent.openApi();
    if (index >= 0) {
      return up + "[" + index + "]";
    }
    String part = name != null ? name : key;
    return up.isEmpty() ? part : up + "." + part;
  }

  /** {@code field.Path.String()}; the root is {@code <nil>} as for a nil path. */
  String field() {
    if (parent == null) {
      return "<nil>";
    }
    String up = parent.parent == null ? "" : parent.field();
    if (name != null) {
      return up.isEmpty() ? name : up + "." + name;
    }
    return up + "[" + (key != null ? key : Integer.toString(index)) + "]";
  }
}
