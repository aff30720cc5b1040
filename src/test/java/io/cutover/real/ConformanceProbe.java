package io.cutover.real;

/**
 * A named scenario of the conformance suite ({@code tokenrequest.expiration-below-600}): the same requests sent to
 * either side, recording what it answered as facts. Each run gets its own namespace, {@link #namespace()}, the same
 * name on both sides (created by the probe where it needs one).
 */
record ConformanceProbe(String id, Body body) {

  @FunctionalInterface
  interface Body {
    void run(ConformanceTarget target, Observation seen, String namespace) throws Exception;
  }

  /** The probe's namespace name: its id as a DNS label ({@code cf-tokenrequest-expiration-below-600}). */
  String namespace() {
    String label = ("cf-" + id).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return label.length() > 63 ? label.substring(0, 63).replaceAll("-+$", "") : label;
  }

  /** Runs the probe on {@code target}; a probe that throws records the failure as its last fact. */
  Observation observe(ConformanceTarget target) {
    Observation seen = new Observation();
    try {
      body.run(target, seen, namespace());
    } catch (Exception | AssertionError e) {
      seen.put("probe-failed", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return seen;
  }
}
