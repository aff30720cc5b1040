package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Kubernetes user as the API server authenticated them: who created a migration ({@code spec.requester}) or approved
 * its cutover ({@code spec.cutover.approvedBy}). The chart's ValidatingAdmissionPolicy admits the object only when the
 * user named here is the one making the request (and the groups are among theirs); the operator then asks the API
 * server, by SubjectAccessReview, whether that user still holds the verb the migration needs before every step that
 * writes.
 */
public class UserRef {
  @Required
  @Size(min = 1, max = ApiRules.USER_NAME_MAX)
  @JsonPropertyDescription("The user name, exactly as the API server authenticates it (kubectl auth whoami).")
  private String username;

  @Size(max = ApiRules.USER_GROUPS_MAX)
  @JsonPropertyDescription("Groups of the user whose grants count (each must be one of the user's groups at admission). Empty: only grants to the user name itself count.")
  private List<@Size(min = 1, max = ApiRules.USER_NAME_MAX) String> groups = new ArrayList<>();

  public UserRef() {}

  public UserRef(String username, List<String> groups) {
    this.username = username;
    this.groups = new ArrayList<>(groups);
  }

  public String getUsername() { return username; }
  public void setUsername(String username) { this.username = username; }
  public List<String> getGroups() { return groups; }
  public void setGroups(List<String> groups) { this.groups = groups == null ? new ArrayList<>() : groups; }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserRef u && Objects.equals(username, u.username) && Objects.equals(groups, u.groups);
  }

  @Override
  public int hashCode() { return Objects.hash(username, groups); }

  @Override
  public String toString() { return username + (groups.isEmpty() ? "" : " " + groups); }
}
