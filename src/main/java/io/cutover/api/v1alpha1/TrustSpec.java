package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trust outside the two clusters: the relying parties that accept the identity's tokens, and annotations to re-bind. */
public class TrustSpec {
  @io.fabric8.generator.annotation.Size(max = ApiRules.RELYING_PARTIES_MAX_ITEMS)
  @io.fabric8.generator.annotation.ValidationRule(value = ApiRules.RELYING_PARTY_NAMES_UNIQUE_CEL,
      message = "relyingParties must have unique names")
  @JsonPropertyDescription("Systems that trust the identity's tokens themselves (by issuer, subject and audience, not through TokenReview). Provisioning does not enter the dual run until each is confirmed re-bound to the target issuer.")
  private List<RelyingParty> relyingParties = new ArrayList<>();

  @JsonPropertyDescription("Cloud workload-identity annotations to set on the target ServiceAccount instead of the source's values (e.g. eks.amazonaws.com/role-arn of a role in the target account). Unmapped recognised annotations are carried unchanged.")
  @io.fabric8.generator.annotation.Size(max = ApiRules.TRUST_ANNOTATIONS_MAX)
  @io.fabric8.generator.annotation.ValidationRule(value = ApiRules.TRUST_ANNOTATION_KEYS_CEL,
      message = "annotations must be workload-identity annotations: eks.amazonaws.com/, iam.gke.io/ or azure.workload.identity/ and a name of 1 to 63 characters")
  @io.fabric8.generator.annotation.ValidationRule(value = ApiRules.TRUST_ANNOTATION_VALUES_CEL,
      message = "annotation values must be strings, not null (a YAML key without a value is null)")
  private Map<String, @io.fabric8.generator.annotation.Size(max = ApiRules.TRUST_ANNOTATION_VALUE_MAX) String> annotations = new LinkedHashMap<>();

  public List<RelyingParty> getRelyingParties() { return relyingParties; }
  public void setRelyingParties(List<RelyingParty> relyingParties) { this.relyingParties = relyingParties; }
  public Map<String, String> getAnnotations() { return annotations; }
  public void setAnnotations(Map<String, String> annotations) { this.annotations = annotations; }
}
