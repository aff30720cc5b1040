package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The token delivered into spec.tokens.secretName: when it was issued, expires and is renewed. Never its value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TokenStatus {
  @JsonPropertyDescription("The target Secret the token is bound to and delivered in.")
  private String secretName;
  @JsonPropertyDescription("When the current token was issued.")
  private String issuedAt;
  @JsonPropertyDescription("When it expires (status.expirationTimestamp of the TokenRequest).")
  private String expiresAt;
  @JsonPropertyDescription("When it will be renewed (80% of its real lifetime).")
  private String renewAt;
  @JsonPropertyDescription("How many times it was renewed.")
  private Integer renewals;

  public String getSecretName() { return secretName; }
  public void setSecretName(String secretName) { this.secretName = secretName; }
  public String getIssuedAt() { return issuedAt; }
  public void setIssuedAt(String issuedAt) { this.issuedAt = issuedAt; }
  public String getExpiresAt() { return expiresAt; }
  public void setExpiresAt(String expiresAt) { this.expiresAt = expiresAt; }
  public String getRenewAt() { return renewAt; }
  public void setRenewAt(String renewAt) { this.renewAt = renewAt; }
  public Integer getRenewals() { return renewals; }
  public void setRenewals(Integer renewals) { this.renewals = renewals; }
}
