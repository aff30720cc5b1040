/**
 * Status as one place builds it: steps report {@link io.cutover.status.Finding}s, and
 * {@link io.cutover.status.StatusAggregator} — the only caller of {@link io.cutover.status.StatusEditor}'s condition
 * setters (ArchitectureTest) — derives every condition and Ready from them at the end of the turn;
 * {@link io.cutover.status.DualRunTimes} reads the window's start and deadline from status, parsed once.
 */
package io.cutover.status;
