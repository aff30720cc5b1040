package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A human confirmation kept in Git: the commit that made the change. */
public class Confirmation {
  @Required
  @Pattern(ApiRules.COMMIT)
  @JsonPropertyDescription("The Git commit (7 to 64 hex characters) that made the change.")
  private String commit;

  public Confirmation() {}

  public Confirmation(String commit) {
    this.commit = commit;
  }

  public String getCommit() { return commit; }
  public void setCommit(String commit) { this.commit = commit; }
}
