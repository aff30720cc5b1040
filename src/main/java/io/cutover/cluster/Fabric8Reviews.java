package io.cutover.cluster;

import io.cutover.rbac.RbacAnswer;

import io.cutover.rbac.AccessCheck;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewSpec;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/** {@link Reviews} on a fabric8 client: TokenReview, SubjectAccessReview and SelfSubjectAccessReview. */
final class Fabric8Reviews extends Fabric8Part implements Reviews, AutoCloseable {
  /**
   * At most this many SubjectAccessReviews of one batch are in flight to one cluster; shared by every migration that
   * uses this cluster client (never a thread per migration).
   */
  static final int CONCURRENT_REVIEWS = 8;

  /** Threads for {@link #reviewAccessAll}, started on first use and idle ones ended after a minute. */
  private ThreadPoolExecutor pool;
  private boolean closed;

  Fabric8Reviews(Fabric8Session session) {
    super(session);
  }

  @Override
  public TokenReviewOutcome reviewToken(Token token, List<String> audiences) {
    TokenReview review = new TokenReviewBuilder().withNewSpec()
        .withToken(token.reveal()).withAudiences(audiences).endSpec().build();
    TokenReview answer = session.call("create tokenreviews",
        () -> client.authentication().v1().tokenReviews().create(review));
    var status = answer.getStatus();
    if (status == null) {
      return new TokenReviewOutcome(false, null, null, List.of(), "no status");
    }
    boolean ok = Boolean.TRUE.equals(status.getAuthenticated());
    var user = status.getUser();
    return new TokenReviewOutcome(ok, user == null ? null : user.getUsername(), user == null ? null : user.getUid(),
        status.getAudiences() == null ? List.of() : status.getAudiences(), status.getError());
  }

  /**
   * Allowed by the RBAC informers for the client's own ServiceAccount ({@link Fabric8Session#self}): no request (a
   * wrong answer here only means the write itself is refused later, by the API server). Otherwise — not known to be
   * allowed by RBAC, or the client is not a ServiceAccount — a SelfSubjectAccessReview asks the API server, whose
   * answer covers every authorizer.
   */
  @Override
  public boolean mayI(AccessCheck check) {
    var self = session.self();
    RbacCache cache = self.isPresent() ? session.rbacCache() : null;
    if (cache != null && RbacAnswer.allows(cache.snapshot(), self.get(), check)) {
      return true;
    }
    var spec = new SelfSubjectAccessReviewSpec();
    spec.setResourceAttributes(resourceAttributes(check));
    spec.setNonResourceAttributes(nonResourceAttributes(check));
    var review = new SelfSubjectAccessReview();
    review.setSpec(spec);
    var answer = session.call("create selfsubjectaccessreviews",
        () -> client.authorization().v1().selfSubjectAccessReview().create(review));
    return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }

  @Override
  public AccessReviewOutcome reviewAccess(String user, List<String> groups, AccessCheck check) {
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(user).withGroups(groups)
        .withResourceAttributes(resourceAttributes(check)).withNonResourceAttributes(nonResourceAttributes(check))
        .endSpec().build();
    SubjectAccessReview answer = session.call("create subjectaccessreviews",
        () -> client.authorization().v1().subjectAccessReview().create(review));
    var status = answer.getStatus();
    return new AccessReviewOutcome(status != null && Boolean.TRUE.equals(status.getAllowed()),
        status == null ? null : status.getReason());
  }

  private static ResourceAttributes resourceAttributes(AccessCheck c) {
    return c.isNonResource() ? null : new ResourceAttributesBuilder()
        .withNamespace(c.namespace()).withVerb(c.verb()).withGroup(c.apiGroup()).withResource(c.resource())
        .withSubresource(c.subresource()).withName(c.name()).build();
  }

  private static NonResourceAttributes nonResourceAttributes(AccessCheck c) {
    return !c.isNonResource() ? null : new NonResourceAttributesBuilder()
        .withPath(c.nonResourcePath()).withVerb(c.verb()).build();
  }

  /** The reviews of one batch sent concurrently (a batch of one is sent on the caller's thread). */
  @Override
  public List<AccessReviewOutcome> reviewAccessAll(String user, List<String> groups, List<AccessCheck> checks) {
    if (checks.size() <= 1) {
      return Reviews.super.reviewAccessAll(user, groups, checks);
    }
    ExecutorService pool = pool();
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
      throw new ClusterAccessException("ClusterUnreachable", "interrupted while asking " + session.clusterName
          + " for SubjectAccessReviews", true);
    } finally {
      answers.forEach(answer -> answer.cancel(true));
    }
  }

  private synchronized ExecutorService pool() {
    if (closed) {
      throw new ClusterAccessException("ClusterUnreachable", "the client of " + session.clusterName + " is closed",
          true);
    }
    if (pool == null) {
      AtomicInteger count = new AtomicInteger();
      pool = new ThreadPoolExecutor(CONCURRENT_REVIEWS, CONCURRENT_REVIEWS, 60, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "access-review-" + session.clusterName + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
      pool.allowCoreThreadTimeOut(true);
    }
    return pool;
  }

  /** Ends the review threads. */
  @Override
  public synchronized void close() {
    closed = true;
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
