package io.cutover.real;

import static io.cutover.real.ConformanceTarget.JSON;
import static io.cutover.real.ConformanceTarget.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.testing.RawHttp.Answer;
import java.time.Duration;
import java.util.List;

/** Probes of a namespace's life: what a new one holds, and how one terminates. */
final class NamespaceProbes {
  /** kube-controller-manager fills and empties namespaces in its own time; these bounds are generous for 2 cores. */
  static final Duration CONTROLLER = Duration.ofSeconds(20);

  private NamespaceProbes() {}

  static List<ConformanceProbe> all() {
    return List.of(
        new ConformanceProbe("namespace.new-contents", (t, o, ns) -> {
          t.namespace(ns);
          o.put("phase", t.get("/api/v1/namespaces/" + ns).json().at("/status/phase").asText());
          java.util.concurrent.Callable<Boolean> account =
              () -> t.get("/api/v1/namespaces/" + ns + "/serviceaccounts/default").code() == 200;
          java.util.concurrent.Callable<Boolean> rootCa =
              () -> t.get("/api/v1/namespaces/" + ns + "/configmaps/kube-root-ca.crt").json().at("/data/ca.crt")
                  .isTextual();
          within(CONTROLLER, () -> account.call() && rootCa.call()); // one wait for both, then each as it is
          o.put("default ServiceAccount within 20 s", account.call()).put("kube-root-ca.crt within 20 s", rootCa.call());
        }),
        new ConformanceProbe("namespace.terminating", (t, o, ns) -> {
          t.namespace(ns);
          String held = ObjectProbes.configMap(t, ns, "held", true);
          Answer deleted = t.delete("/api/v1/namespaces/" + ns, null);
          o.put("delete.code", deleted.code());
          JsonNode after = t.get("/api/v1/namespaces/" + ns).json();
          o.put("still stored", after.has("metadata"))
              .put("deletionTimestamp set", after.at("/metadata/deletionTimestamp").isTextual())
              .put("phase", after.at("/status/phase").asText())
              .put("spec.finalizers", after.at("/spec/finalizers"));
          ObjectNode cm = ConformanceTarget.object("v1", "ConfigMap", ns, "late");
          Answer late = t.post("/api/v1/namespaces/" + ns + "/configmaps", cm);
          TokenProbes.refusal(o, "create in terminating.", late);
          o.put("create in terminating.details.causes.reason", late.json().at("/details/causes/0/reason").asText());
          ObjectNode release = JSON.createObjectNode();
          release.putObject("metadata").putNull("finalizers");
          t.mergePatch(held, release);
          o.put("gone within 20 s of the last finalizer", within(CONTROLLER,
              () -> t.get("/api/v1/namespaces/" + ns).code() == 404));
        }));
  }
}
