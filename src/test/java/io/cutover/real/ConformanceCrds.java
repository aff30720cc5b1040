package io.cutover.real;

import static io.cutover.real.ConformanceTarget.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The custom resources the probes write: the committed ServiceAccountMigration CRD (for the hostile-spec table) and
 * {@code widgets.conformance.cutover.io}, a small kind with a status subresource, an enum and a bound.
 */
final class ConformanceCrds {
  static final String WIDGETS = "/apis/conformance.cutover.io/v1/namespaces/";
  static final Path MIGRATION_CRD = Path.of("crds/serviceaccountmigrations.cutover.io-v1.yml");

  private ConformanceCrds() {}

  static void install(ConformanceTarget t) {
    try {
      post(t, (ObjectNode) new YAMLMapper().readTree(Files.readString(MIGRATION_CRD)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    post(t, widgetCrd());
    for (String collection : java.util.List.of("/apis/cutover.io/v1alpha1/serviceaccountmigrations",
        "/apis/conformance.cutover.io/v1/widgets")) {
      if (!ConformanceTarget.within(Duration.ofSeconds(30), () -> t.get(collection).code() == 200)) {
        throw new IllegalStateException(t.name() + ": " + collection + " not served within 30 s of its CRD");
      }
    }
  }

  private static void post(ConformanceTarget t, ObjectNode crd) {
    t.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
  }

  static ObjectNode widgetCrd() {
    ObjectNode crd = ConformanceTarget.object("apiextensions.k8s.io/v1", "CustomResourceDefinition", null,
        "widgets.conformance.cutover.io");
    ObjectNode spec = crd.putObject("spec").put("group", "conformance.cutover.io").put("scope", "Namespaced");
    spec.putObject("names").put("plural", "widgets").put("singular", "widget").put("kind", "Widget")
        .put("listKind", "WidgetList");
    ObjectNode version = spec.putArray("versions").addObject().put("name", "v1").put("served", true)
        .put("storage", true);
    version.putObject("subresources").putObject("status");
    ObjectNode schema = version.putObject("schema").putObject("openAPIV3Schema").put("type", "object");
    ObjectNode props = schema.putObject("properties");
    ObjectNode specProps = props.putObject("spec").put("type", "object").putObject("properties");
    specProps.putObject("size").put("type", "integer").put("minimum", 0).put("maximum", 10);
    specProps.putObject("color").put("type", "string").set("enum", JSON.createArrayNode().add("red").add("blue"));
    props.putObject("status").put("type", "object").putObject("properties").putObject("ready")
        .put("type", "boolean");
    return crd;
  }

  static ObjectNode widget(String ns, String name, int size) {
    ObjectNode w = ConformanceTarget.object("conformance.cutover.io/v1", "Widget", ns, name);
    w.putObject("spec").put("size", size).put("color", "red");
    return w;
  }

  static String widgets(String ns) {
    return WIDGETS + ns + "/widgets";
  }

  static JsonNode at(JsonNode node, String pointer) {
    return node.at(pointer);
  }
}
