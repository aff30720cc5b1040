package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A message decoded from Kubernetes' {@code generated.proto} as the JSON kube-apiserver would store for it: what the
 * Go struct it stands for marshals to. Field names are the proto names (go-to-protobuf takes them from the JSON tags);
 * a map is an object, bytes are base64, apimachinery's types with their own JSON ({@code Time}, {@code FieldsV1})
 * as they print it. Go writes every non-pointer field, zero or not, to protobuf and omits the zero
 * ones from JSON ({@code omitempty}): a singular string, number or bytes that is zero is left out. A bool is kept
 * when present, since in the kinds decoded ({@link ProtobufBodies#KINDS}) every bool is a Go pointer, written to
 * protobuf only when set. A struct is kept even when empty (Go's {@code omitempty} does not omit structs).
 */
final class ProtoJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  static final String TIME = META + "Time";
  static final String FIELDS_V1 = META + "FieldsV1";
  /** The apimachinery types with a JSON form of their own that {@link #value} writes. */
  static final Set<String> OWN_JSON = Set.of(TIME, FIELDS_V1);

  private ProtoJson() {
  }

  /** The message as a JSON object (a message of a type with its own JSON form is refused: it is no object). */
  static ObjectNode object(Message message) {
    ObjectNode object = NODES.objectNode();
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      JsonNode value;
      if (field.isMapField()) {
        value = map(field, entry.getValue());
      } else if (field.isRepeated()) {
        ArrayNode array = NODES.arrayNode();
        ((List<?>) entry.getValue()).forEach(element -> array.add(value(field, element)));
        value = array;
      } else {
        value = omitEmpty(field, entry.getValue()) ? null : value(field, entry.getValue());
      }
      if (value != null) {
        object.set(field.getName(), value);
      }
    }
    return object;
  }

  private static ObjectNode map(FieldDescriptor field, Object entries) {
    Descriptor entryType = field.getMessageType();
    FieldDescriptor key = entryType.findFieldByName("key");
    FieldDescriptor value = entryType.findFieldByName("value");
    ObjectNode map = NODES.objectNode();
    for (Object element : (List<?>) entries) {
      Message entry = (Message) element;
      map.set(String.valueOf(entry.getField(key)), value(value, entry.getField(value)));
    }
    return map;
  }

  private static boolean omitEmpty(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case STRING -> ((String) value).isEmpty();
      case BYTE_STRING -> ((ByteString) value).isEmpty();
      case LONG -> (Long) value == 0;
      default -> false;
    };
  }

  /** One value, or null when Go would write JSON's null (an unset Time), which is then left out. */
  private static JsonNode value(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case STRING -> NODES.textNode((String) value);
      case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case LONG -> NODES.numberNode((Long) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case MESSAGE -> message((Message) value);
      default -> throw new IllegalArgumentException("field " + field.getFullName() + " of type " + field.getType()
          + " is not in Kubernetes' JSON mapping");
    };
  }

  private static JsonNode message(Message message) {
    Descriptor type = message.getDescriptorForType();
    return switch (type.getFullName()) {
      case TIME -> time(message);
      case FIELDS_V1 -> rawJson(message, "Raw");
      default -> object(message);
    };
  }

  /**
   * {@code metav1.Time}: an unset (empty) one is Go's zero time, JSON null; otherwise its seconds as RFC 3339 (its
   * protobuf unmarshalling drops the nanoseconds).
   */
  private static JsonNode time(Message time) {
    if (time.getAllFields().isEmpty()) {
      return null;
    }
    long seconds = (Long) time.getField(time.getDescriptorForType().findFieldByName("seconds"));
    return NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds)));
  }

  /** A JSON document carried as bytes ({@code FieldsV1}), embedded as the JSON it is. */
  private static JsonNode rawJson(Message message, String field) {
    ByteString raw = (ByteString) message.getField(message.getDescriptorForType().findFieldByName(field));
    if (raw.isEmpty()) {
      return null;
    }
    try {
      return Store.JSON.readTree(raw.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
