package io.cutover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verbs as kube-apiserver's request info names them (k8s.io/apiserver/pkg/endpoints/request). */
class RequestVerbTest {
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "GET,    /api/v1/namespaces/a/secrets/s,                                     get",
      "GET,    /api/v1/namespaces/a/secrets,                                       list",
      "GET,    /api/v1/namespaces/a/secrets?watch=true&resourceVersion=5,          watch",
      "GET,    /api/v1/namespaces/a/secrets?labelSelector=x,                       list",
      "GET,    /api/v1/namespaces,                                                 list",
      "GET,    /api/v1/namespaces/a,                                               get",
      "GET,    /api/v1/nodes/n1,                                                   get",
      "GET,    /apis/rbac.authorization.k8s.io/v1/clusterrolebindings,             list",
      "GET,    /apis/cutover.io/v1alpha1/namespaces/s/serviceaccountmigrations?watch=1, watch",
      "POST,   /api/v1/namespaces/a/serviceaccounts/sa/token,                      create",
      "POST,   /apis/authentication.k8s.io/v1/tokenreviews,                        create",
      "PUT,    /apis/cutover.io/v1alpha1/namespaces/s/serviceaccountmigrations/m/status, update",
      "PATCH,  /apis/rbac.authorization.k8s.io/v1/namespaces/a/rolebindings/rb,    patch",
      "DELETE, /api/v1/namespaces/a/secrets/s,                                     delete",
      "DELETE, /api/v1/namespaces/a/secrets,                                       deletecollection",
      "DELETE, /api/v1/namespaces/a,                                               delete",
      "GET,    /version,                                                           get",
      "GET,    /apis,                                                              get",
      "GET,    /api/v1,                                                            get",
      "GET,    /apis/coordination.k8s.io/v1,                                       get",
  })
  void verbOfARequest(String method, String uri, String verb) {
    assertThat(RequestVerb.of(method, URI.create("https://kube.example:6443" + uri))).isEqualTo(verb);
  }
}
