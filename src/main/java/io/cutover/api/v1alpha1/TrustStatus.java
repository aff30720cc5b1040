package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The trust gate and what is left to remove outside the clusters. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrustStatus {
  @JsonPropertyDescription("The last evaluation of the trust gate, one check per relying party (never a token).")
  private List<CheckResult> gate = new ArrayList<>();
  @JsonPropertyDescription("After cutover: the source-issuer trusts still to remove from relying parties, as name: what to remove.")
  private List<String> orphaned = new ArrayList<>();
  @JsonPropertyDescription("What was still in use when the cutover ran at the deadline although spec.cutover.requireIdle asked to wait.")
  private List<String> inUseAtCutover = new ArrayList<>();
  @JsonPropertyDescription("Secrets removed from the source after cutover (spec.moveSecrets).")
  private List<String> secretsRemovedFromSource = new ArrayList<>();

  public List<CheckResult> getGate() { return gate; }
  public void setGate(List<CheckResult> gate) { this.gate = gate; }
  public List<String> getOrphaned() { return orphaned; }
  public void setOrphaned(List<String> orphaned) { this.orphaned = orphaned; }
  public List<String> getInUseAtCutover() { return inUseAtCutover; }
  public void setInUseAtCutover(List<String> inUseAtCutover) { this.inUseAtCutover = inUseAtCutover; }
  public List<String> getSecretsRemovedFromSource() { return secretsRemovedFromSource; }
  public void setSecretsRemovedFromSource(List<String> secretsRemovedFromSource) { this.secretsRemovedFromSource = secretsRemovedFromSource; }
}
