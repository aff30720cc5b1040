package io.cutover.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.rbac.AccessCheck;
import io.cutover.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@link ClusterPort} on a fabric8 client: the real TokenRequest, TokenReview and SubjectAccessReview calls. RBAC is
 * read from informers ({@link RbacCache}) started on first use; where they cannot run (no list/watch permission),
 * from lists as before.
 */
public final class Fabric8ClusterPort implements ClusterPort, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fabric8ClusterPort.class);
  private final String clusterName;
  private final KubernetesClient client;
  private final boolean cacheRbac;
  private volatile String issuer;
  private volatile RbacCache rbacCache;
  private volatile boolean rbacCacheUnavailable;
  /** Threads for {@link #reviewAccessAll}, started on first use and idle ones ended after a minute. */
  private ThreadPoolExecutor reviews;
  private boolean closed;

  public Fabric8ClusterPort(String clusterName, KubernetesClient client) {
    this(clusterName, client, true);
  }

  /** {@code cacheRbac} false: every {@link #rbac()} lists the four kinds (no informers). */
  public Fabric8ClusterPort(String clusterName, KubernetesClient client, boolean cacheRbac) {
    this.clusterName = clusterName;
    this.client = client;
    this.cacheRbac = cacheRbac;
  }

  @Override
  public String clusterName() {
    return clusterName;
  }

  @Override
  public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return call("get serviceaccount", () -> Optional.ofNullable(client.serviceAccounts().inNamespace(namespace).withName(name).get()));
  }

  @Override
  public Optional<Namespace> namespace(String name) {
    return call("get namespace", () -> Optional.ofNullable(client.namespaces().withName(name).get()));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return call("get secret", () -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get()));
  }

  @Override
  public RbacSnapshot rbac() {
    RbacCache cache = rbacCache();
    if (cache != null) {
      return cache.snapshot();
    }
    return call("list rbac", () -> new RbacSnapshot(
        client.rbac().roles().inAnyNamespace().list().getItems(),
        client.rbac().clusterRoles().list().getItems(),
        client.rbac().roleBindings().inAnyNamespace().list().getItems(),
        client.rbac().clusterRoleBindings().list().getItems()));
  }

  private RbacCache rbacCache() {
    if (!cacheRbac || rbacCacheUnavailable) {
      return null;
    }
    RbacCache cache = rbacCache;
    if (cache != null && cache.healthy()) {
      return cache;
    }
    synchronized (this) {
      cache = rbacCache;
      if (cache != null && cache.healthy()) {
        return cache;
      }
      if (cache != null) {
        cache.close();
        rbacCache = null;
      }
      try {
        rbacCache = RbacCache.start(client);
        return rbacCache;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (Exception e) {
        // Reads fall back to lists; the reason is the exception's type only (its message may quote a response).
        log.warn("RBAC informers on cluster {} did not start ({}); listing RBAC on every read instead", clusterName,
            e.getClass().getSimpleName());
        rbacCacheUnavailable = true;
        return null;
      }
    }
  }

  private void written(HasMetadata object, String previousResourceVersion) {
    RbacCache cache = rbacCache;
    if (cache != null) {
      cache.written(object, previousResourceVersion);
    }
  }

  @Override
  public List<Secret> legacyTokenSecrets(String namespace, String serviceAccount) {
    return call("list secrets", () -> client.secrets().inNamespace(namespace)
        .withField("type", Ownership.LEGACY_TOKEN_TYPE).list().getItems().stream()
        .filter(s -> Ownership.LEGACY_TOKEN_TYPE.equals(s.getType()))
        .filter(s -> s.getMetadata().getAnnotations() != null
            && serviceAccount.equals(s.getMetadata().getAnnotations().get(Ownership.SA_NAME_ANNOTATION)))
        .toList());
  }

  @Override
  public List<Pod> podsRunningAs(String namespace, String serviceAccount) {
    return call("list pods", () -> client.pods().inNamespace(namespace)
        .withField("spec.serviceAccountName", serviceAccount).list().getItems().stream()
        .filter(p -> p.getSpec() != null && serviceAccount.equals(p.getSpec().getServiceAccountName()))
        .toList());
  }

  @Override
  public String issuer() {
    String known = issuer;
    if (known == null) {
      known = call("get /.well-known/openid-configuration", () -> {
        String json = client.raw("/.well-known/openid-configuration");
        if (json == null) {
          throw new ClusterAccessException("IssuerDiscoveryFailed",
              clusterName + " cluster serves no /.well-known/openid-configuration", true);
        }
        JsonNode node = Serialization.unmarshal(json, JsonNode.class);
        return node.path("issuer").asText();
      });
      issuer = known;
    }
    return known;
  }

  @Override
  public String jwks() {
    return call("get /openid/v1/jwks", () -> {
      String json = client.raw("/openid/v1/jwks");
      if (json == null) {
        throw new ClusterAccessException("IssuerDiscoveryFailed", clusterName + " cluster serves no /openid/v1/jwks", true);
      }
      return json;
    });
  }

  @Override
  public boolean annotateServiceAccount(String namespace, String name, String expectedUid,
      java.util.Map<String, String> annotations) {
    return call("annotate serviceaccount", () -> {
      ServiceAccount current = client.serviceAccounts().inNamespace(namespace).withName(name).get();
      if (current == null || (expectedUid != null && !expectedUid.equals(current.getMetadata().getUid()))) {
        return false;
      }
      var existing = current.getMetadata().getAnnotations() == null ? java.util.Map.<String, String>of()
          : current.getMetadata().getAnnotations();
      if (annotations.entrySet().stream().allMatch(e -> e.getValue().equals(existing.get(e.getKey())))) {
        return false;
      }
      // An update carries the resourceVersion read above: a concurrent change makes it fail with 409 and retry.
      var updated = new java.util.LinkedHashMap<>(existing);
      updated.putAll(annotations);
      current.getMetadata().setAnnotations(updated);
      client.serviceAccounts().inNamespace(namespace).resource(current).update();
      return true;
    });
  }

  @Override
  public IssuedToken requestToken(TokenRequestSpec request) {
    TokenRequestBuilder body = new TokenRequestBuilder()
        .withNewSpec()
        .withAudiences(request.audiences())
        .withExpirationSeconds(request.expirationSeconds())
        .endSpec();
    if (request.boundSecretName() != null) {
      body.editSpec().withNewBoundObjectRef()
          .withApiVersion("v1").withKind("Secret").withName(request.boundSecretName()).withUid(request.boundSecretUid())
          .endBoundObjectRef().endSpec();
    }
    TokenRequest answer = call("create serviceaccounts/token", () -> client.serviceAccounts()
        .inNamespace(request.namespace()).withName(request.serviceAccount()).tokenRequest(body.build()));
    if (answer == null || answer.getStatus() == null || answer.getStatus().getToken() == null) {
      throw new ClusterAccessException("TokenRequestFailed", clusterName + " cluster returned no token", true);
    }
    return new IssuedToken(Token.of(answer.getStatus().getToken()),
        Instant.parse(answer.getStatus().getExpirationTimestamp()));
  }

  @Override
  public TokenReviewOutcome reviewToken(Token token, List<String> audiences) {
    TokenReview review = new TokenReviewBuilder().withNewSpec()
        .withToken(token.reveal()).withAudiences(audiences).endSpec().build();
    TokenReview answer = call("create tokenreviews", () -> client.authentication().v1().tokenReviews().create(review));
    var status = answer.getStatus();
    if (status == null) {
      return new TokenReviewOutcome(false, null, null, List.of(), "no status");
    }
    boolean ok = Boolean.TRUE.equals(status.getAuthenticated());
    var user = status.getUser();
    return new TokenReviewOutcome(ok, user == null ? null : user.getUsername(), user == null ? null : user.getUid(),
        status.getAudiences() == null ? List.of() : status.getAudiences(), status.getError());
  }

  @Override
  public boolean mayI(AccessCheck check) {
    var spec = new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewSpec();
    spec.setResourceAttributes(resourceAttributes(check));
    spec.setNonResourceAttributes(nonResourceAttributes(check));
    var review = new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview();
    review.setSpec(spec);
    var answer = call("create selfsubjectaccessreviews",
        () -> client.authorization().v1().selfSubjectAccessReview().create(review));
    return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }

  @Override
  public AccessReviewOutcome reviewAccess(String user, List<String> groups, AccessCheck check) {
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(user).withGroups(groups)
        .withResourceAttributes(resourceAttributes(check)).withNonResourceAttributes(nonResourceAttributes(check))
        .endSpec().build();
    SubjectAccessReview answer = call("create subjectaccessreviews",
        () -> client.authorization().v1().subjectAccessReview().create(review));
    var status = answer.getStatus();
    return new AccessReviewOutcome(status != null && Boolean.TRUE.equals(status.getAllowed()),
        status == null ? null : status.getReason());
  }

  private static io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes resourceAttributes(AccessCheck c) {
    return c.isNonResource() ? null : new io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder()
        .withNamespace(c.namespace()).withVerb(c.verb()).withGroup(c.apiGroup()).withResource(c.resource())
        .withSubresource(c.subresource()).withName(c.name()).build();
  }

  private static io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes nonResourceAttributes(
      AccessCheck c) {
    return !c.isNonResource() ? null : new io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributesBuilder()
        .withPath(c.nonResourcePath()).withVerb(c.verb()).build();
  }

  /**
   * At most this many SubjectAccessReviews of one batch are in flight to one cluster; shared by every migration that
   * uses this cluster client (never a thread per migration).
   */
  static final int CONCURRENT_REVIEWS = 8;

  /** The reviews of one batch sent concurrently (a batch of one is sent on the caller's thread). */
  @Override
  public List<AccessReviewOutcome> reviewAccessAll(String user, List<String> groups, List<AccessCheck> checks) {
    if (checks.size() <= 1) {
      return ClusterPort.super.reviewAccessAll(user, groups, checks);
    }
    ExecutorService pool = reviewPool();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    List<Future<AccessReviewOutcome>> answers = new ArrayList<>(checks.size());
    for (AccessCheck check : checks) {
      answers.add(pool.submit(() -> {
        if (mdc != null) {
          MDC.setContextMap(mdc);
        }
        try {
          return reviewAccess(user, groups, check);
        } finally {
          MDC.clear();
        }
      }));
    }
    List<AccessReviewOutcome> outcomes = new ArrayList<>(checks.size());
    try {
      for (Future<AccessReviewOutcome> answer : answers) {
        outcomes.add(answer.get());
      }
      return outcomes;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("a SubjectAccessReview failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterAccessException("ClusterUnreachable", "interrupted while asking " + clusterName
          + " for SubjectAccessReviews", true);
    } finally {
      answers.forEach(answer -> answer.cancel(true));
    }
  }

  private synchronized ExecutorService reviewPool() {
    if (closed) {
      throw new ClusterAccessException("ClusterUnreachable", "the client of " + clusterName + " is closed", true);
    }
    if (reviews == null) {
      AtomicInteger count = new AtomicInteger();
      reviews = new ThreadPoolExecutor(CONCURRENT_REVIEWS, CONCURRENT_REVIEWS, 60, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "access-review-" + clusterName + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
      reviews.allowCoreThreadTimeOut(true);
    }
    return reviews;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> T createIfAbsent(T object) {
    String what = "create " + object.getKind().toLowerCase();
    return call(what, () -> {
      Resource<T> resource = client.resource(object);
      // Create first: on the way forward the object is new, and a GET before every create doubles the requests.
      // An object that exists answers 409, and then what the cluster holds is read and returned.
      try {
        T created = resource.create();
        written(created, null);
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
          T now = resource.get();
          if (now != null) {
            return now;
          }
        }
        throw e;
      }
    });
  }

  @Override
  public void writeToken(String namespace, String secretName, IssuedToken token, Instant issuedAt) {
    call("update secret", () -> {
      Secret s = client.secrets().inNamespace(namespace).withName(secretName).get();
      if (s == null) {
        throw new ClusterAccessException("ApiError", clusterName + " cluster has no Secret " + namespace + "/" + secretName, true);
      }
      TokenSecrets.put(s, token, issuedAt);
      return client.resource(s).update();
    });
  }

  @Override
  public Optional<StoredToken> readToken(String namespace, String secretName) {
    return secret(namespace, secretName).flatMap(TokenSecrets::read);
  }

  @Override
  public boolean delete(ObjectRef ref, String expectedUid) {
    if (expectedUid != null) {
      return call("delete " + ref.kind().toLowerCase(), () -> deleteWithUid(ref, expectedUid));
    }
    return call("delete " + ref.kind().toLowerCase(), () -> {
      Resource<? extends HasMetadata> resource = resourceFor(ref);
      HasMetadata current = resource.get();
      if (current == null) {
        return false;
      }
      try {
        // Delete exactly the object inspected (a precondition on its resourceVersion): a re-created object of the
        // same name answers 409 instead of being deleted.
        boolean deleted = !resource.lockResourceVersion(current.getMetadata().getResourceVersion()).delete().isEmpty();
        forgetWritten(ref);
        return deleted;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return false;
        }
        throw e;
      }
    });
  }

  /**
   * One DELETE whose DeleteOptions carry {@code preconditions.uid}: the API server deletes the object only if it is
   * still the one with that UID — 409 when the name now holds another object (left alone), 404 when none — so no
   * GET is needed first (the revocation at cutover is on the lateness path). fabric8's DSL has no UID precondition,
   * so the request is sent on the client's own HTTP client (same authentication, retries, request counter and
   * trace) to the URL the DSL resolves for the object.
   */
  private boolean deleteWithUid(ObjectRef ref, String uid) {
    String url;
    try {
      url = ((OperationSupport) resourceFor(ref)).getResourceUrl().toString();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException("no URL for " + ref.kind() + " " + ref.name(), e);
    }
    ObjectNode options = Serialization.jsonMapper().createObjectNode().put("apiVersion", "v1")
        .put("kind", "DeleteOptions");
    options.putObject("preconditions").put("uid", uid);
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder().uri(url).delete("application/json", options.toString())
        .timeout(client.getConfiguration().getRequestTimeout(), TimeUnit.MILLISECONDS).build();
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request, String.class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while deleting " + ref.kind() + " " + ref.name(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new KubernetesClientException("deleting " + ref.kind() + " " + ref.name() + " got no answer", e.getCause());
    }
    int code = response.code();
    if (code == HttpURLConnection.HTTP_NOT_FOUND || code == HttpURLConnection.HTTP_CONFLICT) {
      return false; // gone, or the name now holds another object
    }
    if (code >= 300) {
      throw new KubernetesClientException(new StatusBuilder().withCode(code)
          .withMessage("deleting " + ref.kind() + " " + ref.name() + " answered " + code).build());
    }
    forgetWritten(ref);
    return true;
  }

  private void forgetWritten(ObjectRef ref) {
    RbacCache cache = rbacCache;
    if (cache != null) {
      cache.deleted(ref.kind(), ref.namespace(), ref.name());
    }
  }

  @Override
  public boolean removeServiceAccountSubject(ObjectRef binding, String saNamespace, String saName) {
    String username = "system:serviceaccount:" + saNamespace + ":" + saName;
    boolean cluster = "ClusterRoleBinding".equals(binding.kind());
    String ns = cluster ? null : binding.namespace();
    return call("update " + binding.kind().toLowerCase(), () -> {
      HasMetadata current = cluster ? client.rbac().clusterRoleBindings().withName(binding.name()).get()
          : client.rbac().roleBindings().inNamespace(ns).withName(binding.name()).get();
      List<Subject> subjects = current == null ? null
          : cluster ? ((ClusterRoleBinding) current).getSubjects() : ((RoleBinding) current).getSubjects();
      if (current == null || !namesIdentity(subjects, ns, saNamespace, saName, username)) {
        return false;
      }
      String read = current.getMetadata().getResourceVersion();
      List<Subject> remaining = without(subjects, ns, saNamespace, saName, username);
      if (remaining.isEmpty()) {
        // The identity was the binding's only subject: delete the binding, locked to what was read. An update would
        // pass kube-apiserver's escalation check only if the migrator held every permission of the role (or bind
        // on it); a delete needs only the delete verb, and an empty binding grants nothing either way.
        client.resource(current).lockResourceVersion(read).delete();
        forgetWritten(new ObjectRef(binding.kind(), ns, binding.name(), current.getMetadata().getUid()));
        return true;
      }
      if (cluster) {
        ((ClusterRoleBinding) current).setSubjects(remaining);
      } else {
        ((RoleBinding) current).setSubjects(remaining);
      }
      // PUT with the read resourceVersion: a concurrent change is a 409, not lost. Another subject stays bound, so
      // this is an update, which kube-apiserver lets through only if the migrator holds the role's permissions or
      // the verb bind on it (docs/security.md).
      written(client.resource(current).update(), read);
      return true;
    });
  }

  @Override
  public List<ObjectRef> ownedBy(String migrationUid) {
    String label = Ownership.MIGRATION_UID_LABEL;
    return call("list owned objects", () -> {
      List<HasMetadata> items = new ArrayList<>();
      items.addAll(client.serviceAccounts().inAnyNamespace().withLabel(label, migrationUid).list().getItems());
      items.addAll(client.secrets().inAnyNamespace().withLabel(label, migrationUid).list().getItems());
      items.addAll(client.rbac().roleBindings().inAnyNamespace().withLabel(label, migrationUid).list().getItems());
      items.addAll(client.rbac().roles().inAnyNamespace().withLabel(label, migrationUid).list().getItems());
      items.addAll(client.rbac().clusterRoleBindings().withLabel(label, migrationUid).list().getItems());
      items.addAll(client.rbac().clusterRoles().withLabel(label, migrationUid).list().getItems());
      items.addAll(client.namespaces().withLabel(label, migrationUid).list().getItems());
      return items.stream().map(i -> new ObjectRef(i.getKind(), i.getMetadata().getNamespace(), i.getMetadata().getName(),
          i.getMetadata().getUid())).toList();
    });
  }

  /** Stops the RBAC informers and the review threads (the client belongs to whoever made this port). */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (reviews != null) {
        reviews.shutdownNow();
      }
    }
    RbacCache cache = rbacCache;
    if (cache != null) {
      cache.close();
    }
  }

  private static boolean namesIdentity(List<Subject> subjects, String bindingNamespace, String ns, String name, String username) {
    return subjects != null && subjects.stream().anyMatch(s -> matches(s, bindingNamespace, ns, name, username));
  }

  private static List<Subject> without(List<Subject> subjects, String bindingNamespace, String ns, String name, String username) {
    return subjects == null ? List.of()
        : subjects.stream().filter(s -> !matches(s, bindingNamespace, ns, name, username)).toList();
  }

  private static boolean matches(Subject s, String bindingNamespace, String ns, String name, String username) {
    if ("ServiceAccount".equals(s.getKind())) {
      String subjectNs = s.getNamespace() == null || s.getNamespace().isEmpty() ? bindingNamespace : s.getNamespace();
      return name.equals(s.getName()) && ns.equals(subjectNs);
    }
    return "User".equals(s.getKind()) && username.equals(s.getName());
  }

  private Resource<? extends HasMetadata> resourceFor(ObjectRef ref) {
    return switch (ref.kind()) {
      case "ServiceAccount" -> client.serviceAccounts().inNamespace(ref.namespace()).withName(ref.name());
      case "Secret" -> client.secrets().inNamespace(ref.namespace()).withName(ref.name());
      case "Role" -> client.rbac().roles().inNamespace(ref.namespace()).withName(ref.name());
      case "RoleBinding" -> client.rbac().roleBindings().inNamespace(ref.namespace()).withName(ref.name());
      case "ClusterRole" -> client.rbac().clusterRoles().withName(ref.name());
      case "ClusterRoleBinding" -> client.rbac().clusterRoleBindings().withName(ref.name());
      case "Namespace" -> client.namespaces().withName(ref.name());
      default -> throw new IllegalArgumentException("Cutover does not manage kind " + ref.kind());
    };
  }

  private <T> T call(String operation, Supplier<T> action) {
    try {
      return action.get();
    } catch (ClusterAccessException e) {
      throw e;
    } catch (KubernetesClientException e) {
      throw ApiErrors.translate(clusterName, operation, e);
    }
  }
}
