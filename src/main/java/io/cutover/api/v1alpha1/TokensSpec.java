package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Bound tokens issued on the target through the TokenRequest API. */
public class TokensSpec {
  public static final long DEFAULT_EXPIRATION_SECONDS = 3600;

  @Size(max = ApiRules.AUDIENCES_MAX_ITEMS)
  @ValidationRule(value = ApiRules.AUDIENCES_UNIQUE_CEL, message = "audiences must be unique")
  @JsonPropertyDescription("Audiences bound into tokens issued on the target (at most 16, unique, each 1 to 256 printable ASCII characters without spaces). Empty: the target API server's own audiences.")
  private List<@Pattern(ApiRules.AUDIENCE) @Size(min = 1, max = ApiRules.AUDIENCE_MAX_LENGTH) String> audiences = new ArrayList<>();

  @Min(ApiRules.EXPIRATION_MIN_SECONDS)
  @Max(ApiRules.EXPIRATION_MAX_SECONDS)
  @Default("3600")
  @JsonPropertyDescription("Requested lifetime of issued tokens in seconds; at least 600, as the TokenRequest API requires, and at most 172800 (48 h). The API server may shorten it.")
  private Long expirationSeconds = DEFAULT_EXPIRATION_SECONDS;

  @Pattern(ApiRules.DNS1123_SUBDOMAIN)
  @Size(min = 1, max = ApiRules.DNS1123_SUBDOMAIN_MAX)
  @JsonPropertyDescription("Optional: deliver a bound token into this Secret in the target namespace (key 'token'), renewed at 80% of its lifetime. The token is bound to the Secret: deleting the Secret revokes it.")
  private String secretName;

  public List<String> getAudiences() { return audiences; }
  public void setAudiences(List<String> audiences) { this.audiences = audiences; }
  public Long getExpirationSeconds() { return expirationSeconds; }
  public void setExpirationSeconds(Long expirationSeconds) { this.expirationSeconds = expirationSeconds; }
  public String getSecretName() { return secretName; }
  public void setSecretName(String secretName) { this.secretName = secretName; }
}
