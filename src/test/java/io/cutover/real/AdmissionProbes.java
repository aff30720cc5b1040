package io.cutover.real;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.phase.HostileSpecs;
import io.cutover.phase.HostileSpecs.Case;
import io.cutover.testing.RawHttp.Answer;
import java.util.List;

/**
 * Admission probes: every row of {@link HostileSpecs} as a dry run against the committed CRD (code, and whether the
 * refusal names the field as {@link RealCrdAdmissionTest} expects it named), a widget's schema (enum, bound), and
 * field validation and pruning on a custom and a built-in kind.
 */
final class AdmissionProbes {
  private AdmissionProbes() {}

  static List<ConformanceProbe> all() {
    return List.of(
        new ConformanceProbe("crd-admission.hostile-specs", (t, o, ns) -> {
          t.namespace(ns);
          String collection = "/apis/cutover.io/v1alpha1/namespaces/" + ns + "/serviceaccountmigrations?dryRun=All";
          o.put("valid base.code", t.post(collection, migration(ns, "base", HostileSpecs.validSpec())).code());
          int i = 0;
          for (Case c : HostileSpecs.cases().toList()) {
            Answer a = t.post(collection, migration(ns, "hostile-" + i++, HostileSpecs.specTree(c)));
            String field = io.cutover.phase.HostileAdmission.fieldPath(!c.layer().schema() && !c.layer().celAt().isEmpty()
                && c.path().startsWith(c.layer().celAt() + ".") ? c.layer().celAt() : c.path());
            o.put(c.toString(), a.code() + (a.code() == 422 ? (a.message().contains(field) ? " naming " : " not naming ")
                + field : ""));
          }
        }),
        new ConformanceProbe("crd-admission.widget-schema", (t, o, ns) -> {
          t.namespace(ns);
          String collection = ConformanceCrds.widgets(ns) + "?dryRun=All";
          ObjectNode big = ConformanceCrds.widget(ns, "big", 11);
          TokenProbes.refusal(o, "above maximum.", t.post(collection, big));
          ObjectNode green = ConformanceCrds.widget(ns, "green", 1);
          ((ObjectNode) green.get("spec")).put("color", "green");
          TokenProbes.refusal(o, "not in enum.", t.post(collection, green));
          ObjectNode text = ConformanceCrds.widget(ns, "text", 1);
          ((ObjectNode) text.get("spec")).put("size", "one");
          TokenProbes.refusal(o, "wrong type.", t.post(collection, text));
        }),
        new ConformanceProbe("field-validation.custom-resource", (t, o, ns) -> {
          t.namespace(ns);
          validation(t, o, ConformanceCrds.widgets(ns), () -> {
            ObjectNode w = ConformanceCrds.widget(ns, "w", 1);
            ((ObjectNode) w.get("spec")).put("bogus", "x");
            return w;
          }, "spec.bogus", "/spec/bogus");
        }),
        new ConformanceProbe("field-validation.built-in", (t, o, ns) -> {
          t.namespace(ns);
          validation(t, o, "/api/v1/namespaces/" + ns + "/configmaps", () -> {
            ObjectNode cm = ConformanceTarget.object("v1", "ConfigMap", ns, "w");
            cm.put("bogus", "x");
            return cm;
          }, "bogus", "/bogus");
        }));
  }

  /** Strict → 400 naming the field; Warn → created with a Warning naming it; the stored object pruned of it. */
  private static void validation(ConformanceTarget t, Observation o, String collection,
      java.util.function.Supplier<ObjectNode> body, String field, String pointer) {
    Answer strict = t.post(collection + "?fieldValidation=Strict", body.get());
    TokenProbes.refusal(o, "Strict.", strict);
    o.put("Strict.message names " + field, strict.message().contains("unknown field \"" + field + "\""));
    Answer warn = t.post(collection + "?fieldValidation=Warn", body.get());
    o.put("Warn.code", warn.code())
        .put("Warn.warning names " + field, warn.warnings().stream().anyMatch(w -> w.contains("unknown field")
            && w.contains(field)))
        .put("Warn.answer pruned", warn.json().at(pointer).isMissingNode());
    o.put("stored pruned", t.get(collection + "/w").json().at(pointer).isMissingNode());
    t.delete(collection + "/w", null);
    Answer ignore = t.post(collection + "?fieldValidation=Ignore", body.get());
    o.put("Ignore.code", ignore.code()).put("Ignore.warnings", ignore.warnings().size());
  }

  private static ObjectNode migration(String ns, String name, com.fasterxml.jackson.databind.JsonNode spec) {
    ObjectNode m = ConformanceTarget.object("cutover.io/v1alpha1", "ServiceAccountMigration", ns, name);
    m.set("spec", spec);
    return m;
  }
}
