package io.cutover.sandbox.discovery;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;
import java.util.Optional;

/** The legacy API discovery documents of kube-apiserver. */
public final class ApiDiscovery {

  private final String gitVersion;

  public ApiDiscovery(String gitVersion) {
    this.gitVersion = gitVersion;
  }

  /** JSON body for GET path (no query string) or empty when the path is not a discovery path. */
  public Optional<String> respond(String path, List<CustomResourceDefinition> crds) {
    return Optional.empty();
  }
}
