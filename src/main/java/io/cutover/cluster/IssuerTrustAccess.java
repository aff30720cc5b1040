package io.cutover.cluster;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the operator needs to reach remotes that trust the control cluster's service-account issuer: its own
 * ServiceAccount on the control cluster (whose tokens it mints, for itself only) and the servers an administrator
 * allows it to reach this way ({@code --issuer-trust-server}, the chart's {@code issuerTrust.servers}). A migration
 * naming any other server is refused before anything is sent to it: the spec does not choose where the operator's
 * tokens go. Servers are kept as {@link IssuerTrustServer#url()}.
 */
public record IssuerTrustAccess(String namespace, String serviceAccount, Set<String> servers) {
  public IssuerTrustAccess {
    servers = Set.copyOf(servers);
  }

  /** No remote is reached by issuer trust (the default). */
  public static IssuerTrustAccess none() {
    return new IssuerTrustAccess(null, null, Set.of());
  }

  /**
   * From the operator's options: {@code self} as NAMESPACE/NAME (null: not configured) and the allowed servers.
   * Throws IllegalArgumentException naming the bad value.
   */
  public static IssuerTrustAccess of(String self, List<String> servers) {
    if (servers == null || servers.isEmpty()) {
      if (self != null) {
        throw new IllegalArgumentException("--issuer-trust-identity needs at least one --issuer-trust-server");
      }
      return none();
    }
    if (self == null || !self.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw new IllegalArgumentException("--issuer-trust-server needs --issuer-trust-identity NAMESPACE/NAME, the"
          + " operator's own ServiceAccount");
    }
    Set<String> urls = new LinkedHashSet<>();
    for (String s : servers) {
      urls.add(IssuerTrustServer.parse(s).orElseThrow(() -> new IllegalArgumentException(
          "--issuer-trust-server " + s + " is not https://HOST[:PORT]")).url());
    }
    String[] parts = self.split("/", 2);
    return new IssuerTrustAccess(parts[0], parts[1], urls);
  }

  boolean configured() {
    return namespace != null && serviceAccount != null && !servers.isEmpty();
  }
}
