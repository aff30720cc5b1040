package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A part of the resource that {@link TolerantReader} reads: it remembers the fields the stored JSON held that the
 * operator could not read (read as null). Never serialized, so never written back or shown.
 */
public abstract class TolerantlyRead {
  @JsonIgnore
  private List<TolerantReader.Unreadable> unreadable = List.of();

  @JsonIgnore
  public List<TolerantReader.Unreadable> getUnreadable() { return unreadable; }

  @JsonIgnore
  public void setUnreadable(List<TolerantReader.Unreadable> unreadable) {
    this.unreadable = unreadable == null ? List.of() : unreadable;
  }
}
