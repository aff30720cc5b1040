package io.cutover.phase;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.cutover.cluster.ClusterPort;
import io.cutover.plan.Identities;
import io.cutover.policy.Authority;
import io.cutover.validate.SpecDefaults;
import io.cutover.plan.TargetObjects;
import io.cutover.status.Finding;
import io.cutover.status.StatusAggregator;
import io.cutover.status.StatusEditor;
import io.cutover.trust.RelyingPartyProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What a step works with: the migration as read at the start of the reconcile, a copy of its status to edit, the
 * clock, and the two clusters (connected lazily, once). What a condition reports, a step {@link #report}s as a
 * {@link Finding}; the {@link StatusAggregator} held here writes the conditions when the turn ends.
 */
public final class StepContext {
  private final ServiceAccountMigration resource;
  private final StatusEditor edit;
  private final StatusAggregator aggregator;
  private final Clock clock;
  private final Authority authority;
  private final RelyingPartyProbe probe;
  private final ServiceAccountMigrationSpec spec;
  private Identities ids;
  private final Supplier<ClusterPort> sourceSupplier;
  private final Supplier<ClusterPort> targetSupplier;
  private ClusterPort source;
  private java.time.Duration window;
  private ClusterPort target;
  private Executor executor = IN_ORDER;
  private CutoverLead.Deadlines deadlines = CutoverLead.Deadlines.alone();

  /**
   * A context that permits every migration and probes no relying party: for planning and for tests that drive steps
   * directly. The operator passes its authority and its probe.
   */
  public StepContext(ServiceAccountMigration resource, StatusEditor edit, Clock clock,
      Supplier<ClusterPort> source, Supplier<ClusterPort> target) {
    this(resource, edit, clock, source, target, Authority.permitAll(), RelyingPartyProbe.refusing());
  }

  public StepContext(ServiceAccountMigration resource, StatusEditor edit, Clock clock,
      Supplier<ClusterPort> source, Supplier<ClusterPort> target, Authority authority, RelyingPartyProbe probe) {
    this.resource = resource;
    this.edit = edit;
    this.aggregator = new StatusAggregator(edit);
    this.clock = clock;
    this.authority = authority;
    this.probe = probe;
    // Steps read the spec with schema defaults applied, so a null section can never stop a step (or a deadline).
    this.spec = SpecDefaults.withDefaults(resource.getSpec());
    this.sourceSupplier = source;
    this.targetSupplier = target;
  }

  public ServiceAccountMigration resource() { return resource; }
  public ServiceAccountMigrationSpec spec() { return spec; }
  /** Who may migrate what: asked by {@link AdmissionGate} before anything is read, by {@link PolicyRecheck} before writes. */
  public Authority authority() { return authority; }
  /** The relying parties' probe, asked by the trust gate for parties with a probeUrl. */
  public RelyingPartyProbe probe() { return probe; }
  public ServiceAccountMigrationStatus status() { return edit.status(); }
  /** The status copy's phase and history; conditions are the aggregator's ({@link #report}). */
  public StatusEditor edit() { return edit; }
  /** Reports what a condition says; {@link PhaseMachine} has the conditions written at the end of the turn. */
  public void report(Finding finding) { aggregator.report(finding); }
  StatusAggregator aggregator() { return aggregator; }
  /** Source and target identity; only valid once {@link AdmissionGate} has passed the spec. */
  public Identities ids() {
    if (ids == null) {
      ids = Identities.of(spec);
    }
    return ids;
  }
  public String uid() { return resource.getMetadata().getUid(); }
  public long generation() {
    Long g = resource.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  /**
   * The dual-run deadline written to status when the window opened (Planned); every step after it has one. Parsed
   * from the status each call, so a step that wrote the window sees it at once.
   */
  public Instant deadline() {
    return io.cutover.status.DualRunTimes.deadline(status())
        .orElseThrow(() -> new IllegalStateException("no dual-run deadline in status"));
  }

  /** When the dual run began (status.dualRun.startedAt); every step after Planned has it. */
  public Instant dualRunStart() {
    return io.cutover.status.DualRunTimes.startedAt(status())
        .orElseThrow(() -> new IllegalStateException("no dual-run start in status"));
  }

  /** The spec's dual-run window, parsed once. */
  public java.time.Duration window() {
    if (window == null) {
      window = io.cutover.validate.Durations.parse(spec.getDualRun().getWindow());
    }
    return window;
  }

  /**
   * The dual-run deadline of a window opening at {@code start}: {@code start} plus the window, or
   * {@code spec.dualRun.notAfter} if that is earlier — one instant many migrations can share (a wave). notAfter only
   * shortens: the window (capped by the policy's maxWindow) stays the bound on the overlap. A notAfter already past at
   * {@code start} is the deadline as it is (before {@code start}): due at once, so the migration cuts over as soon as
   * the target proves, and its lateness counts from notAfter (docs/design.md entry 133).
   */
  public Instant deadlineFrom(Instant start) {
    Instant byWindow = start.plus(window());
    String notAfter = spec.getDualRun().getNotAfter();
    if (notAfter == null) {
      return byWindow;
    }
    // The spec was validated when it was planned (AdmissionGate), and Planned re-plans on any spec change.
    Instant shared = io.cutover.validate.Times.parse(notAfter);
    return shared.isBefore(byWindow) ? shared : byWindow;
  }

  /** The time the reconcile started: what the step decides by. */
  public Instant now() { return edit.now(); }

  /** The clock's time at this moment, for recording when an action really finished. */
  public Instant instant() { return clock.instant().truncatedTo(ChronoUnit.MILLIS); }

  public ClusterPort source() {
    if (source == null) {
      source = sourceSupplier.get();
    }
    return source;
  }

  /** The target cluster; every {@link io.cutover.cluster.ClusterAccessException} from it is a {@link TargetAccessException}. */
  public ClusterPort target() {
    if (target == null) {
      try {
        target = TargetAccessException.marking(targetSupplier.get());
      } catch (TargetAccessException e) {
        throw e;
      } catch (io.cutover.cluster.ClusterAccessException e) {
        throw new TargetAccessException(e);
      }
    }
    return target;
  }

  /**
   * Where {@link #all} runs independent cluster calls: the operator gives a shared pool, so that the revocation's
   * writes go out together; by default (tests driving steps) they run one after another, in order.
   */
  public StepContext withExecutor(Executor executor) {
    this.executor = executor;
    return this;
  }

  /** The deadlines the operator knows of, for the cutover's lead ({@link CutoverLead}); by default none but this one. */
  public StepContext withDeadlines(CutoverLead.Deadlines deadlines) {
    this.deadlines = deadlines;
    return this;
  }

  /** How long before the deadline this migration prepares its cutover. */
  Duration cutoverLead() {
    return CutoverLead.before(deadline(), deadlines);
  }

  /**
   * Runs independent calls on the context's executor and waits for every one of them; then the first failure, if
   * any, is thrown as it was (a {@link io.cutover.cluster.ClusterAccessException} stays one). The results in order.
   */
  <T> List<T> all(List<Supplier<T>> calls) {
    if (executor == IN_ORDER) {
      return calls.stream().map(Supplier::get).toList(); // the first failure stops the rest, as in any sequence of calls
    }
    List<CompletableFuture<T>> running = calls.stream().map(c -> CompletableFuture.supplyAsync(c, executor)).toList();
    List<T> results = new ArrayList<>(calls.size());
    Throwable failure = null;
    for (CompletableFuture<T> f : running) {
      try {
        results.add(f.join());
      } catch (CompletionException e) {
        failure = failure == null ? e.getCause() : failure;
      }
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return results;
  }

  private static final Executor IN_ORDER = Runnable::run;

  public TargetObjects names() {
    return new TargetObjects(uid(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
        ids.sourceCluster(), now());
  }
}
