package io.cutover.cluster;

import io.cutover.api.v1alpha1.ObjectRef;
import io.cutover.api.v1alpha1.Ownership;
import io.cutover.rbac.AccessCheck;
import io.cutover.rbac.EffectiveRules;
import io.cutover.rbac.RbacSnapshot;
import io.cutover.rbac.RuleCoverage;
import io.cutover.rbac.Rules;
import io.cutover.rbac.ServiceAccountIdentity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
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
import java.util.concurrent.atomic.AtomicLong;
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
public final class TestingClusterPort implements ClusterPort {
  /** The audience the fake API server accepts when a TokenRequest or TokenReview names none. */
  public static final String API_AUDIENCE = "https://kubernetes.default.svc";
  /** Kinds that {@link #ownedBy} lists, as the real adapter does. */
  private static final List<String> OWNED_KINDS = List.of("ServiceAccount", "Secret", "RoleBinding", "Role",
      "ClusterRoleBinding", "ClusterRole", "Namespace");
  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");
  private static final Set<String> WRITES = Set.of("requestToken", "createIfAbsent", "writeToken", "delete",
      "removeServiceAccountSubject", "annotateServiceAccount");

  /** One call: a global sequence number, the cluster, the operation and its arguments, and how it ended. */
  public record Call(long seq, String cluster, String operation, List<String> args, String outcome) {
    public boolean failed() {
      return outcome.startsWith("failed");
    }

    public boolean isWrite() {
      return WRITES.contains(operation);
    }

    public String arg(int i) {
      return i < args.size() ? args.get(i) : null;
    }

    @Override
    public String toString() {
      return seq + " " + cluster + " " + operation + args + " -> " + outcome;
    }
  }

  /** An ordered record of calls, shareable between the source and the target fake. */
  public static final class Journal {
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong seq = new AtomicLong();

    Call add(String cluster, String operation, List<String> args, String outcome) {
      Call c = new Call(seq.incrementAndGet(), cluster, operation, List.copyOf(args), outcome);
      calls.add(c);
      return c;
    }

    public List<Call> calls() {
      synchronized (calls) {
        return List.copyOf(calls);
      }
    }

    public void clear() {
      calls.clear();
    }
  }

  /** What the fake knows of an issued token (never shown with its value). */
  public record IssuedRecord(long serial, String namespace, String serviceAccount, String serviceAccountUid,
      List<String> audiences, Instant issuedAt, Instant expiresAt, String boundSecretName, String boundSecretUid) {}

  /** A clock tests move by hand. */
  public static final class MutableClock extends Clock {
    private Instant now;

    public MutableClock(Instant start) {
      this.now = start;
    }

    public void set(Instant instant) {
      this.now = instant;
    }

    public void advance(java.time.Duration d) {
      this.now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** When an injected failure happens relative to the call's effect. */
  public enum FailureMode { BEFORE, AFTER }

  private record Injection(String operation, int[] remaining, FailureMode mode, boolean retryable) {}

  private final String clusterName;
  private final Clock clock;
  private final Journal journal;
  private final Map<String, HasMetadata> objects = new LinkedHashMap<>();
  private final Map<String, IssuedRecord> tokens = new HashMap<>();
  private final List<Injection> injections = new ArrayList<>();
  private final Map<Long, Set<String>> writtenTo = new HashMap<>();
  private final SecureRandom secureRandom = new SecureRandom();
  private final long uidHigh;
  private long uidCounter;
  private long tokenSerial;
  private Long maxTokenSeconds;
  private Random randomFailures;
  private double randomFailureRate;
  private Predicate<String> randomFailureOperations = op -> true;
  private java.util.function.Consumer<Call> writeListener = c -> { };
  private boolean unreachable;
  private java.time.Duration callLatency = java.time.Duration.ZERO;

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
  public List<Call> calls() {
    return journal.calls().stream().filter(c -> c.cluster().equals(clusterName)).toList();
  }

  /** This cluster's calls that would change it (TokenRequest counts: it mints a credential). */
  public List<Call> writes() {
    return calls().stream().filter(Call::isWrite).toList();
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
  public TestingClusterPort onWrite(java.util.function.Consumer<Call> listener) {
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

  // ---------------------------------------------------------------- ClusterPort

  @Override
  public String clusterName() {
    return clusterName;
  }

  @Override
  public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
    return call("serviceAccount", List.of(namespace, name), () -> get(ServiceAccount.class, "ServiceAccount", namespace, name),
        o -> o.isPresent() ? "found" : "absent");
  }

  @Override
  public Optional<Namespace> namespace(String name) {
    return call("namespace", List.of(name), () -> get(Namespace.class, "Namespace", null, name), o -> o.isPresent() ? "found" : "absent");
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return call("secret", List.of(namespace, name), () -> get(Secret.class, "Secret", namespace, name), o -> o.isPresent() ? "found" : "absent");
  }

  @Override
  public RbacSnapshot rbac() {
    return call("rbac", List.of(), this::snapshot, s -> "ok");
  }

  @Override
  public List<Secret> legacyTokenSecrets(String namespace, String serviceAccount) {
    return call("legacyTokenSecrets", List.of(namespace, serviceAccount), () -> storedLegacySecrets(namespace, serviceAccount),
        l -> l.size() + " item(s)");
  }

  @Override
  public List<Pod> podsRunningAs(String namespace, String serviceAccount) {
    return call("podsRunningAs", List.of(namespace, serviceAccount), () -> all(Pod.class, "Pod").stream()
        .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
        .filter(p -> p.getSpec() != null && serviceAccount.equals(p.getSpec().getServiceAccountName()))
        .toList(), l -> l.size() + " item(s)");
  }

  @Override
  public String issuer() {
    return call("issuer", List.of(), () -> "https://" + clusterName + ".cluster.test", s -> "ok");
  }

  /** The fake's tokens are opaque, not JWTs: its key set is empty, so no token verifies offline. */
  @Override
  public String jwks() {
    return call("jwks", List.of(), () -> "{\"keys\":[]}", s -> "ok");
  }

  @Override
  public boolean annotateServiceAccount(String namespace, String name, String expectedUid, Map<String, String> annotations) {
    return call("annotateServiceAccount", List.of(namespace, name, String.valueOf(expectedUid)), () -> {
      HasMetadata current = objects.get(key("ServiceAccount", namespace, name));
      if (current == null || (expectedUid != null && !expectedUid.equals(current.getMetadata().getUid()))) {
        return false;
      }
      Map<String, String> merged = new LinkedHashMap<>(current.getMetadata().getAnnotations() == null ? Map.of()
          : current.getMetadata().getAnnotations());
      if (annotations.entrySet().stream().allMatch(e -> e.getValue().equals(merged.get(e.getKey())))) {
        return false;
      }
      merged.putAll(annotations);
      current.getMetadata().setAnnotations(merged);
      return true;
    }, b -> b ? "annotated" : "unchanged");
  }

  @Override
  public IssuedToken requestToken(TokenRequestSpec request) {
    List<String> args = new ArrayList<>(List.of(request.namespace(), request.serviceAccount(),
        String.valueOf(request.audiences()), String.valueOf(request.expirationSeconds())));
    if (request.boundSecretName() != null) {
      args.add("Secret/" + request.boundSecretName());
    }
    return call("requestToken", args, () -> {
      if (request.expirationSeconds() < 600) {
        throw apiError(400, "requestToken", "expirationSeconds must be at least 600", false);
      }
      ServiceAccount sa = get(ServiceAccount.class, "ServiceAccount", request.namespace(), request.serviceAccount())
          .orElseThrow(() -> apiError(404, "requestToken", "serviceaccounts not found", false));
      if (request.boundSecretName() != null) {
        Secret bound = get(Secret.class, "Secret", request.namespace(), request.boundSecretName())
            .orElseThrow(() -> apiError(404, "requestToken", "secrets not found", false));
        if (request.boundSecretUid() != null && !request.boundSecretUid().equals(bound.getMetadata().getUid())) {
          throw apiError(409, "requestToken", "the UID in the bound object reference differs from the object", true);
        }
      }
      long seconds = maxTokenSeconds == null ? request.expirationSeconds() : Math.min(request.expirationSeconds(), maxTokenSeconds);
      Instant issuedAt = clock.instant();
      Instant expiresAt = issuedAt.plusSeconds(seconds);
      String boundUid = request.boundSecretName() == null ? null
          : get(Secret.class, "Secret", request.namespace(), request.boundSecretName()).orElseThrow().getMetadata().getUid();
      byte[] raw = new byte[24];
      secureRandom.nextBytes(raw);
      String value = "fake." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      List<String> audiences = request.audiences() == null || request.audiences().isEmpty() ? List.of(API_AUDIENCE)
          : List.copyOf(request.audiences());
      tokens.put(value, new IssuedRecord(++tokenSerial, request.namespace(), request.serviceAccount(),
          sa.getMetadata().getUid(), audiences, issuedAt, expiresAt, request.boundSecretName(), boundUid));
      return new IssuedToken(Token.of(value), expiresAt);
    }, t -> "issued");
  }

  @Override
  public TokenReviewOutcome reviewToken(Token token, List<String> audiences) {
    List<String> requested = audiences == null || audiences.isEmpty() ? List.of(API_AUDIENCE) : audiences;
    return call("reviewToken", List.of(String.valueOf(requested)), () -> {
      IssuedRecord r = tokens.get(token.reveal());
      if (r == null) {
        return new TokenReviewOutcome(false, null, null, List.of(), "invalid bearer token");
      }
      String failure = failureOf(r);
      if (failure != null) {
        return new TokenReviewOutcome(false, null, null, List.of(), failure);
      }
      List<String> both = r.audiences().stream().filter(requested::contains).toList();
      if (both.isEmpty()) {
        return new TokenReviewOutcome(false, null, null, List.of(), "token audiences " + r.audiences()
            + " is invalid for the target audiences " + requested);
      }
      return new TokenReviewOutcome(true, ServiceAccountIdentity.USERNAME_PREFIX + r.namespace() + ":" + r.serviceAccount(),
          r.serviceAccountUid(), both, null);
    }, o -> o.authenticated() ? "authenticated " + o.username() : "rejected: " + o.error());
  }

  /** Which checks this fake's own identity (the migrator) is refused by {@link #mayI}; by default none. */
  private volatile Predicate<AccessCheck> deniedToMigrator = c -> false;

  public TestingClusterPort denyMigrator(Predicate<AccessCheck> denied) {
    deniedToMigrator = denied;
    return this;
  }

  @Override
  public boolean mayI(AccessCheck check) {
    return call("mayI", List.of(String.valueOf(check)), () -> !deniedToMigrator.test(check), String::valueOf);
  }

  @Override
  public AccessReviewOutcome reviewAccess(String user, List<String> groups, AccessCheck check) {
    List<String> args = List.of(user, String.valueOf(check));
    return call("reviewAccess", args, () -> {
      if (user == null || !user.startsWith(ServiceAccountIdentity.USERNAME_PREFIX)) {
        return new AccessReviewOutcome(false, "the fake evaluates ServiceAccount users only");
      }
      String[] parts = user.substring(ServiceAccountIdentity.USERNAME_PREFIX.length()).split(":", 2);
      ServiceAccountIdentity sa = new ServiceAccountIdentity(parts[0], parts[1]);
      List<PolicyRule> rules = EffectiveRules.rulesIn(EffectiveRules.grantsFor(snapshot(), sa), check.namespace());
      PolicyRule asked = check.isNonResource()
          ? Rules.nonResourceRule(List.of(check.verb()), List.of(check.nonResourcePath()))
          : Rules.resourceRule(List.of(check.verb()), List.of(check.apiGroup() == null ? "" : check.apiGroup()),
              List.of(check.subresource() == null ? check.resource() : check.resource() + "/" + check.subresource()),
              check.name() == null ? List.of() : List.of(check.name()));
      boolean allowed = RuleCoverage.covers(rules, List.of(asked)).covered();
      return new AccessReviewOutcome(allowed, allowed ? "allowed by RBAC" : "");
    }, o -> o.allowed() ? "allowed" : "denied");
  }

  @Override
  public <T extends HasMetadata> T createIfAbsent(T object) {
    String kind = object.getKind();
    String ns = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    return call("createIfAbsent", List.of(kind, String.valueOf(ns), name), () -> {
      HasMetadata existing = objects.get(key(kind, ns, name));
      if (existing != null) {
        @SuppressWarnings("unchecked")
        T held = (T) copy(existing);
        return held;
      }
      if (!CLUSTER_SCOPED.contains(kind) && !objects.containsKey(key("Namespace", null, ns))) {
        throw apiError(404, "create " + kind.toLowerCase(), "namespaces \"" + ns + "\" not found", false);
      }
      return put(object);
    }, o -> "ok uid=" + o.getMetadata().getUid());
  }

  @Override
  public void writeToken(String namespace, String secretName, IssuedToken token, Instant issuedAt) {
    call("writeToken", List.of(namespace, secretName), () -> {
      Secret s = (Secret) objects.get(key("Secret", namespace, secretName));
      if (s == null) {
        throw apiError(404, "update secret", "secrets \"" + secretName + "\" not found", false);
      }
      IssuedRecord issued = tokens.get(token.token().reveal());
      if (issued != null) {
        writtenTo.computeIfAbsent(issued.serial(), k -> new HashSet<>()).add(namespace + "/" + secretName);
      }
      TokenSecrets.put(s, token, issuedAt);
      return null;
    }, o -> "ok");
  }

  @Override
  public Optional<StoredToken> readToken(String namespace, String secretName) {
    return call("readToken", List.of(namespace, secretName), () -> {
      Secret s = (Secret) objects.get(key("Secret", namespace, secretName));
      return s == null ? Optional.<StoredToken>empty() : TokenSecrets.read(s);
    }, o -> o.isPresent() ? "present" : "absent");
  }

  @Override
  public boolean delete(ObjectRef ref, String expectedUid) {
    return call("delete", List.of(ref.kind(), String.valueOf(ref.namespace()), ref.name(), String.valueOf(expectedUid)), () -> {
      if (!OWNED_KINDS.contains(ref.kind())) {
        throw new IllegalArgumentException("Cutover does not manage kind " + ref.kind());
      }
      String k = key(ref.kind(), ref.namespace(), ref.name());
      HasMetadata current = objects.get(k);
      if (current == null) {
        return false;
      }
      if (expectedUid != null && !expectedUid.equals(current.getMetadata().getUid())) {
        return false;
      }
      objects.remove(k);
      if ("Namespace".equals(ref.kind())) {
        objects.values().removeIf(o -> ref.name().equals(o.getMetadata().getNamespace()));
      }
      return true;
    }, b -> b ? "deleted" : "absent");
  }

  @Override
  public boolean removeServiceAccountSubject(ObjectRef binding, String saNamespace, String saName) {
    return call("removeServiceAccountSubject", List.of(binding.kind(), String.valueOf(binding.namespace()), binding.name(),
        saNamespace, saName), () -> {
      boolean cluster = "ClusterRoleBinding".equals(binding.kind());
      HasMetadata current = objects.get(key(binding.kind(), cluster ? null : binding.namespace(), binding.name()));
      if (current == null) {
        return false;
      }
      String bindingNs = cluster ? null : binding.namespace();
      ServiceAccountIdentity sa = new ServiceAccountIdentity(saNamespace, saName);
      List<Subject> subjects = current instanceof ClusterRoleBinding b ? b.getSubjects() : ((RoleBinding) current).getSubjects();
      if (subjects == null || subjects.stream().noneMatch(s -> namesIdentity(s, bindingNs, sa))) {
        return false;
      }
      List<Subject> kept = subjects.stream().filter(s -> !namesIdentity(s, bindingNs, sa)).toList();
      if (kept.isEmpty()) {
        // As Fabric8ClusterPort: a binding whose only subject was the identity is deleted.
        objects.remove(key(binding.kind(), bindingNs, binding.name()));
        return true;
      }
      if (current instanceof ClusterRoleBinding b) {
        b.setSubjects(new ArrayList<>(kept));
      } else {
        ((RoleBinding) current).setSubjects(new ArrayList<>(kept));
      }
      return true;
    }, b -> b ? "removed" : "unchanged");
  }

  @Override
  public List<ObjectRef> ownedBy(String migrationUid) {
    return call("ownedBy", List.of(migrationUid), () -> objects.values().stream()
        .filter(o -> OWNED_KINDS.contains(o.getKind()))
        .filter(o -> o.getMetadata().getLabels() != null
            && migrationUid.equals(o.getMetadata().getLabels().get(Ownership.MIGRATION_UID_LABEL)))
        .map(o -> new ObjectRef(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName(), o.getMetadata().getUid()))
        .toList(), l -> l.size() + " object(s)");
  }

  // ---------------------------------------------------------------- internals

  private static boolean namesIdentity(Subject s, String bindingNamespace, ServiceAccountIdentity sa) {
    // Direct subjects only: a group names every ServiceAccount, not this one.
    return !"Group".equals(s.getKind()) && EffectiveRules.appliesTo(s, bindingNamespace, sa);
  }

  private String failureOf(IssuedRecord r) {
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

  private RbacSnapshot snapshot() {
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

  private List<Secret> storedLegacySecrets(String namespace, String serviceAccount) {
    return all(Secret.class, "Secret").stream()
        .filter(s -> namespace.equals(s.getMetadata().getNamespace()))
        .filter(s -> Ownership.LEGACY_TOKEN_TYPE.equals(s.getType()))
        .filter(s -> s.getMetadata().getAnnotations() != null
            && serviceAccount.equals(s.getMetadata().getAnnotations().get(Ownership.SA_NAME_ANNOTATION)))
        .toList();
  }

  private <T extends HasMetadata> List<T> all(Class<T> type, String kind) {
    return objects.values().stream().filter(o -> kind.equals(o.getKind())).map(o -> type.cast(copy(o))).toList();
  }

  private interface Action<T> {
    T run();
  }

  private interface Describe<T> {
    Object describe(T result);
  }

  private <T> T call(String operation, List<String> args, Action<T> action, Describe<T> describe) {
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
      Call applied = journal.add(clusterName, operation, args, "failed (injected, applied: " + describe.describe(result) + ")");
      if (applied.isWrite()) {
        writeListener.accept(applied);
      }
      throw injectedFailure(operation);
    }
    Call done = journal.add(clusterName, operation, args, String.valueOf(describe.describe(result)));
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

  private ClusterAccessException apiError(int code, String operation, String reason, boolean retryable) {
    return new ClusterAccessException(code == 401 ? "Unauthorized" : code == 403 ? "Forbidden" : "ApiError",
        clusterName + " cluster answered " + code + " " + reason + " to " + operation, retryable);
  }

  private String nextUid() {
    return new UUID(uidHigh, ++uidCounter).toString();
  }

  private static String key(String kind, String namespace, String name) {
    return kind + "/" + (namespace == null || CLUSTER_SCOPED.contains(kind) ? "" : namespace) + "/" + name;
  }

  /** A deep copy through Jackson's token buffer (no JSON text in between: the fake copies on every read). */
  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> T copy(HasMetadata o) {
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
