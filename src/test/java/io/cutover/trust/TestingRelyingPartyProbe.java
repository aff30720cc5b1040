package io.cutover.trust;

import io.cutover.cluster.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RelyingPartyProbe} for tests: answers per URL as told (by default it rejects, as an unreachable party
 * would), and records every probe with the token it was sent, so a test can ask the cluster about that token.
 */
public final class TestingRelyingPartyProbe implements RelyingPartyProbe {
  /** One probe: where it went and the token it carried. */
  public record Probe(String url, Token token) {}

  private final Map<String, Boolean> accepts = new HashMap<>();
  private final List<Probe> probes = new ArrayList<>();

  /** The party at {@code url} accepts (true) or rejects (false) every token from now on. */
  public TestingRelyingPartyProbe answer(String url, boolean accepted) {
    accepts.put(url, accepted);
    return this;
  }

  public List<Probe> probes() {
    return List.copyOf(probes);
  }

  @Override
  public Result probe(String url, Token token) {
    probes.add(new Probe(url, token));
    Boolean accepted = accepts.get(url);
    if (accepted == null) {
      return new Result(false, "probe unreachable (testing)");
    }
    return accepted ? new Result(true, "probe accepted the target token (testing)")
        : new Result(false, "probe rejected the target token (testing)");
  }
}
