package io.cutover.phase.wave;

/** A source identity of a wave. */
public record WaveIdentity(String namespace, String name) implements Comparable<WaveIdentity> {
  /** {@code namespace/name}, as the wave's spec names identities; null when it does not have that shape. */
  public static WaveIdentity parse(String s) {
    int slash = s == null ? -1 : s.indexOf('/');
    if (slash <= 0 || slash == s.length() - 1) {
      return null;
    }
    return new WaveIdentity(s.substring(0, slash), s.substring(slash + 1));
  }

  @Override
  public int compareTo(WaveIdentity o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
