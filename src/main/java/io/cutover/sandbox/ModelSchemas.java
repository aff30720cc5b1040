package io.cutover.sandbox;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Optional;

/**
 * OpenAPI schemas of built-in kinds, generated from the fabric8 model classes (kubernetes-model 7.5.2) by Jackson
 * introspection: the JSON field names and types the Kubernetes API has, without its descriptions (the model classes
 * carry none). A nested type becomes a component named by its model class and referenced with {@code $ref}; free-form
 * values ({@code Object}, {@code JsonNode}) keep unknown fields ({@code x-kubernetes-preserve-unknown-fields}). A
 * kind without a model class gets an object schema that keeps unknown fields.
 */
final class ModelSchemas {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String MODEL = "io.fabric8.kubernetes.api.model.";

  private ModelSchemas() {
  }

  /** The schema of a kind (inline), its nested types added to {@code components}; empty when unknown. */
  static Optional<ObjectNode> forKind(String group, String version, String kind, ObjectNode components) {
    Optional<Class<?>> type = modelClass(group, version, kind);
    if (type.isEmpty()) {
      return Optional.of(NODES.objectNode().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true));
    }
    return Optional.of(bean(Store.JSON.constructType(type.get()), components));
  }

  static Optional<Class<?>> modelClass(String group, String version, String kind) {
    String pkg = switch (group) {
      case "" -> "";
      case "rbac.authorization.k8s.io" -> "rbac.";
      case "apps" -> "apps.";
      case "coordination.k8s.io" -> "coordination." + version + ".";
      case "apiextensions.k8s.io" -> "apiextensions." + version + ".";
      case "authentication.k8s.io" -> "authentication.";
      case "authorization.k8s.io" -> "authorization." + version + ".";
      default -> null;
    };
    if (pkg == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Class.forName(MODEL + pkg + kind));
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
  }

  /** A reference to the component of a model class, generating the component on first use. */
  static ObjectNode ref(Class<?> type, ObjectNode components) {
    String name = type.getName();
    if (!components.has(name)) {
      components.set(name, NODES.objectNode()); // placeholder: recursive types refer to it while it is built
      components.set(name, bean(Store.JSON.constructType(type), components));
    }
    return NODES.objectNode().put("$ref", "#/components/schemas/" + name);
  }

  private static ObjectNode bean(JavaType type, ObjectNode components) {
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    BeanDescription description = Store.JSON.getSerializationConfig().introspect(type);
    for (BeanPropertyDefinition property : description.findProperties()) {
      if (property.getName().equals("additionalProperties") || property.getPrimaryType() == null) {
        continue;
      }
      properties.set(property.getName(), of(property.getPrimaryType(), components));
    }
    return schema;
  }

  private static JsonNode of(JavaType type, ObjectNode components) {
    Class<?> raw = type.getRawClass();
    if (raw == String.class || raw == Character.class || raw.isEnum()) {
      return NODES.objectNode().put("type", "string");
    }
    if (raw == IntOrString.class) {
      return NODES.objectNode().put("x-kubernetes-int-or-string", true);
    }
    if (raw == Quantity.class) {
      return NODES.objectNode().put("type", "string").put("format", "quantity");
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return NODES.objectNode().put("type", "boolean");
    }
    if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) {
      return NODES.objectNode().put("type", "integer").put("format", "int32");
    }
    if (raw == Long.class || raw == long.class) {
      return NODES.objectNode().put("type", "integer").put("format", "int64");
    }
    if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
      return NODES.objectNode().put("type", "number").put("format", "double");
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      if (raw == byte[].class) {
        return NODES.objectNode().put("type", "string").put("format", "byte");
      }
      ObjectNode array = NODES.objectNode().put("type", "array");
      array.set("items", of(type.getContentType(), components));
      return array;
    }
    if (type.isMapLikeType()) {
      ObjectNode map = NODES.objectNode().put("type", "object");
      map.set("additionalProperties", of(type.getContentType(), components));
      return map;
    }
    if (raw.getName().startsWith("io.fabric8.kubernetes.api.model.") && !raw.isInterface()
        && !java.lang.reflect.Modifier.isAbstract(raw.getModifiers())) {
      return ref(raw, components);
    }
    return NODES.objectNode().put("x-kubernetes-preserve-unknown-fields", true);
  }
}
