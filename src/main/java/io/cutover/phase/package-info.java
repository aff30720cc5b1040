/**
 * The phase machine: {@link io.cutover.phase.PhaseMachine} runs the step of the current phase and applies its sealed
 * {@link io.cutover.phase.StepResult}; one class per phase step; the services they share ({@code PlanService},
 * {@code TargetProof}, {@code Credentials}, {@code Canary}) and {@link io.cutover.phase.TrustHooks}, where the steps
 * hand over to {@code io.cutover.trust}. Below the reconciler, above plan, status, observe, trust and cluster.
 */
package io.cutover.phase;
