package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A key of a Secret in the migration's own namespace. A Secret in another namespace cannot be named. */
public class SecretKeyRef {
  public static final String DEFAULT_KEY = "kubeconfig";

  @Required
  @Pattern(ApiRules.DNS1123_SUBDOMAIN)
  @Size(min = 1, max = ApiRules.DNS1123_SUBDOMAIN_MAX)
  @JsonPropertyDescription("Name of the Secret. There is no namespace field: the Secret is always the migration's own namespace's.")
  private String name;

  @Default(DEFAULT_KEY)
  @Pattern(ApiRules.DATA_KEY)
  @Size(min = 1, max = ApiRules.DATA_KEY_MAX)
  @ValidationRule(value = ApiRules.DATA_KEY_CEL, message = "key must not be '.' or start with '..'")
  @JsonPropertyDescription("Key in the Secret's data. Defaults to 'kubeconfig'.")
  private String key = DEFAULT_KEY;

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
}
