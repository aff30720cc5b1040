package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.cutover.sandbox.ProtobufBodies.Types;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Protobuf bodies decoded with the protobuf library from Kubernetes' own descriptors: a body kubectl sent, the JSON
 * mapping of the fields kubectl create does not set (times, bools, bytes, managed fields), and what stays a 415.
 * The commands themselves run with the real kubectl in {@code KubectlCreateOverProtobufTest}.
 */
class ProtobufBodiesTest {

  /** What kubectl 1.32 sends for {@code kubectl create namespace proto}. */
  static final String CREATE_NAMESPACE = "6b3873000a0f0a02763112094e616d657370616365121d0a150a0570726f746f12001a0022002a"
      + "0032003800420012001a020a001a002200";

  @Test
  void kubectlCreateNamespaceBodyBecomesTheJsonKubectlWouldHaveSent() {
    // Go writes every field; the zero strings and generation are left out, the empty spec and status kept as {}
    // (kubectl create namespace proto -o json --dry-run=client prints the same).
    assertThat(ProtobufBodies.toJson(HexFormat.of().parseHex(CREATE_NAMESPACE))).hasValue(
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"proto\"},\"spec\":{},\"status\":{}}");
  }

  @Test
  void truncatedBodiesJsonAndKindsNotDecodedAreLeftToThe415() {
    byte[] body = HexFormat.of().parseHex(CREATE_NAMESPACE);
    assertThat(ProtobufBodies.toJson(java.util.Arrays.copyOf(body, body.length - 10))).isEmpty();
    assertThat(ProtobufBodies.toJson(java.util.Arrays.copyOf(body, 3))).isEmpty();
    assertThat(ProtobufBodies.toJson("{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    Message quota = DynamicMessage.newBuilder(Types.message("k8s.io.api.core.v1.ResourceQuota")).build();
    assertThat(ProtobufBodies.toJson(envelope("v1", "ResourceQuota", quota.toByteString(), ""))).isEmpty();
    Message secret = DynamicMessage.newBuilder(Types.message("k8s.io.api.core.v1.Secret")).build();
    assertThat(ProtobufBodies.toJson(envelope("v1", "Secret", secret.toByteString(), ""))).isPresent();
    assertThat(ProtobufBodies.toJson(envelope("v2", "Secret", secret.toByteString(), ""))).isEmpty();
    assertThat(ProtobufBodies.toJson(envelope("v1", "Secret", secret.toByteString(), "gzip"))).isEmpty();
  }

  @Test
  void timesBoolsBytesAndManagedFieldsAreWrittenAsKubeApiserverWritesThem() {
    Descriptor meta = Types.message("k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    Descriptor entry = Types.message("k8s.io.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry");
    Message managed = DynamicMessage.newBuilder(entry)
        .setField(entry.findFieldByName("manager"), "kubectl-create")
        .setField(entry.findFieldByName("operation"), "Update")
        .setField(entry.findFieldByName("time"), time(ProtoJson.TIME, 1_767_225_600L, 123_456_789))
        .setField(entry.findFieldByName("fieldsV1"), message(ProtoJson.FIELDS_V1, "Raw",
            ByteString.copyFromUtf8("{\"f:data\":{}}")))
        .build();
    Message metadata = DynamicMessage.newBuilder(meta)
        .setField(meta.findFieldByName("name"), "s")
        .setField(meta.findFieldByName("uid"), "0f6c")
        .setField(meta.findFieldByName("generation"), 0L)
        .setField(meta.findFieldByName("creationTimestamp"), time(ProtoJson.TIME, 0, 0).toBuilder().clear().build())
        .addRepeatedField(meta.findFieldByName("managedFields"), managed)
        .build();
    Descriptor secretType = Types.message("k8s.io.api.core.v1.Secret");
    FieldDescriptor data = secretType.findFieldByName("data");
    Message secret = DynamicMessage.newBuilder(secretType)
        .setField(secretType.findFieldByName("metadata"), metadata)
        .setField(secretType.findFieldByName("immutable"), false)
        .addRepeatedField(data, mapEntry(data, "bin", ByteString.copyFrom(new byte[] {(byte) 0xff, 0, 1})))
        .addRepeatedField(data, mapEntry(data, "none", ByteString.EMPTY))
        .setField(secretType.findFieldByName("type"), "")
        .build();

    assertThat(ProtobufBodies.toJson(envelope("v1", "Secret", secret.toByteString(), ""))).hasValue("{"
        + "\"apiVersion\":\"v1\",\"kind\":\"Secret\","
        + "\"metadata\":{\"name\":\"s\",\"uid\":\"0f6c\",\"managedFields\":[{\"manager\":\"kubectl-create\","
        + "\"operation\":\"Update\",\"time\":\"2026-01-01T00:00:00Z\",\"fieldsV1\":{\"f:data\":{}}}]},"
        + "\"data\":{\"bin\":\"/wAB\",\"none\":\"\"},\"immutable\":false}");
  }

  @Test
  void aTimeInAListIsWrittenInRfc3339AsItsSecondsOnly() {
    Descriptor condition = Types.message("k8s.io.api.core.v1.NamespaceCondition");
    Descriptor status = Types.message("k8s.io.api.core.v1.NamespaceStatus");
    Descriptor namespace = Types.message("k8s.io.api.core.v1.Namespace");
    Message terminating = DynamicMessage.newBuilder(condition)
        .setField(condition.findFieldByName("type"), "NamespaceDeletionContentFailure")
        .setField(condition.findFieldByName("lastTransitionTime"), time(ProtoJson.TIME, 1_767_225_601L, 999))
        .build();
    Message ns = DynamicMessage.newBuilder(namespace)
        .setField(namespace.findFieldByName("status"), DynamicMessage.newBuilder(status)
            .setField(status.findFieldByName("phase"), "Terminating")
            .addRepeatedField(status.findFieldByName("conditions"), terminating).build())
        .build();
    assertThat(ProtobufBodies.toJson(envelope("v1", "Namespace", ns.toByteString(), ""))).hasValue(
        "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"status\":{\"phase\":\"Terminating\",\"conditions\":[{"
            + "\"type\":\"NamespaceDeletionContentFailure\",\"lastTransitionTime\":\"2026-01-01T00:00:01Z\"}]}}");
  }

  /**
   * Every message a decoded kind can hold is one the mapping writes: no scalar type it has no JSON for, and no
   * apimachinery type with a JSON form of its own (Quantity, IntOrString, Duration, RawExtension...) that it would
   * write as an object. Adding a kind that holds one (a Pod: Quantity) fails here until the mapping knows it.
   */
  @Test
  void everyTypeTheDecodedKindsReachIsOneTheMappingKnows() {
    Set<String> ownJson = Set.of("k8s.io.apimachinery.pkg.api.resource.Quantity",
        "k8s.io.apimachinery.pkg.util.intstr.IntOrString", "k8s.io.apimachinery.pkg.apis.meta.v1.Duration",
        "k8s.io.apimachinery.pkg.runtime.RawExtension", "k8s.io.apimachinery.pkg.runtime.Unknown",
        "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime", ProtoJson.TIME, ProtoJson.FIELDS_V1);
    Set<String> reached = new TreeSet<>();
    Set<FieldDescriptor.JavaType> scalars = new HashSet<>();
    Deque<Descriptor> pending = new ArrayDeque<>();
    ProtobufBodies.KINDS.values().forEach(name -> pending.add(Types.message(name)));
    while (!pending.isEmpty()) {
      Descriptor type = pending.pop();
      if (!reached.add(type.getFullName()) || ownJson.contains(type.getFullName())) {
        continue;
      }
      for (FieldDescriptor field : type.getFields()) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          pending.add(field.getMessageType());
        } else {
          scalars.add(field.getJavaType());
        }
      }
    }
    Set<String> special = new TreeSet<>(reached);
    special.retainAll(ownJson);
    assertThat(special).containsExactlyInAnyOrder(ProtoJson.TIME, ProtoJson.FIELDS_V1);
    assertThat(ProtoJson.OWN_JSON).containsAll(special);
    assertThat(scalars).containsExactlyInAnyOrder(FieldDescriptor.JavaType.STRING, FieldDescriptor.JavaType.BYTE_STRING,
        FieldDescriptor.JavaType.LONG, FieldDescriptor.JavaType.BOOLEAN);
  }

  static byte[] envelope(String apiVersion, String kind, ByteString raw, String contentEncoding) {
    Descriptor unknown = Types.message("k8s.io.apimachinery.pkg.runtime.Unknown");
    Descriptor typeMeta = Types.message("k8s.io.apimachinery.pkg.runtime.TypeMeta");
    Message body = DynamicMessage.newBuilder(unknown)
        .setField(unknown.findFieldByName("typeMeta"), DynamicMessage.newBuilder(typeMeta)
            .setField(typeMeta.findFieldByName("apiVersion"), apiVersion)
            .setField(typeMeta.findFieldByName("kind"), kind).build())
        .setField(unknown.findFieldByName("raw"), raw)
        .setField(unknown.findFieldByName("contentEncoding"), contentEncoding)
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x6b, 0x38, 0x73, 0x00});
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  static Message time(String type, long seconds, int nanos) {
    Descriptor time = Types.message(type);
    return DynamicMessage.newBuilder(time).setField(time.findFieldByName("seconds"), seconds)
        .setField(time.findFieldByName("nanos"), nanos).build();
  }

  static Message message(String type, String field, Object value) {
    Descriptor descriptor = Types.message(type);
    return DynamicMessage.newBuilder(descriptor).setField(descriptor.findFieldByName(field), value).build();
  }

  static Message mapEntry(FieldDescriptor map, String key, Object value) {
    Descriptor entry = map.getMessageType();
    return DynamicMessage.newBuilder(entry).setField(entry.findFieldByName("key"), key)
        .setField(entry.findFieldByName("value"), value).build();
  }
}
