package io.cutover.sandbox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases of k8s.io/apiserver/pkg/endpoints/request/requestinfo_test.go (TestGetAPIRequestInfo), and the query ones. */
class RequestInfoResolverTest {

  @ParameterizedTest(name = "{0} {1}?{2}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // method | path | query | verb | namespace | group | resource | subresource | name
      "GET|/api/v1/namespaces|-|list||||namespaces||",
      "GET|/api/v1/namespaces/other|-|get|other|||namespaces||other",
      "GET|/api/v1/namespaces/other/pods|-|list|other|||pods||",
      "GET|/api/v1/namespaces/other/pods/foo|-|get|other|||pods||foo",
      "HEAD|/api/v1/namespaces/other/pods/foo|-|get|other|||pods||foo",
      "GET|/api/v1/pods|-|list||||pods||",
      "GET|/api/v1/namespaces/other/pods/foo|watch=true|get|other|||pods||foo",
      "GET|/api/v1/namespaces/other/pods|watch=true|watch|other|||pods||",
      "GET|/api/v1/namespaces/other/pods|watch=1|watch|other|||pods||",
      "GET|/api/v1/namespaces/other/pods|watch=false|list|other|||pods||",
      "GET|/api/v1/watch/namespaces/other/pods|-|watch|other|||pods||",
      "GET|/api/v1/namespaces/other/pods|fieldSelector=metadata.name=foo|list|other|||pods||foo",
      "GET|/api/v1/namespaces/other/pods|fieldSelector=metadata.name!=foo|list|other|||pods||",
      "POST|/api/v1/namespaces/other/pods|-|create|other|||pods||",
      "PUT|/api/v1/namespaces/other/pods/foo|-|update|other|||pods||foo",
      "PATCH|/api/v1/namespaces/other/pods/foo|-|patch|other|||pods||foo",
      "DELETE|/api/v1/namespaces/other/pods/foo|-|delete|other|||pods||foo",
      "DELETE|/api/v1/namespaces/other/pods|-|deletecollection|other|||pods||",
      "GET|/api/v1/namespaces/other/pods/foo/log|-|get|other|||pods|log|foo",
      "POST|/api/v1/namespaces/other/serviceaccounts/sa/token|-|create|other|||serviceaccounts|token|sa",
      "PUT|/api/v1/namespaces/other/finalize|-|update|other|||namespaces|finalize|other",
      "GET|/api/v1/namespaces/other/status|-|get|other|||namespaces|status|other",
      "GET|/apis/cutover.io/v1alpha1/namespaces/cs/serviceaccountmigrations|-|list|cs|cutover.io||serviceaccountmigrations||",
      "POST|/apis/authorization.k8s.io/v1/selfsubjectaccessreviews|-|create||authorization.k8s.io||selfsubjectaccessreviews||",
      "GET|/apis/rbac.authorization.k8s.io/v1/clusterroles/admin|-|get||rbac.authorization.k8s.io||clusterroles||admin",
  })
  void resourceRequests(String method, String path, String query, String verb, String namespace, String group,
      String unusedVersion, String resource, String subresource, String name) {
    Map<String, String> parameters = new java.util.LinkedHashMap<>();
    if (query != null) {
      int eq = query.indexOf('=');
      parameters.put(query.substring(0, eq), query.substring(eq + 1));
    }
    RequestAttributes a = RequestInfoResolver.resolve(new Caller("u", "", java.util.List.of("g"), Map.of()), method,
        path, parameters);
    assertThat(a.resourceRequest()).isTrue();
    assertThat(a.user()).isEqualTo("u");
    assertThat(a.groups()).containsExactly("g");
    assertThat(a.verb()).isEqualTo(verb);
    assertThat(a.namespace()).isEqualTo(namespace == null ? "" : namespace);
    assertThat(a.apiGroup()).isEqualTo(group == null ? "" : group);
    assertThat(a.resource()).isEqualTo(resource);
    assertThat(a.subresource()).isEqualTo(subresource == null ? "" : subresource);
    assertThat(a.name()).isEqualTo(name == null ? "" : name);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "GET|/|get", "GET|/version|get", "GET|/api|get", "GET|/apis|get", "GET|/apis/rbac.authorization.k8s.io|get",
      "GET|/.well-known/openid-configuration|get", "GET|/openid/v1/jwks|get", "POST|/healthz|post",
      "GET|/api/v1|get", "GET|/apis/rbac.authorization.k8s.io/v1|get"})
  void nonResourceRequests(String method, String path, String verb) {
    RequestAttributes a = RequestInfoResolver.resolve(Caller.anonymous(), method, path, Map.of());
    assertThat(a.resourceRequest()).isFalse();
    assertThat(a.verb()).isEqualTo(verb);
    assertThat(a.path()).isEqualTo(path);
    assertThat(a.user()).isEqualTo("system:anonymous");
    assertThat(a.groups()).containsExactly("system:unauthenticated");
  }
}
