package io.cutover.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The protobuf bodies kubectl sends ({@code kubectl create secret|configmap|role|rolebinding|clusterrole|
 * clusterrolebinding|serviceaccount|namespace}, and {@code kubectl auth can-i}'s SelfSubjectAccessReview) decoded to the JSON the sandbox stores, with the protobuf runtime
 * library and Kubernetes' own {@code generated.proto} files (src/main/proto, compiled at build time into the
 * descriptor set {@value #DESCRIPTORS}): the {@code k8s\0} magic, then a {@code runtime.Unknown} whose
 * {@code typeMeta} names the kind and whose {@code raw} bytes are the object. Only {@link #KINDS} are decoded; any
 * other kind, or bytes that are not such a body, is left to the caller's 415.
 */
final class ProtobufBodies {

  static final String DESCRIPTORS = "kubernetes.protoset";
  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
  private static final String CORE = "k8s.io.api.core.v1.";
  private static final String RBAC = "k8s.io.api.rbac.v1.";
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io/v1";
  private static final String AUTHORIZATION = "k8s.io.api.authorization.v1.";

  /** apiVersion/kind of each decoded kind, to its message in Kubernetes' protos. */
  static final Map<String, String> KINDS = Map.of(
      "v1/Secret", CORE + "Secret",
      "v1/ConfigMap", CORE + "ConfigMap",
      "v1/ServiceAccount", CORE + "ServiceAccount",
      "v1/Namespace", CORE + "Namespace",
      RBAC_GROUP + "/Role", RBAC + "Role",
      RBAC_GROUP + "/RoleBinding", RBAC + "RoleBinding",
      RBAC_GROUP + "/ClusterRole", RBAC + "ClusterRole",
      RBAC_GROUP + "/ClusterRoleBinding", RBAC + "ClusterRoleBinding",
      // kubectl auth can-i
      "authorization.k8s.io/v1/SelfSubjectAccessReview", AUTHORIZATION + "SelfSubjectAccessReview");

  private ProtobufBodies() {
  }

  /** The JSON of a protobuf body, or empty when it is not one the sandbox decodes. */
  static Optional<String> toJson(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return Optional.empty();
    }
    try {
      Descriptor unknownType = Types.message("k8s.io.apimachinery.pkg.runtime.Unknown");
      DynamicMessage unknown = DynamicMessage.parseFrom(unknownType,
          ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
      Message typeMeta = (Message) unknown.getField(unknownType.findFieldByName("typeMeta"));
      String apiVersion = string(typeMeta, "apiVersion");
      String kind = string(typeMeta, "kind");
      String type = KINDS.get(apiVersion + "/" + kind);
      if (type == null || !string(unknown, "contentEncoding").isEmpty()) {
        return Optional.empty();
      }
      ByteString raw = (ByteString) unknown.getField(unknownType.findFieldByName("raw"));
      ObjectNode object = Store.JSON.createObjectNode();
      object.put("apiVersion", apiVersion);
      object.put("kind", kind);
      object.setAll(ProtoJson.object(DynamicMessage.parseFrom(Types.message(type), raw)));
      return Optional.of(Store.write(object));
    } catch (InvalidProtocolBufferException | UncheckedIOException e) {
      return Optional.empty(); // not protobuf, or a FieldsV1 that is not JSON
    }
  }

  private static String string(Message message, String name) {
    FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
    return (String) message.getField(field);
  }

  /** The message types of the descriptor set, loaded once on first use. */
  static final class Types {
    private static final Map<String, Descriptor> MESSAGES = load();

    private Types() {
    }

    static Descriptor message(String fullName) {
      Descriptor descriptor = MESSAGES.get(fullName);
      if (descriptor == null) {
        throw new IllegalArgumentException(fullName + " is not in " + DESCRIPTORS);
      }
      return descriptor;
    }

    private static Map<String, Descriptor> load() {
      try (InputStream in = ProtobufBodies.class.getResourceAsStream(DESCRIPTORS)) {
        if (in == null) {
          throw new IllegalStateException(DESCRIPTORS + " is missing: the build compiles it from src/main/proto");
        }
        Map<String, FileDescriptorProto> protos = new HashMap<>();
        FileDescriptorSet.parseFrom(in).getFileList().forEach(file -> protos.put(file.getName(), file));
        Map<String, FileDescriptor> files = new HashMap<>();
        Map<String, Descriptor> messages = new HashMap<>();
        for (String name : protos.keySet()) {
          for (Descriptor message : file(name, protos, files).getMessageTypes()) {
            addWithNested(message, messages);
          }
        }
        return Map.copyOf(messages);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (DescriptorValidationException e) {
        throw new IllegalStateException(DESCRIPTORS + " does not hold valid descriptors", e);
      }
    }

    /** A file's descriptor, built after those it imports (the set lists each file once). */
    private static FileDescriptor file(String name, Map<String, FileDescriptorProto> protos,
        Map<String, FileDescriptor> built) throws DescriptorValidationException {
      FileDescriptor done = built.get(name);
      if (done != null) {
        return done;
      }
      FileDescriptorProto proto = protos.get(name);
      FileDescriptor[] imports = new FileDescriptor[proto.getDependencyCount()];
      for (int i = 0; i < imports.length; i++) {
        imports[i] = file(proto.getDependency(i), protos, built);
      }
      FileDescriptor file = FileDescriptor.buildFrom(proto, imports);
      built.put(name, file);
      return file;
    }

    private static void addWithNested(Descriptor message, Map<String, Descriptor> into) {
      into.put(message.getFullName(), message);
      message.getNestedTypes().forEach(nested -> addWithNested(nested, into));
    }
  }
}
