package io.cutover.api.v1alpha1;

import java.util.EnumSet;
import java.util.Set;

/**
 * The phases of a migration and every transition between them ({@link #next()}; drawn from it in
 * {@code docs/phases.svg}). Each phase is handled by one step class in {@code io.cutover.phase}; the gates users
 * control are named on the phase they act in.
 *
 * <pre>
 * Pending → Planning → Planned → Provisioning → DualRun → CuttingOver → Verifying → Completed
 *                         ↑ dryRun stays here (Ready=True, DryRunPlanned); dryRun: false re-plans and goes on
 * Provisioning | DualRun → RollingBack → RolledBack      (deadline without approval or onDeadline: Rollback,
 *                                                        unproven target at the deadline, deletion before cutover)
 * Pending | Planning → Failed                           (missing source, target owned elsewhere, escalation, ...)
 * (a plan that fails after provisioning started rolls back instead: something may exist on the target)
 * </pre>
 */
public enum Phase {
  /** Not yet seen by the operator. */
  Pending,
  /** Reading source and target; nothing written anywhere. */
  Planning,
  /** The plan is in status. With dryRun this is where the migration rests. */
  Planned,
  /** The dual-run deadline is in status; the target identity, its RBAC and its first token are being created and proven. */
  Provisioning,
  /** Old and new are both valid until the deadline. Gates: spec.cutover.approved (early or Manual cutover). */
  DualRun,
  /** The cutover intent is in status: the old identity is being revoked. No way back from here. */
  CuttingOver,
  /** Revocation is being proven on the source, and the target re-proven. */
  Verifying,
  /** Done; Ready=True. A delivered token keeps being renewed. */
  Completed,
  /** Removing what this migration created on the target; the source is untouched. */
  RollingBack,
  /** Rolled back; the source identity is as it was. */
  RolledBack,
  /** Stopped with a reason before anything was revoked. */
  Failed;

  /**
   * Gate spec.cutover.approved: it still decides something only before the revocation begins and while no rollback
   * or failure ended the migration (the operator ignores it from CuttingOver on; {@code kubectl cutover approve}
   * refuses there).
   */
  public boolean acceptsApproval() {
    return switch (this) {
      case CuttingOver, Verifying, Completed, RollingBack, RolledBack, Failed -> false;
      default -> true;
    };
  }

  /**
   * Gate spec.rollback: it acts in Provisioning and DualRun, before anything is revoked, and is set ahead of them; from
   * CuttingOver on the old credentials may already be revoked, so it is ignored ({@code kubectl cutover rollback}
   * refuses). Accepted while RollingBack, where it changes nothing.
   */
  public boolean acceptsRollback() {
    return switch (this) {
      case CuttingOver, Verifying, Completed, RolledBack, Failed -> false;
      default -> true;
    };
  }

  /** No further work except token renewal in Completed. */
  public boolean isTerminal() {
    return this == Completed || this == RolledBack || this == Failed;
  }

  /** The transitions the phase machine may take from this phase. */
  public Set<Phase> next() {
    return switch (this) {
      case Pending -> EnumSet.of(Planning, Failed);
      case Planning -> EnumSet.of(Planned, Failed);
      case Planned -> EnumSet.of(Planning, Provisioning);
      case Provisioning -> EnumSet.of(DualRun, RollingBack);
      case DualRun -> EnumSet.of(CuttingOver, RollingBack);
      case CuttingOver -> EnumSet.of(Verifying);
      case Verifying -> EnumSet.of(Completed);
      case RollingBack -> EnumSet.of(RolledBack);
      case Completed, RolledBack, Failed -> EnumSet.noneOf(Phase.class);
    };
  }
}
