/**
 * The spec's defaults ({@link io.cutover.validate.SpecDefaults}) and the operator's own check of a spec ({@link
 * io.cutover.validate.SpecValidator}): it runs one class of checks per section of the spec ({@code EndpointChecks}
 * for source and target, {@code TokenChecks}, {@code DualRunChecks}, {@code TrustChecks}, {@code SecretChecks}),
 * which share the field checks of {@code FieldChecks}. {@link io.cutover.validate.Durations} is the one duration
 * parser, and {@link io.cutover.validate.ProbeUrls} the one rule for where a relying party's probe may send a token,
 * shared by the validator and {@code io.cutover.trust.HttpRelyingPartyProbe}.
 */
package io.cutover.validate;
