package io.cutover.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The conformance suite's own rules, without clusters: what a difference is, and what the accepted list allows. */
class ConformanceComparisonTest {
  private static final String DESIGN = """
      ## The sandbox
      text
      ### Accepted differences from kube-apiserver (conformance suite)
      - `p.one` `code`: (pending: x) the sandbox answers 201,
        wrapped onto a second line.
      - `p.all` `*`: every fact of this probe.

      ## Secrets
      - `p.one` `reason`: not under the heading, so not an entry.
      """;
  private static final AcceptedDifferences ACCEPTED = AcceptedDifferences.parse(DESIGN);

  @Test
  void theListUnderTheHeadingIsParsedWithWrappedReasonsAndNothingBeyondIt() {
    assertThat(ACCEPTED.entries()).containsExactly(
        new AcceptedDifferences.Entry("p.one", "code", "(pending: x) the sandbox answers 201, wrapped onto a second"
            + " line."),
        new AcceptedDifferences.Entry("p.all", "*", "every fact of this probe."));
  }

  @Test
  void aLineOfAnotherFormUnderTheHeadingIsAnError() {
    assertThatThrownBy(() -> AcceptedDifferences.parse(DESIGN.replace("- `p.all` `*`:", "- p.all *:")))
        .hasMessageContaining("not of the form");
    assertThatThrownBy(() -> AcceptedDifferences.parse("## nothing here")).hasMessageContaining("no heading");
  }

  @Test
  void equalObservationsAgree() {
    assertThat(ConformanceComparison.failures("p.none", seen("code", "201"), seen("code", "201"), ACCEPTED)).isEmpty();
  }

  @Test
  void anUnlistedDifferenceFailsNamingProbeFactAndBothValues() {
    assertThat(ConformanceComparison.failures("p.none", seen("code", "201"), seen("code", "422"), ACCEPTED))
        .containsExactly("probe `p.none` fact `code`: sandbox 201 | real 422");
  }

  @Test
  void aFactSeenOnOneSideOnlyIsADifference() {
    assertThat(ConformanceComparison.failures("p.none", seen("code", "201"), seen("code", "201", "reason",
        "Invalid"), ACCEPTED)).containsExactly("probe `p.none` fact `reason`: sandbox <absent> | real Invalid");
  }

  @Test
  void aListedDifferenceIsAcceptedAndOnlyThatFact() {
    assertThat(ConformanceComparison.failures("p.one", seen("code", "201"), seen("code", "422"), ACCEPTED)).isEmpty();
    assertThat(ConformanceComparison.failures("p.one", seen("code", "201", "reason", "<none>"),
        seen("code", "422", "reason", "Invalid"), ACCEPTED))
        .containsExactly("probe `p.one` fact `reason`: sandbox <none> | real Invalid");
  }

  @Test
  void aListedDifferenceThatNoLongerDiffersFails() {
    assertThat(ConformanceComparison.failures("p.one", seen("code", "422"), seen("code", "422"), ACCEPTED))
        .singleElement().asString().contains("`p.one` `code` no longer differs");
  }

  @Test
  void aStarCoversEveryFactOfItsProbeAndFailsOnceTheProbeAgrees() {
    assertThat(ConformanceComparison.failures("p.all", seen("a", "1", "b", "2"), seen("a", "3", "b", "4"), ACCEPTED))
        .isEmpty();
    assertThat(ConformanceComparison.failures("p.all", seen("a", "1"), seen("a", "1"), ACCEPTED))
        .singleElement().asString().contains("no longer differs");
  }

  @Test
  void rawValuesNamedAsRolesAreRecordedByRoleAndJsonWithSortedKeys() throws Exception {
    Observation o = new Observation().role("4c1f-uid", "<sa-uid>");
    o.put("claim", "uid 4c1f-uid").put("json", ConformanceTarget.JSON.readTree("{\"b\":1,\"a\":{\"d\":2,\"c\":3}}"));
    assertThat(o.facts()).containsExactly(java.util.Map.entry("claim", "uid <sa-uid>"),
        java.util.Map.entry("json", "{\"a\":{\"c\":3,\"d\":2},\"b\":1}"));
    assertThatThrownBy(() -> o.put("claim", "again")).hasMessageContaining("twice");
  }

  private static Observation seen(String... factsAndValues) {
    Observation o = new Observation();
    for (int i = 0; i < factsAndValues.length; i += 2) {
      o.put(factsAndValues[i], factsAndValues[i + 1]);
    }
    return o;
  }

  @Test
  void theProjectsListParses() {
    // load() throws on a missing heading or a line not of the form; the list may be empty (it is today).
    assertThat(AcceptedDifferences.load().entries()).allSatisfy(e -> assertThat(e.reason()).isNotBlank());
    assertThat(List.copyOf(AcceptedDifferences.load().entries())).doesNotHaveDuplicates();
  }
}
