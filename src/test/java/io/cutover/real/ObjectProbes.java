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
    return List.of(eventsV1ThroughCore(),
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

  /**
   * An events.k8s.io/v1 Event as the operator records it, read through core/v1 with the field selector
   * {@code kubectl describe} sends (issue 20): kube-apiserver stores both APIs in one resource and converts the fields.
   */
  static ConformanceProbe eventsV1ThroughCore() {
    return new ConformanceProbe("events.v1-read-through-core", (t, o, ns) -> {
      t.namespace(ns);
      configMap(t, ns, "regarded", false);
      JsonNode cm = t.get("/api/v1/namespaces/" + ns + "/configmaps/regarded").json();
      String uid = cm.at("/metadata/uid").asText();
      o.role(uid, "<configmap-uid>");
      ObjectNode event = object("events.k8s.io/v1", "Event", ns, "regarded.probe");
      event.putObject("regarding").put("apiVersion", "v1").put("kind", "ConfigMap").put("namespace", ns)
          .put("name", "regarded").put("uid", uid);
      event.put("type", "Warning").put("action", "Provision").put("reason", "ClusterUnreachable")
          .put("note", "source unreachable").put("eventTime", "2026-01-01T00:00:00.000000Z")
          .put("reportingController", "cutover.io/operator").put("reportingInstance", "cutover-operator-0");
      String v1 = "/apis/events.k8s.io/v1/namespaces/" + ns + "/events";
      o.put("create.code", t.post(v1, event).code());
      ObjectNode series = JSON.createObjectNode();
      series.putObject("series").put("count", 2).put("lastObservedTime", "2026-01-01T00:00:05.000000Z");
      o.put("series patch.code", t.mergePatch(v1 + "/regarded.probe", series).code());
      String selector = "involvedObject.uid%3D" + uid + "%2CinvolvedObject.name%3Dregarded%2CinvolvedObject.namespace%3D"
          + ns + "%2CinvolvedObject.kind%3DConfigMap";
      JsonNode list = t.get("/api/v1/namespaces/" + ns + "/events?fieldSelector=" + selector + "&limit=500").json();
      o.put("core list.kind", list.path("kind").asText()).put("core list.items", list.path("items").size());
      JsonNode core = list.path("items").path(0);
      for (String field : new String[] {"/apiVersion", "/kind", "/involvedObject/kind", "/involvedObject/name",
          "/involvedObject/uid", "/message", "/reason", "/type", "/action", "/reportingComponent", "/reportingInstance",
          "/source/component", "/series/count"}) {
        o.put("core" + field, core.at(field).asText("<absent>"));
      }
      o.put("core has count", core.has("count")).put("core has regarding", core.has("regarding"));
      JsonNode read = t.get(v1 + "/regarded.probe").json();
      o.put("v1 regarding.name", read.at("/regarding/name").asText()).put("v1 note", read.at("/note").asText())
          .put("v1 has involvedObject", read.has("involvedObject"));
      ObjectNode withSource = event.deepCopy();
      ((ObjectNode) withSource.get("metadata")).put("name", "regarded.sourced");
      withSource.putObject("deprecatedSource").put("component", "cutover-operator");
      o.put("create with deprecatedSource.code", t.post(v1, withSource).code());
      ObjectNode noTime = event.deepCopy();
      ((ObjectNode) noTime.get("metadata")).put("name", "regarded.untimed");
      noTime.remove("eventTime");
      o.put("create without eventTime.code", t.post(v1, noTime).code());
    });
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
