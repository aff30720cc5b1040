package io.cutover.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** An ordered record of calls, shareable between the source and the target fake. */
public final class Journal {
  static final Set<String> WRITES = Set.of("requestToken", "createIfAbsent", "writeToken", "delete",
      "removeServiceAccountSubject", "annotateServiceAccount");

  /** One call: a global sequence number, the cluster, the operation and its arguments, and how it ended. */
  public record Call(long seq, String cluster, String operation, List<String> args, String outcome) {
    public boolean failed() {
      return outcome.startsWith("failed");
    }

    public boolean isWrite() {
      return WRITES.contains(operation);
    }

    public String arg(int i) {
      return i < args.size() ? args.get(i) : null;
    }

    @Override
    public String toString() {
      return seq + " " + cluster + " " + operation + args + " -> " + outcome;
    }
  }

  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong seq = new AtomicLong();

  Call add(String cluster, String operation, List<String> args, String outcome) {
    Call c = new Call(seq.incrementAndGet(), cluster, operation, List.copyOf(args), outcome);
    calls.add(c);
    return c;
  }

  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  public void clear() {
    calls.clear();
  }
}
