package io.cutover.real;

import static io.cutover.real.ConformanceTarget.JSON;
import static io.cutover.real.ConformanceTarget.object;
import static io.cutover.real.ConformanceTarget.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.testing.RawHttp.Answer;
import java.time.Duration;
import java.util.List;

/** Probes of writes the operator relies on: delete preconditions, stale updates, finalizers, status and generation. */
final class ObjectProbes {
  /** On every ConfigMap a probe creates (a watch selects them, not those the controllers add). */
  static final String PROBE_LABEL = "conformance.cutover.io/probe";
  private static final String HOLD = "conformance.cutover.io/hold";

  private ObjectProbes() {}

  static List<ConformanceProbe> all() {
    return List.of(
        new ConformanceProbe("delete.preconditions", (t, o, ns) -> {
          t.namespace(ns);
          String path = configMap(t, ns, "target", false);
          JsonNode stored = t.get(path).json();
          Answer uid = t.delete(path, preconditions("uid", "00000000-0000-0000-0000-000000000000"));
          TokenProbes.refusal(o, "uid-mismatch.", uid);
          Answer rv = t.delete(path, preconditions("resourceVersion", "1"));
          TokenProbes.refusal(o, "resourceVersion-mismatch.", rv);
          Answer ok = t.delete(path, preconditions("uid", stored.at("/metadata/uid").asText()));
          o.put("matching.code", ok.code()).put("after.code", t.get(path).code());
        }),
        new ConformanceProbe("update.stale-resource-version", (t, o, ns) -> {
          t.namespace(ns);
          String path = configMap(t, ns, "target", false);
          ObjectNode first = (ObjectNode) t.get(path).json();
          ObjectNode changed = first.deepCopy();
          ((ObjectNode) changed.get("data")).put("k", "v2");
          o.put("fresh.code", t.put(path, changed).code());
          ((ObjectNode) first.get("data")).put("k", "v3");
          TokenProbes.refusal(o, "stale.", t.put(path, first));
          ObjectNode noVersion = first.deepCopy();
          ((ObjectNode) noVersion.get("metadata")).remove("resourceVersion");
          o.put("without resourceVersion.code", t.put(path, noVersion).code());
        }),
        new ConformanceProbe("delete.finalizers", (t, o, ns) -> {
          t.namespace(ns);
          String path = configMap(t, ns, "held", true);
          Answer deleted = t.delete(path, null);
          o.put("delete.code", deleted.code())
              .put("delete answer has deletionTimestamp", deleted.json().at("/metadata/deletionTimestamp").isTextual());
          JsonNode after = t.get(path).json();
          o.put("still stored", !after.isMissingNode() && after.has("metadata"))
              .put("deletionTimestamp set", after.at("/metadata/deletionTimestamp").isTextual())
              .put("finalizers", after.at("/metadata/finalizers"));
          ObjectNode change = JSON.createObjectNode();
          change.putObject("data").put("k", "changed");
          o.put("update while deleting.code", t.mergePatch(path, change).code());
          ObjectNode release = JSON.createObjectNode();
          release.putObject("metadata").putNull("finalizers");
          o.put("finalizer removed.code", t.mergePatch(path, release).code());
          o.put("gone within 10 s", within(Duration.ofSeconds(10), () -> t.get(path).code() == 404));
        }),
        new ConformanceProbe("status.subresource-and-generation", (t, o, ns) -> {
          t.namespace(ns);
          String path = ConformanceCrds.widgets(ns) + "/w";
          JsonNode created = t.create(ConformanceCrds.widgets(ns), ConformanceCrds.widget(ns, "w", 1));
          o.put("created.generation", created.at("/metadata/generation"));
          ObjectNode withStatus = ConformanceCrds.widget(ns, "s", 1);
          withStatus.putObject("status").put("ready", true);
          o.put("status on create", t.create(ConformanceCrds.widgets(ns), withStatus).at("/status"));
          ObjectNode spec = JSON.createObjectNode();
          spec.putObject("spec").put("size", 2);
          o.put("spec change.generation", t.mergePatch(path, spec).json().at("/metadata/generation"));
          ObjectNode status = JSON.createObjectNode();
          status.putObject("status").put("ready", true);
          Answer viaStatus = t.mergePatch(path + "/status", status);
          o.put("status write.code", viaStatus.code())
              .put("status write.generation", viaStatus.json().at("/metadata/generation"))
              .put("status write.status", viaStatus.json().at("/status"));
          ObjectNode mainStatus = JSON.createObjectNode();
          mainStatus.putObject("status").put("ready", false);
          Answer viaMain = t.mergePatch(path, mainStatus);
          o.put("status through main resource.code", viaMain.code())
              .put("status through main resource.status", viaMain.json().at("/status"));
          ObjectNode specViaStatus = JSON.createObjectNode();
          specViaStatus.putObject("spec").put("size", 7);
          Answer ignored = t.mergePatch(path + "/status", specViaStatus);
          o.put("spec through status.code", ignored.code())
              .put("spec through status.spec.size", ignored.json().at("/spec/size"))
              .put("spec through status.generation", ignored.json().at("/metadata/generation"));
          JsonNode read = t.get(path).json();
          o.put("read.generation", read.at("/metadata/generation")).put("read.status", read.at("/status"))
              .put("read.spec", read.at("/spec"));
        }));
  }

  /** A ConfigMap {@code name} in {@code ns} (with {@value #HOLD} as a finalizer when {@code held}); its path. */
  static String configMap(ConformanceTarget t, String ns, String name, boolean held) {
    ObjectNode cm = object("v1", "ConfigMap", ns, name);
    cm.putObject("data").put("k", "v1");
    ((ObjectNode) cm.get("metadata")).putObject("labels").put(PROBE_LABEL, "true");
    if (held) {
      ((ObjectNode) cm.get("metadata")).putArray("finalizers").add(HOLD);
    }
    t.create("/api/v1/namespaces/" + ns + "/configmaps", cm);
    return "/api/v1/namespaces/" + ns + "/configmaps/" + name;
  }

  private static ObjectNode preconditions(String field, String value) {
    ObjectNode options = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "DeleteOptions");
    options.putObject("preconditions").put(field, value);
    return options;
  }
}
