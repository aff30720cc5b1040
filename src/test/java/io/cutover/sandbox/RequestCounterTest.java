package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kube-apiserver's request verbs and resources (its RequestInfo), as the counter classifies them. */
class RequestCounterTest {
  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @CsvSource({
      "GET, /api/v1/namespaces/ns/secrets/s, get, secrets",
      "GET, /api/v1/namespaces/ns/secrets, list, secrets",
      "GET, /api/v1/secrets?labelSelector=a%3Db, list, secrets",
      "GET, /api/v1/namespaces/ns/pods?fieldSelector=spec.serviceAccountName%3Dx, list, pods",
      "GET, /apis/rbac.authorization.k8s.io/v1/roles?watch=true&resourceVersion=5, watch, roles",
      "GET, /apis/rbac.authorization.k8s.io/v1/clusterroles?watch=1, watch, clusterroles",
      "GET, /apis/rbac.authorization.k8s.io/v1/clusterroles?watch=false, list, clusterroles",
      "GET, /api/v1/namespaces/payments, get, namespaces",
      "GET, /api/v1/namespaces, list, namespaces",
      "POST, /api/v1/namespaces/ns/serviceaccounts/sa/token, create, serviceaccounts/token",
      "POST, /apis/authorization.k8s.io/v1/subjectaccessreviews, create, subjectaccessreviews",
      "PUT, /apis/cutover.io/v1alpha1/namespaces/cs/serviceaccountmigrations/m/status, update, serviceaccountmigrations/status",
      "PATCH, /apis/cutover.io/v1alpha1/namespaces/cs/serviceaccountmigrations/m, patch, serviceaccountmigrations",
      "DELETE, /api/v1/namespaces/ns/secrets/s, delete, secrets",
      "DELETE, /api/v1/namespaces/ns/secrets, deletecollection, secrets",
      "GET, /.well-known/openid-configuration, get, /.well-known/openid-configuration",
      "GET, /apis/rbac.authorization.k8s.io/v1, get, /apis/rbac.authorization.k8s.io/v1",
  })
  void classifiesAsKubeApiserverDoes(String method, String path, String verb, String resource) {
    RequestCounter.Key key = RequestCounter.classify("agent", method, path);
    assertThat(key.verb()).isEqualTo(verb);
    assertThat(key.resource()).isEqualTo(resource);
    assertThat(key.userAgent()).isEqualTo("agent");
  }
}
