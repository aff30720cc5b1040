package io.cutover.trust;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cutover.api.v1alpha1.ProvenanceLink;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The provenance chain: every migration the identity went through, oldest first. It lives in the annotation
 * {@value #ANNOTATION} of each target ServiceAccount (compact JSON), so a later migration of that ServiceAccount finds
 * the earlier links on its source and extends them; and in status.provenance.chain.
 */
public final class Provenance {
  public static final String ANNOTATION = "cutover.io/provenance";
  /** Links kept: enough for any real history, bounded so the annotation stays small. */
  public static final int MAX_LINKS = 20;

  private Provenance() {}

  /** The links recorded on a ServiceAccount (its annotations); empty when none or unreadable. */
  public static List<ProvenanceLink> read(Map<String, String> annotations) {
    String json = annotations == null ? null : annotations.get(ANNOTATION);
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      List<ProvenanceLink> links = Serialization.jsonMapper().readValue(json, new TypeReference<List<ProvenanceLink>>() {});
      return links == null ? List.of() : links;
    } catch (java.io.IOException | RuntimeException e) {
      return List.of(); // a hand-edited annotation is not a reason to stop a migration
    }
  }

  /** The earlier links followed by this one (replacing an earlier version of this migration's own link). */
  public static List<ProvenanceLink> extend(List<ProvenanceLink> previous, ProvenanceLink current) {
    List<ProvenanceLink> out = new ArrayList<>(previous.stream()
        .filter(l -> !current.migrationUid().equals(l.migrationUid())).toList());
    out.add(current);
    while (out.size() > MAX_LINKS) {
      out.remove(0);
    }
    return out;
  }

  public static String write(List<ProvenanceLink> chain) {
    return Serialization.asJson(chain);
  }
}
