package io.cutover.sandbox.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A write of a custom resource as kube-apiserver admits it, given the stored CRD version's schema: the strategy's
 * preparation (status dropped on create and kept on update of the main resource when the CRD has a status
 * subresource; only status taken from a status write), pruning, defaulting, then structural validation, the
 * list-type invariants and — unless a schema error blocks them — the CEL rules. Either the object to store or the
 * field errors of the refusal.
 */
public final class CustomResourceAdmission {

  /** What is written: the object (create or update) or its {@code /status} subresource. */
  public enum Operation { CREATE, UPDATE, STATUS_UPDATE }

  /** The outcome: the object to store, or the errors; exactly one of them is set. */
  public record Result(ObjectNode admitted, List<FieldError> errors) {
    public boolean refused() {
      return admitted == null;
    }
  }

  private static final FieldError RULES_NOT_CHECKED = new FieldError(FieldError.Type.INVALID, "<nil>",
      new FieldError.Value("null"), "some validation rules were not checked because the object was invalid;"
      + " correct the existing errors to complete validation");

  private CustomResourceAdmission() {
  }

  /**
   * Admits {@code incoming} against {@code schema} (the version's {@code openAPIV3Schema}); {@code old} is the stored
   * object for an update or status write, null for a create.
   */
  public static Result admit(JsonNode schema, boolean statusSubresource, Operation operation, ObjectNode incoming,
      ObjectNode old) {
    ObjectNode object = prepare(statusSubresource, operation, incoming, old);
    if (schema == null || !schema.isObject()) {
      return new Result(object, List.of());
    }
    Pruning.prune(object, schema);
    Defaulting.apply(object, schema);
    List<FieldError> errors = new ArrayList<>(SchemaValidation.validate(object, old, schema));
    if (old == null || ListTypes.validate(old, schema).isEmpty()) {
      errors.addAll(ListTypes.validate(object, schema));
    }
    if (!hasRules(schema)) {
      return errors.isEmpty() ? new Result(object, List.of()) : new Result(null, List.copyOf(errors));
    }
    if (errors.stream().anyMatch(e -> e.type().blocksRules())) {
      errors.add(RULES_NOT_CHECKED);
    } else {
      errors.addAll(CelRules.validate(object, old, schema));
    }
    return errors.isEmpty() ? new Result(object, List.of()) : new Result(null, List.copyOf(errors));
  }

  /** Whether the schema has a CEL rule anywhere (kube-apiserver has a CEL validator only then). */
  private static boolean hasRules(JsonNode schema) {
    return schema.findValue("x-kubernetes-validations") != null;
  }

  private static ObjectNode prepare(boolean statusSubresource, Operation operation, ObjectNode incoming,
      ObjectNode old) {
    ObjectNode object;
    switch (operation) {
      case STATUS_UPDATE -> {
        object = old.deepCopy();
        copy("status", incoming, object);
        JsonNode version = incoming.path("metadata").get("resourceVersion");
        if (version != null && object.get("metadata") instanceof ObjectNode metadata) {
          metadata.set("resourceVersion", version);
        }
      }
      case UPDATE -> {
        object = incoming.deepCopy();
        if (statusSubresource && old != null) {
          copy("status", old, object);
        }
      }
      default -> {
        object = incoming.deepCopy();
        if (statusSubresource) {
          object.remove("status");
        }
      }
    }
    return object;
  }

  private static void copy(String field, ObjectNode from, ObjectNode to) {
    if (from.has(field)) {
      to.set(field, from.get(field).deepCopy());
    } else {
      to.remove(field);
    }
  }

  /**
   * The Status message of a refusal as {@code apierrors.NewInvalid} words it: {@code Kind.group "name" is invalid: }
   * then the distinct errors, in brackets when there are several.
   */
  public static String message(String group, String kind, String name, List<FieldError> errors) {
    List<String> distinct = errors.stream().map(FieldError::toString).distinct().toList();
    String qualified = group == null || group.isEmpty() ? kind : kind + "." + group;
    String head = qualified + " " + GoStrings.quote(name) + " is invalid";
    if (distinct.isEmpty()) {
      return head;
    }
    return head + ": " + (distinct.size() == 1 ? distinct.get(0) : "[" + String.join(", ", distinct) + "]");
  }
}
