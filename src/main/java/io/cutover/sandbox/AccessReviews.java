package io.cutover.sandbox;

import io.cutover.sandbox.auth.Caller;
import io.cutover.sandbox.auth.Decision;
import io.cutover.sandbox.auth.RbacAuthorizer;
import io.cutover.sandbox.auth.RequestAttributes;
import io.cutover.sandbox.auth.RulesForSubject;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SubjectAccessReview and the self reviews (SelfSubjectAccessReview, SelfSubjectRulesReview, SelfSubjectReview),
 * answered by the RBAC authorizer over the RBAC objects stored in this cluster at the time of the request; the self
 * reviews for the request's effective caller (authenticated and impersonated by {@link RequestGate}).
 */
final class AccessReviews {

  static final String GROUP = "authorization.k8s.io";
  private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1/";

  private final Store store;
  private final RequestAuthorizer requestAuthorizer = new RequestAuthorizer(this);
  /** Namespace ("" for cluster scope) → its authorizer and the generations of the RBAC it was built from. */
  private final Map<String, CachedAuthorizer> authorizers = new ConcurrentHashMap<>();

  AccessReviews(Store store) {
    this.store = store;
  }

  /** The authorizer chain of every request (system:masters, then RBAC over this cluster's stored objects). */
  RequestAuthorizer requestAuthorizer() {
    return requestAuthorizer;
  }

  /**
   * The authorizer for a request in this namespace ({@code null} or empty: a cluster-scoped or non-resource request),
   * over the RBAC objects stored now. As kube-apiserver's RBAC authorizer reads its informers' indexes, only what can
   * apply is read: every ClusterRole and ClusterRoleBinding, and the Roles and RoleBindings of this namespace. It is
   * kept until one of those four sets changes (a request costs the namespace, not the cluster).
   */
  RbacAuthorizer authorizer(String namespace) {
    String ns = namespace == null ? "" : namespace;
    List<Long> generations = List.of(store.generation("clusterroles", null),
        store.generation("clusterrolebindings", null),
        ns.isEmpty() ? 0L : store.generation("roles", ns), ns.isEmpty() ? 0L : store.generation("rolebindings", ns));
    CachedAuthorizer cached = authorizers.get(ns);
    if (cached != null && cached.generations().equals(generations)) {
      return cached.authorizer();
    }
    // Read after the generations: a write in between makes the next request rebuild, never use a stale authorizer.
    RbacAuthorizer authorizer = new RbacAuthorizer(
        ns.isEmpty() ? List.of() : store.list(RBAC + "namespaces/" + ns + "/roles", Role.class),
        store.list(RBAC + "clusterroles", ClusterRole.class),
        ns.isEmpty() ? List.of() : store.list(RBAC + "namespaces/" + ns + "/rolebindings", RoleBinding.class),
        store.list(RBAC + "clusterrolebindings", ClusterRoleBinding.class));
    authorizers.put(ns, new CachedAuthorizer(generations, authorizer));
    return authorizer;
  }

  private record CachedAuthorizer(List<Long> generations, RbacAuthorizer authorizer) {
  }

  MockResponse subjectAccessReview(String body) {
    SubjectAccessReview review;
    try {
      review = Store.read(body, SubjectAccessReview.class);
    } catch (RuntimeException e) {
      return Responses.badRequest("the body of the request was not a valid SubjectAccessReview");
    }
    var spec = review.getSpec();
    ResourceAttributes resource = spec == null ? null : spec.getResourceAttributes();
    NonResourceAttributes nonResource = spec == null ? null : spec.getNonResourceAttributes();
    // ValidateSubjectAccessReviewSpec: exactly one of the attribute sets, and a user or a group.
    if ((resource == null) == (nonResource == null)) {
      return Responses.invalid(GROUP, "SubjectAccessReview", "", "spec.resourceAttributes",
          resource == null ? "null" : "{...}", "exactly one of nonResourceAttributes or resourceAttributes must be specified");
    }
    boolean noUser = spec.getUser() == null || spec.getUser().isEmpty();
    boolean noGroups = spec.getGroups() == null || spec.getGroups().isEmpty();
    if (noUser && noGroups) {
      return Responses.invalid(GROUP, "SubjectAccessReview", "", "spec.user", "\"\"",
          "at least one of user or group must be specified");
    }
    Decision decision = decide(spec.getUser(), spec.getGroups(), resource, nonResource);
    SubjectAccessReviewStatus status = new SubjectAccessReviewStatus();
    status.setAllowed(decision.allowed());
    if (decision.reason() != null && !decision.reason().isEmpty()) {
      status.setReason(decision.reason());
    }
    review.setStatus(status);
    review.setApiVersion(GROUP + "/v1");
    review.setKind("SubjectAccessReview");
    return Responses.json(201, review);
  }

  /** The RBAC authorizer's decision for one set of request attributes (exactly one of the two is non-null). */
  private Decision decide(String user, List<String> groups, ResourceAttributes resource, NonResourceAttributes nonResource) {
    return authorizer(resource != null ? resource.getNamespace() : null)
        .authorize(attributes(user, groups, resource, nonResource));
  }

  private static RequestAttributes attributes(String user, List<String> groups, ResourceAttributes resource,
      NonResourceAttributes nonResource) {
    return resource != null
        ? RequestAttributes.resource(user, groups, resource.getVerb(), resource.getNamespace(), resource.getGroup(),
            resource.getResource(), resource.getSubresource(), resource.getName())
        : RequestAttributes.nonResource(user, groups, nonResource.getVerb(), nonResource.getPath());
  }

  /** May the caller do what spec asks, by the whole authorizer chain (system:masters may do everything). */
  MockResponse selfSubjectAccessReview(String body, Caller caller) {
    io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview review;
    try {
      review = Store.read(body, io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview.class);
    } catch (RuntimeException e) {
      return Responses.badRequest("the body of the request was not a valid SelfSubjectAccessReview");
    }
    var spec = review.getSpec();
    ResourceAttributes resource = spec == null ? null : spec.getResourceAttributes();
    NonResourceAttributes nonResource = spec == null ? null : spec.getNonResourceAttributes();
    if ((resource == null) == (nonResource == null)) {
      return Responses.invalid(GROUP, "SelfSubjectAccessReview", "", "spec.resourceAttributes",
          resource == null ? "null" : "{...}", "exactly one of nonResourceAttributes or resourceAttributes must be specified");
    }
    SubjectAccessReviewStatus status = new SubjectAccessReviewStatus();
    Decision decision = requestAuthorizer.authorize(caller, attributes(caller.name(), caller.groups(), resource,
        nonResource));
    status.setAllowed(decision.allowed());
    if (!decision.reason().isEmpty()) {
      status.setReason(decision.reason());
    }
    review.setStatus(status);
    review.setApiVersion(GROUP + "/v1");
    review.setKind("SelfSubjectAccessReview");
    return Responses.json(201, review);
  }

  /** Who the caller is ({@code kubectl auth whoami}): the request's effective user. */
  MockResponse selfSubjectReview(Caller caller) {
    var review = new io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder()
        .withNewStatus().withNewUserInfo().withUsername(caller.name()).withUid(caller.uid().isEmpty() ? null
            : caller.uid()).withGroups(caller.groups()).withExtra(caller.extra().isEmpty() ? null : caller.extra())
        .endUserInfo().endStatus().build();
    review.setApiVersion("authentication.k8s.io/v1");
    review.setKind("SelfSubjectReview");
    return Responses.json(201, review);
  }

  /** The caller's rules in spec.namespace, as the RBAC rule resolver lists them. */
  MockResponse selfSubjectRulesReview(String body, Caller caller) {
    SelfSubjectRulesReview review;
    try {
      review = Store.read(body, SelfSubjectRulesReview.class);
    } catch (RuntimeException e) {
      return Responses.badRequest("the body of the request was not a valid SelfSubjectRulesReview");
    }
    String namespace = review.getSpec() == null ? null : review.getSpec().getNamespace();
    if (namespace == null || namespace.isEmpty()) {
      return Responses.badRequest("no namespace on request");
    }
    SubjectRulesReviewStatus status = new SubjectRulesReviewStatus();
    status.setIncomplete(false);
    RulesForSubject rules = authorizer(namespace).rulesFor(caller.name(), caller.groups(), namespace);
    status.setResourceRules(rules.resourceRules());
    status.setNonResourceRules(rules.nonResourceRules());
    review.setStatus(status);
    review.setApiVersion(GROUP + "/v1");
    review.setKind("SelfSubjectRulesReview");
    return Responses.json(201, review);
  }

  static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = value.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    return null;
  }
}
