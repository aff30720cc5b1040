package io.cutover.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The protobuf bodies kubectl's {@code create namespace} and {@code create serviceaccount} send, decoded to JSON: the
 * {@code k8s\0} envelope around a {@code runtime.Unknown} whose raw bytes are a Namespace or a ServiceAccount with
 * the ObjectMeta fields those commands set (name, generateName, namespace, labels, annotations), a Namespace's
 * {@code spec.finalizers} and a ServiceAccount's {@code automountServiceAccountToken}. Anything else (another kind, a
 * field not listed) is not decoded: the caller answers 415.
 */
final class ProtobufBodies {

  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ProtobufBodies() {
  }

  /** The JSON of a protobuf body, or empty when it is not one the sandbox decodes. */
  static Optional<String> toJson(byte[] body) {
    try {
      if (body.length < 4 || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2] || body[3] != 0) {
        return Optional.empty();
      }
      Reader unknown = new Reader(body, 4, body.length);
      String apiVersion = "";
      String kind = "";
      byte[] raw = null;
      while (unknown.more()) {
        int tag = unknown.varint32();
        switch (tag) {
          case (1 << 3) | 2 -> {
            Reader typeMeta = unknown.message();
            while (typeMeta.more()) {
              int t = typeMeta.varint32();
              if (t == ((1 << 3) | 2)) {
                apiVersion = typeMeta.string();
              } else if (t == ((2 << 3) | 2)) {
                kind = typeMeta.string();
              } else {
                return Optional.empty();
              }
            }
          }
          case (2 << 3) | 2 -> raw = unknown.bytes();
          case (3 << 3) | 2, (4 << 3) | 2 -> unknown.bytes();
          default -> {
            return Optional.empty();
          }
        }
      }
      if (raw != null && apiVersion.equals("authorization.k8s.io/v1") && kind.equals("SelfSubjectAccessReview")) {
        return selfSubjectAccessReview(raw);
      }
      if (raw == null || !apiVersion.equals("v1") || !(kind.equals("Namespace") || kind.equals("ServiceAccount"))) {
        return Optional.empty();
      }
      ObjectNode object = NODES.objectNode();
      object.put("apiVersion", apiVersion);
      object.put("kind", kind);
      Reader fields = new Reader(raw, 0, raw.length);
      while (fields.more()) {
        int tag = fields.varint32();
        if (tag == ((1 << 3) | 2)) {
          object.set("metadata", metadata(fields.message()));
        } else if (kind.equals("Namespace") && tag == ((2 << 3) | 2)) {
          Reader spec = fields.message();
          ObjectNode specNode = NODES.objectNode();
          while (spec.more()) {
            if (spec.varint32() != ((1 << 3) | 2)) {
              return Optional.empty();
            }
            specNode.withArray("finalizers").add(spec.string());
          }
          if (!specNode.isEmpty()) {
            object.set("spec", specNode);
          }
        } else if (kind.equals("Namespace") && tag == ((3 << 3) | 2)) {
          fields.bytes(); // status: the server's to set, ignored on create as kube-apiserver does
        } else if (kind.equals("ServiceAccount") && tag == (4 << 3)) {
          object.put("automountServiceAccountToken", fields.varint32() != 0);
        } else if (!fields.zero(tag)) {
          return Optional.empty();
        }
      }
      return Optional.of(Store.write(object));
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /**
   * What {@code kubectl auth can-i} sends: SelfSubjectAccessReview's spec (authorization/v1 generated.proto: spec 2;
   * resourceAttributes 1 with namespace 1, verb 2, group 3, version 4, resource 5, subresource 6, name 7;
   * nonResourceAttributes 2 with path 1, verb 2). Selectors (8, 9) are not decoded: such a body is a 415.
   */
  private static Optional<String> selfSubjectAccessReview(byte[] raw) {
    ObjectNode object = NODES.objectNode();
    object.put("apiVersion", "authorization.k8s.io/v1");
    object.put("kind", "SelfSubjectAccessReview");
    Reader fields = new Reader(raw, 0, raw.length);
    while (fields.more()) {
      int tag = fields.varint32();
      if (tag == ((2 << 3) | 2)) {
        Reader spec = fields.message();
        while (spec.more()) {
          int t = spec.varint32();
          String[] names = t == ((1 << 3) | 2)
              ? new String[] {"namespace", "verb", "group", "version", "resource", "subresource", "name"}
              : t == ((2 << 3) | 2) ? new String[] {"path", "verb"} : null;
          if (names == null) {
            return Optional.empty();
          }
          ObjectNode attributes = object.with("spec").with(t == ((1 << 3) | 2) ? "resourceAttributes"
              : "nonResourceAttributes");
          Reader attribute = spec.message();
          while (attribute.more()) {
            int field = attribute.varint32();
            if ((field & 7) != 2 || (field >>> 3) < 1 || (field >>> 3) > names.length) {
              return Optional.empty();
            }
            attributes.put(names[(field >>> 3) - 1], attribute.string());
          }
        }
      } else if (tag == ((1 << 3) | 2) || tag == ((3 << 3) | 2)) {
        fields.bytes(); // metadata and status (gogo writes their zero values): nothing the answer reads
      } else if (!fields.zero(tag)) {
        return Optional.empty();
      }
    }
    return Optional.of(Store.write(object));
  }

  private static ObjectNode metadata(Reader meta) {
    ObjectNode metadata = NODES.objectNode();
    while (meta.more()) {
      int tag = meta.varint32();
      switch (tag) {
        case (1 << 3) | 2 -> putNonEmpty(metadata, "name", meta.string());
        case (2 << 3) | 2 -> putNonEmpty(metadata, "generateName", meta.string());
        case (3 << 3) | 2 -> putNonEmpty(metadata, "namespace", meta.string());
        case (11 << 3) | 2 -> entry(meta.message(), metadata.with("labels"));
        case (12 << 3) | 2 -> entry(meta.message(), metadata.with("annotations"));
        default -> {
          // Go marshals every field even when zero ("" strings, 0 generation, an empty creationTimestamp).
          if (!meta.zero(tag)) {
            throw new IllegalStateException("ObjectMeta field " + (tag >>> 3) + " is not decoded");
          }
        }
      }
    }
    return metadata;
  }

  private static void putNonEmpty(ObjectNode into, String field, String value) {
    if (!value.isEmpty()) {
      into.put(field, value);
    }
  }

  private static void entry(Reader entry, ObjectNode into) {
    String key = "";
    String value = "";
    while (entry.more()) {
      int tag = entry.varint32();
      if (tag == ((1 << 3) | 2)) {
        key = entry.string();
      } else if (tag == ((2 << 3) | 2)) {
        value = entry.string();
      } else {
        throw new IllegalStateException("map entry field " + (tag >>> 3));
      }
    }
    into.put(key, value);
  }

  /** Protobuf wire format: varints and length-delimited fields, which is all these messages use. */
  private static final class Reader {
    private final byte[] data;
    private int position;
    private final int end;

    Reader(byte[] data, int start, int end) {
      this.data = data;
      this.position = start;
      this.end = end;
    }

    boolean more() {
      return position < end;
    }

    int varint32() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= end) {
          throw new IllegalStateException("truncated varint");
        }
        byte b = data[position++];
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return (int) value;
        }
      }
      throw new IllegalStateException("malformed varint");
    }

    byte[] bytes() {
      int length = varint32();
      if (length < 0 || position + length > end) {
        throw new IllegalStateException("length out of bounds");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(data, position, length);
      position += length;
      return out.toByteArray();
    }

    /** Reads a field's value and says whether it is the zero value (0, an empty string or message). */
    boolean zero(int tag) {
      return switch (tag & 7) {
        case 0 -> varint32() == 0;
        case 2 -> bytes().length == 0;
        default -> false;
      };
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    Reader message() {
      byte[] bytes = bytes();
      return new Reader(bytes, 0, bytes.length);
    }
  }
}
