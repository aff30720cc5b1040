package io.cutover.plan;

import io.cutover.api.v1alpha1.BindingRef;
import io.cutover.api.v1alpha1.Conditions;
import io.cutover.api.v1alpha1.IdentityLoss;
import io.cutover.api.v1alpha1.LegacySecretRef;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.api.v1alpha1.PlanStatus;
import io.cutover.api.v1alpha1.RbacSpec;
import io.cutover.api.v1alpha1.RuleRef;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.observe.SourceObservation;
import io.cutover.observe.TargetObservation;
import io.cutover.rbac.AccessCheck;
import io.cutover.rbac.AccessChecks;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.Escalation;
import io.cutover.rbac.Grant;
import io.cutover.rbac.RbacDiff;
import io.cutover.rbac.RbacSnapshot;
import io.cutover.rbac.Rules;
import io.cutover.rbac.ScopedRule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The migration plan as a pure function of the spec and what was observed on both clusters: what the identity has,
 * what the target will get (in mode Mirror, the RBAC objects of {@link RbacMirror}, which never copies wider),
 * whether that escalates or loses anything, and the SubjectAccessReview checks that prove the target.
 */
public final class Planner {
  private Planner() {}

  /** Everything the planner needs about the migration itself. */
  public record Input(String migrationNamespace, String migrationName, String migrationUid, long generation,
      ServiceAccountMigrationSpec spec, Identities ids) {}

  public static Plan plan(Input in, SourceObservation source, TargetObservation target, Instant now) {
    PlanStatus status = new PlanStatus();
    status.setPlannedAt(now.toString());
    status.setGeneration(in.generation());
    Identities ids = in.ids();
    if (ids.sameIdentity()) {
      return failed(status, "InvalidSpec", "source and target name the same ServiceAccount in the same cluster");
    }
    if (source.serviceAccount().isEmpty()) {
      return failed(status, "SourceServiceAccountNotFound", "ServiceAccount " + ids.source().namespace() + "/"
          + ids.source().name() + " does not exist on cluster " + ids.sourceCluster());
    }
    ServiceAccount sourceSa = source.serviceAccount().get();
    status.setSourceUid(sourceSa.getMetadata().getUid());
    status.setSourceIssuer(source.issuer());
    status.setTargetIssuer(target.issuer());
    status.setTargetNamespaceExists(target.namespace().isPresent());
    status.setLegacyTokenSecrets(source.legacyTokenSecrets().stream()
        .map(s -> new LegacySecretRef(s.getMetadata().getName(), label(s, Ownership.LEGACY_LAST_USED_LABEL),
            label(s, Ownership.LEGACY_INVALID_SINCE_LABEL), s.getMetadata().getUid()))
        .toList());
    status.setWorkloads(workloads(source));
    ProjectedTokens.longest(source.pods(), source.issuer()).ifPresent(l -> {
      status.setLongestProjectedTokenSeconds(l.seconds());
      status.setProjectedTokenExtended(l.extended());
    });

    Optional<Plan.Failure> ownership = checkTargetOwnership(in, target);
    if (ownership.isPresent()) {
      return new Plan(status, List.of(), List.of(), ownership);
    }

    List<Grant> sourceGrants = EffectiveRules.grantsFor(source.rbac(), ids.source());
    status.setBindings(bindings(sourceGrants, source.rbac()));

    TargetObjects names = new TargetObjects(in.migrationUid(), in.migrationNamespace(), in.migrationName(),
        ids.sourceCluster(), now);
    List<HasMetadata> objects = new ArrayList<>();
    if (target.namespace().isEmpty()) {
      objects.add(new NamespaceBuilder().withMetadata(names.sharedNamespaceMetadata(ids.target().namespace())).build());
    }
    // Invariant 9: the target ServiceAccount gets what the source's carries (ServiceAccountCarry), field by field.
    ServiceAccountCarry.Result carried = ServiceAccountCarry.carry(new ServiceAccountCarry.Input(sourceSa,
        names.metadata(ids.target().namespace(), ids.target().name(), sourceSa),
        in.spec().getTrust() == null ? Map.of() : in.spec().getTrust().getAnnotations(), in.spec().getSecrets(),
        target.secrets(), source.legacyTokenSecrets().stream().map(s -> s.getMetadata().getName()).toList(),
        ids.target().namespace()));
    objects.add(carried.target());
    status.setIdentity(carried.fields());
    status.getIdentityLosses().addAll(carried.losses());

    RbacSpec.Mode mode = in.spec().getRbac().getMode();
    List<ScopedRule> uncarriable = List.of();
    Map<Grant, String> groupGrants = Map.of(); // what became of each group grant: mode Mirror says
    if (mode == RbacSpec.Mode.Mirror) {
      RbacMirror.Mirrored mirrored = RbacMirror.of(sourceGrants, source.rbac(), target, ids, names);
      objects.addAll(mirrored.objects());
      uncarriable = mirrored.uncarriable();
      groupGrants = mirrored.groupGrants();
    }
    Map<Grant, String> notes = groupGrants;
    status.setEffectiveRules(sourceGrants.stream().map(g -> ruleRef(g.namespace(), g.rule(),
        via(g) + (notes.containsKey(g) ? "; " + notes.get(g) : ""), g.subjectKind())).toList());
    String secretName = in.spec().getTokens().getSecretName();
    if (secretName != null && !secretName.isBlank()) {
      objects.add(names.tokenSecret(ids.target().namespace(), secretName));
    }

    RbacSnapshot targetAfter = target.rbac().with(objects);
    List<Grant> targetGrants = EffectiveRules.grantsFor(targetAfter, ids.target());
    RbacDiff diff = Escalation.diff(sourceGrants, targetGrants, ids::targetNamespaceFor);
    status.setEscalations(diff.escalations().stream().map(r -> ruleRef(r.namespace(), r.rule(), "not granted on the source", null)).toList());
    List<RuleRef> losses = new ArrayList<>();
    for (ScopedRule r : uncarriable) {
      losses.add(ruleRef(r.namespace(), r.rule(), "namespace " + r.namespace() + " does not exist on the target", null));
    }
    for (ScopedRule r : diff.losses()) {
      if (uncarriable.stream().noneMatch(u -> Objects.equals(u.namespace(), r.namespace()))) {
        losses.add(ruleRef(r.namespace(), r.rule(), "not granted on the target", null));
      }
    }
    status.setLosses(losses);
    for (RuleRef loss : losses) {
      status.getIdentityLosses().add(new IdentityLoss(IdentityLoss.id(IdentityLoss.PERMISSION,
          new ScopedRule(loss.namespace(), Rules.rule(loss.verbs(), loss.apiGroups(), loss.resources(),
              loss.resourceNames(), loss.nonResourceURLs())).describe()), IdentityLoss.PERMISSION,
          mode == RbacSpec.Mode.Skip ? loss.note() + "; accepted by spec.rbac.mode Skip (RBAC on the target is left to"
              + " you, and not proven)" : loss.note(), mode == RbacSpec.Mode.Skip));
    }
    status.setIdentityLosses(accepting(status.getIdentityLosses(), in.spec().getAcceptLosses()));
    status.setTargetObjects(objects.stream()
        .map(o -> ObjectRef.of(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName())).toList());

    List<AccessCheck> checks = mode == RbacSpec.Mode.Skip ? List.of() : accessChecks(status, ids);
    status.setAccessChecks(checks.size());

    if (diff.escalates() && !in.spec().getRbac().isAllowEscalation()) {
      return new Plan(status, objects, checks, Optional.of(new Plan.Failure("EscalationDetected",
          "the target identity would hold " + diff.escalations().size() + " permission(s) the source does not, e.g. "
              + diff.escalations().get(0).describe() + "; set spec.rbac.allowEscalation to accept")));
    }
    List<IdentityLoss> unaccepted = status.getIdentityLosses().stream().filter(l -> !l.accepted()).toList();
    List<IdentityLoss> permissions = unaccepted.stream().filter(l -> IdentityLoss.PERMISSION.equals(l.kind())).toList();
    if (mode == RbacSpec.Mode.Require && !permissions.isEmpty()) {
      return new Plan(status, objects, checks, Optional.of(new Plan.Failure("RbacRequirementNotMet",
          "the target does not grant " + permissions.size() + " source permission(s), e.g. "
              + permissions.get(0).id() + "; grant them on the target, or list their ids (status.plan.identityLosses)"
              + " in spec.acceptLosses")));
    }
    if (!unaccepted.isEmpty()) {
      return new Plan(status, objects, checks, Optional.of(new Plan.Failure(Conditions.Reason.LOSSES_NOT_ACCEPTED,
          unaccepted.size() + " thing(s) of the source identity would not be on the target: "
              + unaccepted.stream().map(IdentityLoss::id).collect(Collectors.joining(", "))
              + "; carry them (see status.plan.identityLosses for why each cannot be) or list these ids in"
              + " spec.acceptLosses to go on without them")));
    }
    return new Plan(status, objects, checks, Optional.empty());
  }

  /**
   * The losses with {@code accepted} set from spec.acceptLosses (or already accepted by the spec's mode): an exact
   * match of the id, so a loss that appears later (a new permission, a re-plan after the target changed) is not
   * accepted by an earlier list.
   */
  static List<IdentityLoss> accepting(List<IdentityLoss> losses, List<String> accepted) {
    Set<String> ids = accepted == null ? Set.of() : Set.copyOf(accepted);
    Map<String, IdentityLoss> byId = new LinkedHashMap<>();
    for (IdentityLoss l : losses) {
      byId.putIfAbsent(l.id(), new IdentityLoss(l.id(), l.kind(), l.reason(), l.accepted() || ids.contains(l.id())));
    }
    return new ArrayList<>(byId.values());
  }

  private static Plan failed(PlanStatus status, String reason, String message) {
    return new Plan(status, List.of(), List.of(), Optional.of(new Plan.Failure(reason, message)));
  }

  /** Invariant 7: one target identity, one migration; and no object of someone else's is ever adopted. */
  private static Optional<Plan.Failure> checkTargetOwnership(Input in, TargetObservation target) {
    // The identity first: a second migration of the same target identity is refused for that reason, not for the
    // delivery Secret the first one created there.
    Optional<Plan.Failure> identity = target.serviceAccount().flatMap(existing -> serviceAccountOwner(in, existing));
    if (identity.isPresent()) {
      return identity;
    }
    if (target.deliverySecret().isPresent()) {
      var labels = target.deliverySecret().get().getMetadata().getLabels();
      if (labels == null || !in.migrationUid().equals(labels.get(Ownership.MIGRATION_UID_LABEL))) {
        return Optional.of(new Plan.Failure("TargetObjectConflict", "Secret " + in.ids().target().namespace() + "/"
            + in.spec().getTokens().getSecretName() + " (spec.tokens.secretName) already exists on "
            + in.ids().targetCluster() + " and was not created by this migration"));
      }
    }
    return Optional.empty();
  }

  private static Optional<Plan.Failure> serviceAccountOwner(Input in, ServiceAccount existing) {
    var labels = existing.getMetadata().getLabels();
    String owner = labels == null ? null : labels.get(Ownership.MIGRATION_UID_LABEL);
    String where = in.ids().targetDisplay();
    if (owner == null) {
      return Optional.of(new Plan.Failure("TargetServiceAccountExists", "ServiceAccount " + where
          + " already exists and was not created by Cutover; refusing to take over an identity of unknown origin"));
    }
    if (!owner.equals(in.migrationUid())) {
      String by = existing.getMetadata().getAnnotations() == null ? owner
          : existing.getMetadata().getAnnotations().getOrDefault(Ownership.MIGRATION_ANNOTATION, owner);
      return Optional.of(new Plan.Failure("TargetOwnedByAnotherMigration",
          "ServiceAccount " + where + " belongs to migration " + by));
    }
    return Optional.empty();
  }

  /**
   * The SubjectAccessReview checks that prove the target holds every source permission the plan carries: the
   * plan's effective source rules, mapped to target namespaces, minus the reported losses. Computed from the plan in
   * status, so it still works after the source identity is gone.
   */
  public static List<AccessCheck> accessChecks(PlanStatus plan, Identities ids) {
    Set<AccessCheck> excluded = new LinkedHashSet<>(AccessChecks.enumerate(asGrants(plan.getLosses(),
        ids::targetNamespaceFor)));
    return AccessChecks.enumerate(asGrants(plan.getEffectiveRules(), ids::targetNamespaceFor)).stream()
        .filter(c -> !excluded.contains(c)).toList();
  }

  /**
   * The SubjectAccessReview checks, on the source and in its namespaces, of every rule the plan found granted to the
   * identity by a binding that names it (the rules mode Mirror carries; group grants left out: they reach every
   * ServiceAccount of the group). After a cutover that keeps the source ServiceAccount, the old identity must be
   * denied each of them. A plan made before rules recorded their subject kind counts every rule as named.
   */
  public static List<AccessCheck> sourceAccessChecks(PlanStatus plan) {
    return AccessChecks.enumerate(asGrants(plan.getEffectiveRules().stream()
        .filter(r -> !Grant.GROUP.equals(r.subjectKind())).toList(), ns -> ns));
  }

  private static List<Grant> asGrants(List<RuleRef> rules, UnaryOperator<String> namespaceFor) {
    return rules.stream()
        .map(r -> new Grant(r.namespace() == null ? null : namespaceFor.apply(r.namespace()),
            Rules.rule(r.verbs(), r.apiGroups(), r.resources(), r.resourceNames(), r.nonResourceURLs()),
            null, null, null, null, null, null))
        .toList();
  }

  private static List<BindingRef> bindings(List<Grant> grants, RbacSnapshot rbac) {
    Map<String, BindingRef> out = new LinkedHashMap<>();
    for (Grant g : grants) {
      boolean builtIn = Grant.CLUSTER_ROLE.equals(g.roleKind())
          && rbac.find(ClusterRole.class, null, g.roleName()).filter(RbacMirror::isBuiltIn).isPresent();
      out.putIfAbsent(g.bindingKind() + "/" + g.bindingNamespace() + "/" + g.bindingName(), new BindingRef(
          g.bindingKind(), g.bindingNamespace(), g.bindingName(), g.roleKind(), g.roleName(), g.subjectKind(), builtIn));
    }
    return new ArrayList<>(out.values());
  }

  private static String via(Grant g) {
    return "via " + g.bindingKind() + " " + (g.bindingNamespace() == null ? "" : g.bindingNamespace() + "/")
        + g.bindingName() + " to " + g.roleKind() + " " + g.roleName()
        + (g.direct() ? "" : " (group)");
  }

  private static RuleRef ruleRef(String namespace, PolicyRule r, String note, String subjectKind) {
    return new RuleRef(namespace, Rules.verbs(r), Rules.apiGroups(r), Rules.resources(r), Rules.resourceNames(r),
        Rules.nonResourceUrls(r), note, subjectKind);
  }

  private static List<ObjectRef> workloads(SourceObservation source) {
    Set<ObjectRef> out = new LinkedHashSet<>();
    for (var pod : source.pods()) {
      out.add(ObjectRef.of("Pod", pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
      List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
      if (owners != null) {
        for (OwnerReference o : owners) {
          out.add(ObjectRef.of(o.getKind(), pod.getMetadata().getNamespace(), o.getName()));
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static String label(HasMetadata o, String key) {
    return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
  }
}
