package io.cutover.cluster;

import java.time.Clock;
import java.time.Instant;

/** A clock tests move by hand. */
public final class MutableClock extends Clock {
  private Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  public void set(Instant instant) {
    this.now = instant;
  }

  public void advance(java.time.Duration d) {
    this.now = now.plus(d);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public java.time.ZoneId getZone() {
    return java.time.ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(java.time.ZoneId zone) {
    return this;
  }
}
