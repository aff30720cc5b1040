package io.cutover.cluster;

import io.cutover.api.v1alpha1.Ownership;
import io.cutover.rbac.AccessCheck;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.RbacSnapshot;
import io.cutover.rbac.RuleCoverage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * An in-memory {@link ClusterPort} for unit, end-to-end and fault tests. It follows the Kubernetes semantics the
 * operator depends on, as far as a fake needs to:
 *
 * <ul>
 *   <li>objects are stored by kind/namespace/name with a UID assigned at creation; creating a namespaced object in a
 *       namespace that does not exist fails (404), as the API server's NamespaceLifecycle admission does;</li>
 *   <li>TokenRequest issues opaque random tokens, enforces {@code expirationSeconds >= 600}, may shorten the lifetime
 *       ({@link #maxTokenSeconds}), rejects a missing ServiceAccount (404) and a bound Secret that is missing (404) or has
 *       another UID (409);</li>
 *   <li>TokenReview authenticates a token only while its ServiceAccount exists with the UID it was minted for, its bound
 *       Secret exists with its UID, it is unexpired per the injected clock, and its audiences intersect the requested
 *       ones (empty means the API server's own audience);</li>
 *   <li>SubjectAccessReview evaluates the stored RBAC with {@link EffectiveRules} and {@link RuleCoverage} (the sandbox has
 *       the real authorizer);</li>
 *   <li>every call is recorded in an ordered {@link Journal} (shared between clusters if given the same one), with its
 *       arguments but never a token value;</li>
 *   <li>failures can be injected: the next N calls of an operation throw {@link ClusterAccessException}, either before
 *       the call takes effect or after it (the request was applied, the answer lost), or at random.</li>
 * </ul>
 */
public final class TestingClusterPort implements ComposedClusterPort {
  /** The audience the fake API server accepts when a TokenRequest or TokenReview names none. */
  public static final String API_AUDIENCE = "https://kubernetes.default.svc";
  /** Kinds a migration creates and may delete, as the real adapter manages. */
  static final List<String> OWNED_KINDS = List.of("ServiceAccount", "Secret", "RoleBinding", "Role",
      "ClusterRoleBinding", "ClusterRole", "Namespace");
  static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");
  /** When an injected failure happens relative to the call's effect. */
  public enum FailureMode { BEFORE, AFTER }

  private record Injection(String operation, int[] remaining, FailureMode mode, boolean retryable) {}

  final String clusterName;
  final Clock clock;
  private final Journal journal;
  final Map<String, HasMetadata> objects = new LinkedHashMap<>();
  final Map<String, IssuedRecord> tokens = new HashMap<>();
  private final List<Injection> injections = new ArrayList<>();
  final Map<Long, Set<String>> writtenTo = new HashMap<>();
  final SecureRandom secureRandom = new SecureRandom();
  private final long uidHigh;
  private long uidCounter;
  long tokenSerial;
  Long maxTokenSeconds;
  private Random randomFailures;
  private double randomFailureRate;
  private Predicate<String> randomFailureOperations = op -> true;
  private java.util.function.Consumer<Journal.Call> writeListener = c -> { };
  private boolean unreachable;
  private java.time.Duration callLatency = java.time.Duration.ZERO;
  /** The service-account issuer; null: {@code https://<cluster name>.cluster.test}. */
  String issuer;

  public TestingClusterPort(String clusterName, Clock clock) {
    this(clusterName, clock, new Journal());
  }

  public TestingClusterPort(String clusterName, Clock clock, Journal journal) {
    this.clusterName = clusterName;
    this.clock = clock;
    this.journal = journal;
    this.uidHigh = clusterName.hashCode();
  }

  // ---------------------------------------------------------------- test controls

  public Journal journal() {
    return journal;
  }

  /** This cluster's calls, in order. */
  public List<Journal.Call> calls() {
    return journal.calls().stream().filter(c -> c.cluster().equals(clusterName)).toList();
  }

  /** This cluster's calls that would change it (TokenRequest counts: it mints a credential). */
  public List<Journal.Call> writes() {
    return calls().stream().filter(Journal.Call::isWrite).toList();
  }

  /** The cluster's service-account issuer, e.g. the same as another cluster's (two clusters sharing one issuer). */
  public TestingClusterPort issuer(String issuer) {
    this.issuer = issuer;
    return this;
  }

  /** The API server shortens every token to at most this many seconds (null: grants what is asked). */
  public TestingClusterPort maxTokenSeconds(Long seconds) {
    this.maxTokenSeconds = seconds;
    return this;
  }

  /** The next {@code n} calls of {@code operation} throw a retryable {@link ClusterAccessException} before taking effect. */
  public TestingClusterPort failNext(String operation, int n) {
    return failNext(operation, n, FailureMode.BEFORE, true);
  }

  public TestingClusterPort failNext(String operation, int n, FailureMode mode, boolean retryable) {
    injections.add(new Injection(operation, new int[] {n}, mode, retryable));
    return this;
  }

  /** Every call of an operation the predicate accepts fails with this probability (before or after its effect). */
  public TestingClusterPort randomFailures(Random random, double rate, Predicate<String> operations) {
    this.randomFailures = random;
    this.randomFailureRate = rate;
    this.randomFailureOperations = operations;
    return this;
  }

  /** While set, every call fails before reaching the cluster, as against a server that does not answer. */
  public TestingClusterPort unreachable(boolean down) {
    this.unreachable = down;
    return this;
  }

  /** Every call moves a {@link MutableClock} on by this much: what an API round trip costs, so lateness can be measured. */
  public TestingClusterPort callLatency(java.time.Duration latency) {
    this.callLatency = latency;
    return this;
  }

  /**
   * Called after every write that took effect (its journal entry is passed), before the caller sees the answer. A
   * listener that throws stops the caller right there: the crash harness uses this to crash after write k.
   */
  public TestingClusterPort onWrite(java.util.function.Consumer<Journal.Call> listener) {
    this.writeListener = listener == null ? c -> { } : listener;
    return this;
  }

  public TestingClusterPort noRandomFailures() {
    this.randomFailures = null;
    return this;
  }

  /** Stores an object as the cluster's users would (no journal entry, no admission): assigns a UID if it has none. */
  public <T extends HasMetadata> T put(T object) {
    T copy = copy(object);
    if (copy.getMetadata().getUid() == null) {
      copy.getMetadata().setUid(nextUid());
    }
    if (copy.getMetadata().getCreationTimestamp() == null) {
      copy.getMetadata().setCreationTimestamp(clock.instant().toString());
    }
    objects.put(key(copy.getKind(), copy.getMetadata().getNamespace(), copy.getMetadata().getName()), copy);
    return copy(copy);
  }

  /** Removes an object as the cluster's users would (no journal entry). Returns whether it existed. */
  public boolean remove(String kind, String namespace, String name) {
    return objects.remove(key(kind, namespace, name)) != null;
  }

  /** A copy of a stored object. */
  public <T extends HasMetadata> Optional<T> get(Class<T> type, String kind, String namespace, String name) {
    HasMetadata o = objects.get(key(kind, namespace, name));
    return o == null ? Optional.empty() : Optional.of(type.cast(copy(o)));
  }

  public boolean exists(String kind, String namespace, String name) {
    return objects.containsKey(key(kind, namespace, name));
  }

  /** Copies of every stored object, in insertion order. */
  public List<HasMetadata> objects() {
    return objects.values().stream().map(TestingClusterPort::<HasMetadata>copy).toList();
  }

  /** Every token issued so far, oldest first (without values). */
  public List<IssuedRecord> issuedTokens() {
    return tokens.values().stream().sorted((a, b) -> Long.compare(a.serial(), b.serial())).toList();
  }

  /** Tokens this cluster issued that were ever written into the Secret (by {@link #writeToken}), oldest first. */
  public List<IssuedRecord> writtenInto(String namespace, String secretName) {
    return issuedTokens().stream()
        .filter(r -> writtenTo.getOrDefault(r.serial(), Set.of()).contains(namespace + "/" + secretName))
        .toList();
  }

  /** The stored RBAC, read as a test would (no journal entry, no injected failure). */
  public RbacSnapshot storedRbac() {
    return snapshot();
  }

  /** The identity's legacy token Secrets as stored (no journal entry, no injected failure). */
  public List<Secret> storedLegacyTokenSecrets(String namespace, String serviceAccount) {
    return storedLegacySecrets(namespace, serviceAccount);
  }

  /** Objects labelled as the migration's, as stored (no journal entry, no injected failure). */
  public List<String> storedOwnedBy(String migrationUid) {
    return objects.values().stream()
        .filter(o -> o.getMetadata().getLabels() != null
            && migrationUid.equals(o.getMetadata().getLabels().get(Ownership.MIGRATION_UID_LABEL)))
        .map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .toList();
  }

  /** Whether TokenReview would now authenticate a token with this record (for any audience it holds). */
  public boolean isLive(IssuedRecord r) {
    return failureOf(r) == null;
  }

  // ---------------------------------------------------------------- ClusterPort, one fake per concern

  private final TestingClusterReader reader = new TestingClusterReader(this);
  private final TestingTokenIssuer tokenIssuer = new TestingTokenIssuer(this);
  private final TestingReviews reviews = new TestingReviews(this);
  private final TestingOwnedObjects owned = new TestingOwnedObjects(this);

  @Override
  public ClusterReader reader() { return reader; }

  @Override
  public TokenIssuer tokens() { return tokenIssuer; }

  @Override
  public Reviews reviews() { return reviews; }

  @Override
  public OwnedObjects owned() { return owned; }

  /** Which checks this fake's own identity (the migrator) is refused by {@link #mayI}; by default none. */
  volatile Predicate<AccessCheck> deniedToMigrator = c -> false;

  public TestingClusterPort denyMigrator(Predicate<AccessCheck> denied) {
    deniedToMigrator = denied;
    return this;
  }

  // ---------------------------------------------------------------- internals

  String failureOf(IssuedRecord r) {
    Optional<ServiceAccount> sa = get(ServiceAccount.class, "ServiceAccount", r.namespace(), r.serviceAccount());
    if (sa.isEmpty()) {
      return "service account " + r.namespace() + "/" + r.serviceAccount() + " has been deleted";
    }
    if (!r.serviceAccountUid().equals(sa.get().getMetadata().getUid())) {
      return "service account UID (" + r.serviceAccountUid() + ") does not match claim ("
          + sa.get().getMetadata().getUid() + ")";
    }
    if (r.boundSecretName() != null) {
      Optional<Secret> secret = get(Secret.class, "Secret", r.namespace(), r.boundSecretName());
      if (secret.isEmpty()) {
        return "secret " + r.namespace() + "/" + r.boundSecretName() + " not found";
      }
      if (!Objects.equals(r.boundSecretUid(), secret.get().getMetadata().getUid())) {
        return "secret UID does not match the bound object";
      }
    }
    if (!clock.instant().isBefore(r.expiresAt())) {
      return "token has expired";
    }
    return null;
  }

  RbacSnapshot snapshot() {
    // Cached while nothing changes: SubjectAccessReviews ask for it once per check (callers never modify it).
    String fingerprint = rbacFingerprint();
    if (cachedRbac != null && fingerprint.equals(cachedRbacFingerprint)) {
      return cachedRbac;
    }
    cachedRbacFingerprint = fingerprint;
    cachedRbac = freshSnapshot();
    return cachedRbac;
  }

  private RbacSnapshot cachedRbac;
  private String cachedRbacFingerprint;

  /** Identity of the stored RBAC objects: kind, name and a hash of their content. */
  private String rbacFingerprint() {
    StringBuilder b = new StringBuilder();
    for (HasMetadata o : objects.values()) {
      if (o instanceof Role || o instanceof ClusterRole || o instanceof RoleBinding || o instanceof ClusterRoleBinding) {
        b.append(o.getKind()).append('/').append(o.getMetadata().getNamespace()).append('/').append(o.getMetadata().getName())
            .append('#').append(System.identityHashCode(o)).append('@').append(o.hashCode()).append(';');
      }
    }
    return b.toString();
  }

  private RbacSnapshot freshSnapshot() {
    return new RbacSnapshot(all(Role.class, "Role"), all(ClusterRole.class, "ClusterRole"),
        all(RoleBinding.class, "RoleBinding"), all(ClusterRoleBinding.class, "ClusterRoleBinding"));
  }

  List<Secret> storedLegacySecrets(String namespace, String serviceAccount) {
    return all(Secret.class, "Secret").stream()
        .filter(s -> namespace.equals(s.getMetadata().getNamespace()))
        .filter(s -> Ownership.LEGACY_TOKEN_TYPE.equals(s.getType()))
        .filter(s -> s.getMetadata().getAnnotations() != null
            && serviceAccount.equals(s.getMetadata().getAnnotations().get(Ownership.SA_NAME_ANNOTATION)))
        .toList();
  }

  <T extends HasMetadata> List<T> all(Class<T> type, String kind) {
    return objects.values().stream().filter(o -> kind.equals(o.getKind())).map(o -> type.cast(copy(o))).toList();
  }

  interface Action<T> {
    T run();
  }

  interface Describe<T> {
    Object describe(T result);
  }

  <T> T call(String operation, List<String> args, Action<T> action, Describe<T> describe) {
    if (!callLatency.isZero() && clock instanceof MutableClock m) {
      m.advance(callLatency);
    }
    if (unreachable) {
      journal.add(clusterName, operation, args, "failed (unreachable, not applied)");
      throw new ClusterAccessException("ClusterUnreachable", clusterName + " cluster unreachable during " + operation, true);
    }
    FailureMode injected = injected(operation);
    if (injected == FailureMode.BEFORE) {
      journal.add(clusterName, operation, args, "failed (injected, not applied)");
      throw injectedFailure(operation);
    }
    T result;
    try {
      result = action.run();
    } catch (ClusterAccessException e) {
      journal.add(clusterName, operation, args, "failed: " + e.reason());
      throw e;
    }
    if (injected == FailureMode.AFTER) {
      Journal.Call applied = journal.add(clusterName, operation, args, "failed (injected, applied: " + describe.describe(result) + ")");
      if (applied.isWrite()) {
        writeListener.accept(applied);
      }
      throw injectedFailure(operation);
    }
    Journal.Call done = journal.add(clusterName, operation, args, String.valueOf(describe.describe(result)));
    if (done.isWrite()) {
      writeListener.accept(done);
    }
    return result;
  }

  private FailureMode injected(String operation) {
    for (Injection i : injections) {
      if (i.operation().equals(operation) && i.remaining()[0] > 0) {
        i.remaining()[0]--;
        return i.mode();
      }
    }
    if (randomFailures != null && randomFailureOperations.test(operation) && randomFailures.nextDouble() < randomFailureRate) {
      return randomFailures.nextBoolean() ? FailureMode.BEFORE : FailureMode.AFTER;
    }
    return null;
  }

  private ClusterAccessException injectedFailure(String operation) {
    return new ClusterAccessException("ClusterUnreachable", clusterName + " cluster unreachable during " + operation
        + " (injected)", true);
  }

  ClusterAccessException apiError(int code, String operation, String reason, boolean retryable) {
    return new ClusterAccessException(code == 401 ? "Unauthorized" : code == 403 ? "Forbidden" : "ApiError",
        clusterName + " cluster answered " + code + " " + reason + " to " + operation, retryable);
  }

  private String nextUid() {
    return new UUID(uidHigh, ++uidCounter).toString();
  }

  static String key(String kind, String namespace, String name) {
    return kind + "/" + (namespace == null || CLUSTER_SCOPED.contains(kind) ? "" : namespace) + "/" + name;
  }

  /** A deep copy through Jackson's token buffer (no JSON text in between: the fake copies on every read). */
  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> T copy(HasMetadata o) {
    var mapper = Serialization.jsonMapper();
    try (var buffer = new com.fasterxml.jackson.databind.util.TokenBuffer(mapper, false)) {
      mapper.writeValue(buffer, o);
      return (T) mapper.readValue(buffer.asParser(), o.getClass());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Distinct helper so tests can build a set of live delivered tokens without values. */
  public Set<Long> liveSerials(Predicate<IssuedRecord> which) {
    Set<Long> out = new HashSet<>();
    for (IssuedRecord r : issuedTokens()) {
      if (which.test(r) && isLive(r)) {
        out.add(r.serial());
      }
    }
    return out;
  }
}
