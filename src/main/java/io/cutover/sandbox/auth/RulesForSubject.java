package io.cutover.sandbox.auth;

import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import java.util.List;

/** The rules of a subject in a namespace, as a SelfSubjectRulesReview's status reports them. */
public record RulesForSubject(List<ResourceRule> resourceRules, List<NonResourceRule> nonResourceRules) {

  public RulesForSubject {
    resourceRules = List.copyOf(resourceRules);
    nonResourceRules = List.copyOf(nonResourceRules);
  }
}
