/**
 * The migration plan as a pure function of the spec and the observations of source and target ({@link
 * io.cutover.plan.Planner}), and the target objects it creates. Nothing here reads or writes a cluster or depends on
 * {@code io.cutover.cluster} ({@code ArchitectureTest}); {@code io.cutover.phase.PlanService} observes, then plans.
 */
package io.cutover.plan;
