package io.cutover.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.config.CrdManifest;
import io.cutover.plan.PlanFixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code spec.dualRun.notAfter}: an RFC 3339 time with seconds and an offset, as the CRD's {@code format: date-time}
 * is checked by kube-apiserver; anything else is refused by the operator with a message naming the field and the
 * form it wants. (The table of hostile values is HostileSpecs' "dualRun.notAfter" rows, judged by the operator, the
 * CRD as a document and a real kube-apiserver.)
 */
class NotAfterValidationTest {
  private static List<Violation> violations(String notAfter) {
    var spec = PlanFixtures.migration().getSpec();
    spec.getDualRun().setNotAfter(notAfter);
    return SpecValidator.validate(spec);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-12-03T18:00:00Z", "2026-12-03T19:00:00+01:00", "2026-12-03T13:00:00-05:00",
      "2026-12-03T18:00:00.5Z", "2026-12-03T18:00:00.123456789Z", "2026-12-03t18:00:00z", "1999-01-01T00:00:00Z"})
  void anRfc3339TimeWithSecondsAndAnOffsetIsAccepted(String time) {
    assertThat(violations(time)).isEmpty();
  }

  @Test
  void withoutNotAfterTheSpecIsValidAsBefore() {
    assertThat(violations(null)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tomorrow", "2026-12-03", "2026-12-03T18:00:00", "2026-12-03T18:00Z", "2026-12-03 18:00:00Z",
      "2026-02-30T18:00:00Z", "2026-12-03T24:00:00Z", "2026-12-03T18:00:00+0100", "2026-12-03T18:00:00+01",
      "2026-12-03T18:00:00.Z", "15m", "", "2026-12-03T18:00:00Z\n"})
  void anythingElseIsRefusedNamingTheFieldAndTheFormItWants(String time) {
    List<Violation> v = violations(time);
    assertThat(v).hasSize(1);
    assertThat(v.get(0).field()).isEqualTo("spec.dualRun.notAfter");
    assertThat(v.get(0).problem()).endsWith("is not an RFC 3339 time with an offset, such as 2026-12-03T18:00:00Z"
        + " or 2026-12-03T19:00:00+01:00");
  }

  @Test
  void theMessageQuotesAShortPlainValue() {
    assertThat(violations("tomorrow").get(0)).hasToString("spec.dualRun.notAfter: 'tomorrow' is not an RFC 3339 time"
        + " with an offset, such as 2026-12-03T18:00:00Z or 2026-12-03T19:00:00+01:00");
  }

  @Test
  void aValueLongerThanTheSchemaAllowsIsRefusedAsTooLong() {
    String longer = "2026-12-03T18:00:00." + "1".repeat(ApiRules.NOT_AFTER_MAX_LENGTH) + "Z";
    assertThat(violations(longer)).singleElement().hasToString("spec.dualRun.notAfter: is " + longer.length()
        + " characters long; at most " + ApiRules.NOT_AFTER_MAX_LENGTH + " are allowed");
  }

  @Test
  void theParserReadsTheInstantTheOffsetMeans() {
    assertThat(Times.parse("2026-12-03T19:00:00+01:00")).isEqualTo(Instant.parse("2026-12-03T18:00:00Z"));
    assertThat(Times.parse("2026-12-03t18:00:00.250z")).isEqualTo(Instant.parse("2026-12-03T18:00:00.250Z"));
    assertThatThrownBy(() -> Times.parse("2026-12-03T18:00")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Times.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCrdSaysDateTimeWithTheSameMaximumLength() {
    var notAfter = CrdManifest.load().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties()
        .get("spec").getProperties().get("dualRun").getProperties().get("notAfter");
    assertThat(notAfter.getType()).isEqualTo("string");
    assertThat(notAfter.getFormat()).isEqualTo("date-time");
    assertThat(notAfter.getMaxLength()).isEqualTo((long) ApiRules.NOT_AFTER_MAX_LENGTH);
  }
}
