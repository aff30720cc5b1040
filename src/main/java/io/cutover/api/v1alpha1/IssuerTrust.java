package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A remote cluster whose API server trusts the control cluster's service-account issuer (structured authentication
 * configuration, a JWT authenticator): the operator reaches it with a short-lived token of its own ServiceAccount,
 * minted on the control cluster, and no Secret holds a credential for it. The token's audience is derived from
 * {@code server} ({@code cutover.io/HOST:PORT}), so a token minted for one server is no use at another.
 */
public class IssuerTrust {
  @Required
  @Pattern(ApiRules.ISSUER_TRUST_SERVER)
  @Size(min = 1, max = ApiRules.ISSUER_TRUST_SERVER_MAX_LENGTH)
  @ValidationRule(value = ApiRules.ISSUER_TRUST_SERVER_CEL, message = "server must be an https URL with a host")
  @JsonPropertyDescription("The remote API server, https://HOST[:PORT] (no path, query or user). It must be one the"
      + " operator is configured to reach this way (the chart's issuerTrust.servers). The operator's tokens for it"
      + " carry the audience cutover.io/HOST:PORT (port 443 when omitted).")
  private String server;

  @Size(max = ApiRules.CA_BUNDLE_MAX_LENGTH)
  @JsonPropertyDescription("PEM certificates that verify the server's serving certificate. Omitted: the system's"
      + " trusted roots.")
  private String caBundle;

  public IssuerTrust() {}

  public IssuerTrust(String server, String caBundle) {
    this.server = server;
    this.caBundle = caBundle;
  }

  public String getServer() { return server; }
  public void setServer(String server) { this.server = server; }
  public String getCaBundle() { return caBundle; }
  public void setCaBundle(String caBundle) { this.caBundle = caBundle; }
}
