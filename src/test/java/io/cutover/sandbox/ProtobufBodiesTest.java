package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The protobuf bodies of kubectl create namespace / serviceaccount, decoded; anything else is left undecoded. */
class ProtobufBodiesTest {

  /** What kubectl 1.32 sends for {@code kubectl create namespace proto}. */
  static final String CREATE_NAMESPACE = "6b3873000a0f0a02763112094e616d657370616365121d0a150a0570726f746f12001a0022002a"
      + "0032003800420012001a020a001a002200";

  @Test
  void kubectlCreateNamespaceBodyBecomesTheSameNamespaceInJson() {
    assertThat(ProtobufBodies.toJson(HexFormat.of().parseHex(CREATE_NAMESPACE)))
        .hasValue("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"proto\"}}");
  }

  @Test
  void truncatedOtherKindsOrUndecodedFieldsAreNotDecoded() {
    byte[] body = HexFormat.of().parseHex(CREATE_NAMESPACE);
    assertThat(ProtobufBodies.toJson(java.util.Arrays.copyOf(body, body.length - 10))).isEmpty();
    assertThat(ProtobufBodies.toJson("{\"kind\":\"Namespace\"}".getBytes())).isEmpty();
    String secret = CREATE_NAMESPACE.replace("12094e616d657370616365", "1206536563726574").replace("0a0f", "0a0c");
    assertThat(ProtobufBodies.toJson(HexFormat.of().parseHex(secret))).isEmpty();
    // metadata.uid (field 5) set: not a field kubectl create sets, so not decoded.
    String withUid = CREATE_NAMESPACE.replace("121d0a150a0570726f746f12001a0022002a00", "121e0a160a0570726f746f12001a0022002a0178");
    assertThat(ProtobufBodies.toJson(HexFormat.of().parseHex(withUid))).isEmpty();
  }
}
