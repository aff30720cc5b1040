package io.cutover.sandbox;

import io.cutover.sandbox.auth.Caller;
import io.cutover.sandbox.auth.ClusterRoleAggregator;
import io.cutover.sandbox.discovery.ApiDiscovery;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's front dispatcher: serves what kube-apiserver has and the fabric8 CRUD mock lacks (TokenRequest,
 * TokenReview, SubjectAccessReview, SelfSubjectRulesReview, issuer discovery, API discovery, Table answers for
 * custom resources), hands everything else
 * to the CRUD mock, and runs after each write what kube-controller-manager would (the token controller, ClusterRole
 * aggregation, the namespace, serviceaccount and root-CA controllers), with the namespace lifecycle admission and
 * graceful Pod deletion before it. Every request first passes kube-apiserver's authentication and authorization
 * ({@link RequestGate}); custom resources are admitted from their CRD ({@link CrdAdmission}) and role and binding
 * writes pass the escalation check ({@link RbacEscalation}).
 */
final class SandboxDispatcher extends Dispatcher {

  private static final Pattern TOKEN =
      Pattern.compile("/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)/token");
  private static final Pattern SERVICE_ACCOUNT = Pattern.compile("/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)");
  private static final Pattern SECRETS = Pattern.compile("/api/v1/namespaces/([^/]+)/secrets(/[^/]+)?");
  private static final Pattern CLUSTER_ROLES = Pattern.compile("/apis/rbac\\.authorization\\.k8s\\.io/v1/clusterroles(/[^/]+)?");
  private static final Pattern DISCOVERY =
      Pattern.compile("/version|/api|/api/v1|/apis|/apis/[^/]+|/apis/[^/]+/[^/]+");

  private final Store store;
  private final TokenRequests tokenRequests;
  private final TokenAuthenticator authenticator;
  private final AccessReviews accessReviews;
  private final LegacyTokenController tokenController;
  private final OidcDiscovery oidc;
  private final ApiDiscovery apiDiscovery;
  private final CustomResourceTables tables;
  private final KubectlApi kubectl;
  private final NamespaceLifecycle namespaces;
  private final PodDeletion pods;
  private final Authentication authentication;
  private final RequestGate gate;
  private final RbacEscalation escalation;
  /** The effective caller of the request being dispatched (dispatch is synchronized; routes run inside it). */
  private Caller caller = Caller.anonymous();
  final RequestCounter requests = new RequestCounter();
  final CrdAdmission admission;

  SandboxDispatcher(Store store, TokenRequests tokenRequests, TokenAuthenticator authenticator,
      AccessReviews accessReviews, LegacyTokenController tokenController, OidcDiscovery oidc,
      ApiDiscovery apiDiscovery, CustomResourceTables tables, KubectlApi kubectl, NamespaceLifecycle namespaces,
      PodDeletion pods) {
    this.kubectl = kubectl;
    this.namespaces = namespaces;
    this.pods = pods;
    this.store = store;
    this.tokenRequests = tokenRequests;
    this.authenticator = authenticator;
    this.accessReviews = accessReviews;
    this.tokenController = tokenController;
    this.oidc = oidc;
    this.apiDiscovery = apiDiscovery;
    this.tables = tables;
    this.admission = new CrdAdmission(store);
    this.authentication = new Authentication(authenticator);
    this.gate = new RequestGate(authentication, accessReviews.requestAuthorizer());
    this.escalation = new RbacEscalation(store, accessReviews, accessReviews.requestAuthorizer());
  }

  /**
   * A delete that finalizers hold is answered, as by kube-apiserver, with the object as marked (its
   * {@code deletionTimestamp} set); the mock answers with the object as it was before.
   */
  private MockResponse heldByFinalizers(String path, MockResponse deleted) {
    com.fasterxml.jackson.databind.JsonNode object = Store.read(Store.body(deleted),
        com.fasterxml.jackson.databind.JsonNode.class);
    if (object == null || object.path("kind").asText().endsWith("List")
        || object.at("/metadata/finalizers").isEmpty()) {
      return deleted;
    }
    MockResponse marked = store.crud().handleGet(path);
    return marked.code() == 200 ? marked : deleted;
  }

  /** The static token of this cluster's administrator ({@link Authentication}). */
  String adminToken() {
    return authentication.adminToken();
  }

  private static final String CRDS = "customresourcedefinitions";
  private volatile StoredCrds crds;

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    requests.record(request);
    RequestGate.Admission gated = gate.admit(request);
    MockResponse response;
    if (gated.refusal() != null) {
      response = gated.refusal();
    } else {
      caller = gated.caller();
      try {
        response = route(request);
      } finally {
        caller = Caller.anonymous();
      }
    }
    // The mock sends no Content-Type; clients that accept protobuf first (kubectl describe) would then misread JSON.
    if (response.getWebSocketListener() == null && response.getHeaders().header("Content-Type") == null) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  private MockResponse route(RecordedRequest received) {
    RecordedRequest request = received;
    String fullPath = request.getPath() == null ? "/" : request.getPath();
    int query = fullPath.indexOf('?');
    String path = query < 0 ? fullPath : fullPath.substring(0, query);
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String method = request.getMethod() == null ? "GET" : request.getMethod().toUpperCase();
    String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);

    Optional<MockResponse> eventsV1 = EventsApi.answer(request, path, query < 0 ? null : fullPath.substring(query + 1),
        method, this::route);
    if (eventsV1.isPresent()) {
      return eventsV1.get();
    }
    Optional<MockResponse> forKubectl = kubectl.answer(request, path, method, this::crds, this::route);
    if (forKubectl.isPresent()) {
      return forKubectl.get();
    }

    if (method.equals("POST")) {
      Optional<MockResponse> refused = namespaces.before(method, path, body);
      if (refused.isPresent()) {
        return refused.get();
      }
      Matcher token = TOKEN.matcher(path);
      if (token.matches()) {
        return tokenRequests.create(token.group(1), token.group(2), body);
      }
      switch (path) {
        case "/apis/authentication.k8s.io/v1/tokenreviews":
          return tokenReview(body);
        case "/apis/authorization.k8s.io/v1/subjectaccessreviews":
          return accessReviews.subjectAccessReview(body);
        case "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews":
          return accessReviews.selfSubjectAccessReview(body, caller);
        case KubectlApi.SELF_SUBJECT_REVIEWS:
          return accessReviews.selfSubjectReview(caller);
        case "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews":
          return accessReviews.selfSubjectRulesReview(body, caller);
        default:
          break;
      }
    }
    if (method.equals("GET")) {
      Optional<String> oidcDocument = oidc.respond(path);
      if (oidcDocument.isPresent()) {
        return Responses.json(200, oidcDocument.get());
      }
      if (DISCOVERY.matcher(path).matches()) {
        Optional<String> document = apiDiscovery.respondCached(path, crds());
        if (document.isPresent()) {
          return Responses.json(200, document.get());
        }
      }
      Optional<MockResponse> table = tables.respond(request, path, this::crds, store.crud()::dispatch);
      if (table.isPresent()) {
        return table.get();
      }
      Optional<MockResponse> selected = FieldSelectors.respond(request, path, query < 0 ? null : fullPath.substring(query + 1),
          store.crud()::dispatch);
      if (selected.isPresent()) {
        return selected.get();
      }
      if (path.startsWith("/openapi/")) {
        return Responses.failure(404, "NotFound", "the server could not find the requested resource", "", "", "", null);
      }
    }

    if (method.equals("DELETE")) {
      Optional<MockResponse> conflict = DeletePreconditions.check(path, body, store);
      if (conflict.isPresent()) {
        return conflict.get();
      }
      Optional<MockResponse> handled = namespaces.before(method, path, body);
      if (handled.isEmpty()) {
        handled = pods.before(method, path, body);
      }
      if (handled.isPresent()) {
        namespaces.after(method, path);
        return handled.get();
      }
    }

    Optional<ServiceAccount> deletedServiceAccount = Optional.empty();
    Matcher serviceAccount = SERVICE_ACCOUNT.matcher(path);
    if (method.equals("DELETE") && serviceAccount.matches()) {
      deletedServiceAccount = store.get(path, ServiceAccount.class);
    }

    request = kubectl.decoding().decode(request, path, method, crds());
    CrdAdmission.Outcome admitted = admission.admit(request, path, method, crds());
    if (admitted.answer() != null) {
      return admitted.answer();
    }
    request = admitted.request();
    Optional<MockResponse> escalating = escalation.check(caller, method, request.getHeader("Content-Type"), path,
        body);
    if (escalating.isPresent()) {
      return escalating.get();
    }
    MockResponse response = store.crud().dispatch(request);
    if (method.equals("POST") && response.code() == 409) {
      return Responses.alreadyExists(path, body);
    }
    if ((method.equals("PUT") || method.equals("PATCH")) && response.code() == 409) {
      return Responses.conflict(path);
    }
    if (method.equals("PATCH") && response.code() == 202) {
      response.setResponseCode(200); // the mock's own patches (JSON patch, status subresource); kube-apiserver: 200
    }
    if (method.equals("DELETE") && response.code() == 200) {
      response = heldByFinalizers(path, response);
    }
    if (method.equals("GET") || response.code() >= 300) {
      return response;
    }

    Matcher secrets = SECRETS.matcher(path);
    if (secrets.matches() && !method.equals("DELETE")) {
      Secret written = Store.read(Store.body(response), Secret.class);
      Secret stored = foldStringData(written);
      if (stored != written) {
        response.setBody(Store.write(stored));
      }
      Optional<Secret> synced = tokenController.syncSecret(stored);
      if (synced.isPresent() && synced.get() != written) {
        response.setBody(Store.write(synced.get()));
      }
    }
    deletedServiceAccount.ifPresent(sa -> tokenController.serviceAccountDeleted(sa.getMetadata().getNamespace(),
        sa.getMetadata().getName(), sa.getMetadata().getUid()));
    if (CLUSTER_ROLES.matcher(path).matches()) {
      aggregateClusterRoles();
    }
    if (method.equals("POST") && path.equals("/api/v1/namespaces")) {
      response.setBody(Store.write(namespaces.created(Store.read(Store.body(response), Namespace.class))));
    } else {
      namespaces.after(method, path);
    }
    return response;
  }

  /** kube-controller-manager's clusterrole-aggregation controller, run to a fixed point after a ClusterRole write. */
  void aggregateClusterRoles() {
    for (int round = 0; round < 10; round++) {
      List<ClusterRole> changed =
          ClusterRoleAggregator.aggregate(store.list("/apis/rbac.authorization.k8s.io/v1/clusterroles", ClusterRole.class));
      if (changed.isEmpty()) {
        return;
      }
      for (ClusterRole role : changed) {
        store.update("/apis/rbac.authorization.k8s.io/v1/clusterroles/" + role.getMetadata().getName(), role);
      }
    }
  }

  /**
   * kube-apiserver writes a Secret's {@code stringData} into {@code data} (base64, overriding the same keys) and never
   * stores {@code stringData}; the mock keeps it as sent.
   */
  private Secret foldStringData(Secret secret) {
    if (secret.getStringData() == null || secret.getStringData().isEmpty()) {
      return secret;
    }
    Map<String, String> data = secret.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secret.getData());
    secret.getStringData().forEach((key, value) -> data.put(key,
        java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    secret.setData(data);
    secret.setStringData(null);
    MockResponse updated = store.update("/api/v1/namespaces/" + secret.getMetadata().getNamespace() + "/secrets/"
        + secret.getMetadata().getName(), secret);
    return updated.code() == 200 ? Store.read(Store.body(updated), Secret.class) : secret;
  }

  /**
   * The stored CustomResourceDefinitions: the same (unmodifiable) list until one changes, so what is derived from
   * them (discovery documents, OpenAPI) is derived once per change, not once per request.
   */
  private List<CustomResourceDefinition> crds() {
    long generation = store.generation(CRDS, null);
    StoredCrds stored = crds;
    if (stored == null || stored.generation() != generation) {
      stored = new StoredCrds(generation,
          List.copyOf(store.list("/apis/apiextensions.k8s.io/v1/" + CRDS, CustomResourceDefinition.class)));
      crds = stored;
    }
    return stored.items();
  }

  private record StoredCrds(long generation, List<CustomResourceDefinition> items) {
  }

  private MockResponse tokenReview(String body) {
    TokenReview review;
    try {
      review = Store.read(body, TokenReview.class);
    } catch (RuntimeException e) {
      return Responses.badRequest("the body of the request was not a valid TokenReview");
    }
    if (review.getSpec() == null || review.getSpec().getToken() == null || review.getSpec().getToken().isEmpty()) {
      return Responses.badRequest("token is required for TokenReview in authentication");
    }
    List<String> requested = review.getSpec().getAudiences() == null ? List.of() : review.getSpec().getAudiences();
    TokenAuthenticator.Result result = authenticator.authenticate(review.getSpec().getToken(), requested);
    TokenReviewStatus status = new TokenReviewStatus();
    if (result instanceof TokenAuthenticator.Authenticated user) {
      status.setAuthenticated(true);
      Map<String, List<String>> extra = new LinkedHashMap<>(user.extra());
      status.setUser(new UserInfo(extra.isEmpty() ? null : extra, user.groups(), user.uid(), user.username()));
      status.setAudiences(user.audiences());
    } else if (result instanceof TokenAuthenticator.Rejected rejected) {
      status.setAuthenticated(false);
      status.setError(rejected.error());
    }
    review.setStatus(status);
    review.setApiVersion("authentication.k8s.io/v1");
    review.setKind("TokenReview");
    return Responses.json(201, review);
  }
}
