/**
 * The migration plan as a pure function of the spec and the observations of source and target ({@link
 * io.cutover.plan.Planner}): the RBAC objects mode Mirror gives the target ({@code RbacMirror}), and the names and
 * provenance of the target objects a migration creates ({@link io.cutover.plan.TargetObjects}). Nothing here reads or
 * writes a cluster or depends on {@code io.cutover.cluster} ({@code ArchitectureTest}); {@code
 * io.cutover.phase.PlanService} observes, then plans.
 */
package io.cutover.plan;
