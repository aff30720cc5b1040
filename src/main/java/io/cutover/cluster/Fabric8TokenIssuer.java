package io.cutover.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.time.Instant;

/** {@link TokenIssuer} on a fabric8 client: the TokenRequest subresource and one update of the delivery Secret. */
final class Fabric8TokenIssuer extends Fabric8Part implements TokenIssuer {

  Fabric8TokenIssuer(Fabric8Session session) {
    super(session);
  }

  @Override
  public IssuedToken requestToken(TokenRequestSpec request) {
    TokenRequestBuilder body = new TokenRequestBuilder()
        .withNewSpec()
        .withAudiences(request.audiences())
        .withExpirationSeconds(request.expirationSeconds())
        .endSpec();
    if (request.boundSecretName() != null) {
      body.editSpec().withNewBoundObjectRef()
          .withApiVersion("v1").withKind("Secret").withName(request.boundSecretName()).withUid(request.boundSecretUid())
          .endBoundObjectRef().endSpec();
    }
    TokenRequest answer = session.call("create serviceaccounts/token", () -> client.serviceAccounts()
        .inNamespace(request.namespace()).withName(request.serviceAccount()).tokenRequest(body.build()));
    if (answer == null || answer.getStatus() == null || answer.getStatus().getToken() == null) {
      throw new ClusterAccessException("TokenRequestFailed", session.clusterName + " cluster returned no token", true);
    }
    return new IssuedToken(Token.of(answer.getStatus().getToken()),
        Instant.parse(answer.getStatus().getExpirationTimestamp()));
  }

  @Override
  public void writeToken(String namespace, String secretName, IssuedToken token, Instant issuedAt) {
    session.call("update secret", () -> {
      Secret s = client.secrets().inNamespace(namespace).withName(secretName).get();
      if (s == null) {
        throw new ClusterAccessException("ApiError", session.clusterName + " cluster has no Secret " + namespace + "/"
            + secretName, true);
      }
      TokenSecrets.put(s, token, issuedAt);
      return client.resource(s).update();
    });
  }
}
