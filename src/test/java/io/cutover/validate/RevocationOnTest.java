package io.cutover.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.api.v1alpha1.RevokeSpec.ServiceAccountAction;
import io.cutover.config.CrdManifest;
import io.cutover.plan.PlanFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * At least one revocation is on (issue 15 item 7): the operator's own gate refuses exactly the spec that turns every
 * revocation off, as the CRD's CEL rule does on the API server (RealCrdAdmissionTest, row "every revocation off").
 */
class RevocationOnTest {
  private static RevokeSpec revoke(boolean legacy, boolean bindings, ServiceAccountAction sa) {
    RevokeSpec r = new RevokeSpec();
    r.setLegacyTokenSecrets(legacy);
    r.setBindings(bindings);
    r.setServiceAccount(sa);
    return r;
  }

  private static java.util.List<Violation> violations(RevokeSpec revoke) {
    var spec = PlanFixtures.migration().getSpec();
    CutoverSpec cutover = new CutoverSpec();
    cutover.setRevoke(revoke);
    spec.setCutover(cutover);
    return SpecValidator.validate(spec);
  }

  @ParameterizedTest(name = "legacyTokenSecrets={0} bindings={1} serviceAccount={2}: refused={3}")
  @CsvSource({
      "true,  true,  Delete, false",
      "true,  true,  Keep,   false",
      "true,  false, Delete, false",
      "true,  false, Keep,   false",
      "false, true,  Delete, false",
      "false, true,  Keep,   false",
      "false, false, Delete, false",
      "false, false, Keep,   true"})
  void onlyTheSpecWithEveryRevocationOffIsRefused(boolean legacy, boolean bindings, ServiceAccountAction sa,
      boolean refused) {
    var out = violations(revoke(legacy, bindings, sa));
    if (refused) {
      assertThat(out).containsExactly(new Violation("spec.cutover.revoke", ApiRules.REVOCATION_ON_MESSAGE));
    } else {
      assertThat(out).isEmpty();
    }
  }

  @Test
  void anAbsentServiceAccountActionIsTheDefaultDeleteAndAnAbsentRevokeIsEverythingOn() {
    assertThat(violations(revoke(false, false, null))).isEmpty();
    assertThat(violations(null)).isEmpty();
  }

  @Test
  void theCrdCarriesTheSameRuleAtSpecCutoverRevoke() {
    var revoke = CrdManifest.load().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties()
        .get("spec").getProperties().get("cutover").getProperties().get("revoke");
    assertThat(revoke.getXKubernetesValidations()).anySatisfy(v -> {
      assertThat(v.getRule()).isEqualTo(ApiRules.REVOCATION_ON_CEL);
      assertThat(v.getMessage()).isEqualTo(ApiRules.REVOCATION_ON_MESSAGE);
    });
  }
}
