package io.cutover.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service Account Issuer Discovery: {@code GET /.well-known/openid-configuration} and {@code GET /openid/v1/jwks},
 * as kube-apiserver publishes them for its issuer.
 */
final class OidcDiscovery {

  static final String CONFIGURATION = "/.well-known/openid-configuration";
  static final String JWKS = "/openid/v1/jwks";

  private final String configuration;
  private final String jwks;

  OidcDiscovery(String issuer, ServiceAccountKeys keys) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer);
    document.put("jwks_uri", issuer + JWKS);
    document.put("response_types_supported", List.of("id_token"));
    document.put("subject_types_supported", List.of("public"));
    document.put("id_token_signing_alg_values_supported", List.of("RS256"));
    this.configuration = Store.write(document);
    this.jwks = Store.write(keys.jwks());
  }

  Optional<String> respond(String path) {
    return switch (path) {
      case CONFIGURATION -> Optional.of(configuration);
      case JWKS -> Optional.of(jwks);
      default -> Optional.empty();
    };
  }
}
