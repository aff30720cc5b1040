package io.cutover.phase.wave;

/**
 * Why an identity of a wave got no member: the authority refused it ({@value WaveStatusBuilder#NOT_PERMITTED}), or
 * the API server refused the member it was made into ({@value #REJECTED}, e.g. a CEL rule of the migration CRD).
 */
public record Refusal(String reason, String message) {
  public static final String REJECTED = "MemberRejected";
}
