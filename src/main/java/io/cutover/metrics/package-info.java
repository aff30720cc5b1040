/**
 * The Prometheus registry and the operator's HTTP endpoints ({@code /metrics}, {@code /healthz}, {@code /readyz}),
 * with per-migration telemetry fed by the reconciler's observer. Wiring-side: nothing below config uses it.
 */
package io.cutover.metrics;
