/**
 * The benchmark ({@code cutover bench}): N migrations on the sandbox with the operator in process or as its own
 * process, and a report of latencies and memory. It stands apart like {@code io.cutover.sandbox}: nothing in the
 * operator uses it ({@code ArchitectureTest}) and {@code target/cutover-operator.jar} does not hold it.
 */
package io.cutover.bench;
