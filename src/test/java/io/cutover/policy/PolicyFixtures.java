package io.cutover.policy;

import io.cutover.api.v1alpha1.MigrationPolicy;
import io.cutover.api.v1alpha1.MigrationPolicySpec;
import io.cutover.api.v1alpha1.PolicyCluster;
import io.cutover.sandbox.SandboxPolicies;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.UserRef;
import io.cutover.cluster.AccessReviewOutcome;
import io.cutover.cluster.Reviews;
import io.cutover.cluster.Token;
import io.cutover.cluster.TokenReviewOutcome;
import io.cutover.plan.PlanFixtures;
import io.cutover.rbac.AccessCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Policies, requesters and grants for the policy tests: {@link PlanFixtures#migration()} (cutover-system moving
 * eu-old/payments/payments-api to eu-new) under policy {@value #POLICY}, requested by {@value #ALICE}.
 */
public final class PolicyFixtures {
  public static final String POLICY = "payments";
  public static final String ALICE = "alice";
  public static final String BOB = "bob";

  private PolicyFixtures() {}

  /** The policy that permits exactly the fixture migration. */
  public static MigrationPolicySpec paymentsPolicy() {
    MigrationPolicySpec spec = new MigrationPolicySpec();
    spec.setMigrationNamespaces(new ArrayList<>(List.of("cutover-system")));
    spec.setSource(SandboxPolicies.scope(new PolicyCluster(PlanFixtures.SOURCE, "eu-old-kubeconfig"),
        List.of(PlanFixtures.NS)));
    spec.setTarget(SandboxPolicies.scope(new PolicyCluster(PlanFixtures.TARGET, "eu-new-kubeconfig"),
        List.of(PlanFixtures.NS)));
    spec.getAllow().setAudiences(new ArrayList<>(List.of("vault.eu-new.example")));
    return spec;
  }

  public static UserRef user(String name, String... groups) {
    UserRef user = new UserRef();
    user.setUsername(name);
    user.setGroups(new ArrayList<>(List.of(groups)));
    return user;
  }

  /** The fixture migration under policy {@value #POLICY}, requested by {@value #ALICE}. */
  public static ServiceAccountMigration migration() {
    ServiceAccountMigration sam = PlanFixtures.migration();
    sam.getSpec().setPolicy(POLICY);
    sam.getSpec().setRequester(user(ALICE));
    return sam;
  }

  /** Policies by name, editable as a test goes on. */
  public static final class Policies implements PolicySource {
    public final Map<String, MigrationPolicySpec> byName = new HashMap<>();

    public Policies with(String name, MigrationPolicySpec spec) {
      byName.put(name, spec);
      return this;
    }

    @Override
    public Optional<MigrationPolicySpec> find(String name) {
      return Optional.ofNullable(byName.get(name));
    }
  }

  /**
   * SubjectAccessReviews answered from a table of grants: user, verb, resource, name ("" any) and namespace ("" any
   * or cluster-scoped); every review asked is recorded.
   */
  public static class Grants implements Reviews {
    private final Set<List<String>> grants = new HashSet<>();
    public final List<String> asked = new ArrayList<>();

    public Grants grant(String user, String verb, String resource, String name, String namespace) {
      grants.add(List.of(user, verb, resource, name, namespace));
      return this;
    }

    public Grants revoke(String user, String verb, String resource, String name, String namespace) {
      grants.remove(List.of(user, verb, resource, name, namespace));
      return this;
    }

    /** The verb on the fixture policy. */
    public Grants onPolicy(String user, String verb) {
      return grant(user, verb, MigrationPolicy.PLURAL, POLICY, "");
    }

    @Override
    public AccessReviewOutcome reviewAccess(String user, List<String> groups, AccessCheck c) {
      String resource = c.resource() + (c.subresource() == null ? "" : "/" + c.subresource());
      String name = c.name() == null ? "" : c.name();
      String ns = c.namespace() == null ? "" : c.namespace();
      asked.add(user + " " + c.verb() + " " + resource + " " + name + " " + ns);
      boolean allowed = grants.contains(List.of(user, c.verb(), resource, name, ns))
          || grants.contains(List.of(user, c.verb(), resource, "", ns))
          || grants.contains(List.of(user, c.verb(), resource, "", ""));
      return new AccessReviewOutcome(allowed, allowed ? "granted" : "");
    }

    @Override
    public TokenReviewOutcome reviewToken(Token token, List<String> audiences) {
      throw new UnsupportedOperationException("the authority reviews no tokens");
    }

    @Override
    public boolean mayI(AccessCheck check) {
      throw new UnsupportedOperationException("the authority asks only about others");
    }
  }
}
