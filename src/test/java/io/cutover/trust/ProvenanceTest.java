package io.cutover.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ProvenanceLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
  static ProvenanceLink link(String migration, String cutoverAt) {
    return new ProvenanceLink("a", "ns", "sa", "uid-" + migration, "b", migration, "t1", "t2", cutoverAt,
        List.of("ServiceAccount/ns/sa"));
  }

  @Test
  void theChainRoundTripsThroughTheAnnotation() {
    List<ProvenanceLink> chain = List.of(link("m1", "t3"), link("m2", null));
    assertThat(Provenance.read(Map.of(Provenance.ANNOTATION, Provenance.write(chain)))).isEqualTo(chain);
  }

  @Test
  void extendingReplacesThisMigrationsEarlierLinkAndKeepsTheOthersInOrder() {
    List<ProvenanceLink> chain = Provenance.extend(List.of(link("m1", "t3"), link("m2", null)), link("m2", "t9"));
    assertThat(chain).extracting(ProvenanceLink::migrationUid).containsExactly("m1", "m2");
    assertThat(chain.get(1).cutoverAt()).isEqualTo("t9");
  }

  @Test
  void theChainIsBounded() {
    List<ProvenanceLink> many = new ArrayList<>();
    for (int i = 0; i < Provenance.MAX_LINKS + 5; i++) {
      many.add(link("m" + i, "t"));
    }
    List<ProvenanceLink> chain = Provenance.extend(many, link("new", null));
    assertThat(chain).hasSize(Provenance.MAX_LINKS);
    assertThat(chain.get(chain.size() - 1).migrationUid()).isEqualTo("new");
  }

  @Test
  void aMissingOrHandEditedAnnotationIsAnEmptyHistory() {
    assertThat(Provenance.read(null)).isEmpty();
    assertThat(Provenance.read(Map.of())).isEmpty();
    assertThat(Provenance.read(Map.of(Provenance.ANNOTATION, "{not json"))).isEmpty();
  }
}
