package io.cutover.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Counting a kube-apiserver audit log as the sandbox's RequestCounter counts: verb and resource, the given users only. */
class AuditCountsTest {
  static final String OPERATOR = "system:serviceaccount:cutover-system:cutover";
  static final String MIGRATOR = "system:serviceaccount:cutover-system:cutover-migrator";

  @TempDir
  Path dir;

  /** One audit.k8s.io/v1 Event line as kube-apiserver writes it at level Metadata. */
  static String event(String id, String stage, String user, String verb, String uri, String resource,
      String subresource) {
    String ref = resource == null ? "" : ",\"objectRef\":{\"resource\":\"" + resource + "\",\"namespace\":\"bench-000\""
        + (subresource == null ? "" : ",\"subresource\":\"" + subresource + "\"") + ",\"apiVersion\":\"v1\"}";
    return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"" + id
        + "\",\"stage\":\"" + stage + "\",\"requestURI\":\"" + uri + "\",\"verb\":\"" + verb + "\",\"user\":{\"username\":\""
        + user + "\",\"groups\":[\"system:serviceaccounts\"]},\"userAgent\":\"x\"" + ref
        + ",\"responseStatus\":{\"metadata\":{},\"code\":200}}\n";
  }

  @Test
  void countsEachRequestOnceByVerbAndResourceForTheGivenUsersOnly() throws Exception {
    Path log = Files.writeString(dir.resolve("audit.log"),
        event("1", "ResponseComplete", MIGRATOR, "create", "/api/v1/namespaces/bench-000/serviceaccounts/app/token",
            "serviceaccounts", "token")
        + event("2", "ResponseComplete", MIGRATOR, "get", "/api/v1/namespaces/bench-000/serviceaccounts/app",
            "serviceaccounts", null)
        // a watch: started, and complete when it ends — one request
        + event("3", "ResponseStarted", OPERATOR, "watch", "/apis/cutover.io/v1alpha1/serviceaccountmigrations?watch=true",
            "serviceaccountmigrations", null)
        + event("3", "ResponseComplete", OPERATOR, "watch", "/apis/cutover.io/v1alpha1/serviceaccountmigrations?watch=true",
            "serviceaccountmigrations", null)
        + event("4", "ResponseComplete", OPERATOR, "get", "/.well-known/openid-configuration?x=1", null, null)
        // the benchmark's administrator and the controller manager: not counted
        + event("5", "ResponseComplete", "cutover-admin", "create", "/api/v1/namespaces/bench-000/serviceaccounts",
            "serviceaccounts", null)
        + event("6", "ResponseComplete", "system:kube-controller-manager", "update", "/api/v1/x", "secrets", null)
        + event("7", "ResponseComplete", MIGRATOR, "get", "/api/v1/namespaces/bench-000/serviceaccounts/app",
            "serviceaccounts", null));

    assertThat(AuditCounts.count(log, 0, Set.of(OPERATOR, MIGRATOR))).isEqualTo(Map.of(
        "create serviceaccounts/token", 1L,
        "get serviceaccounts", 2L,
        "watch serviceaccountmigrations", 1L,
        "get /.well-known/openid-configuration", 1L));
    assertThat(AuditCounts.count(log, 0, Set.of("cutover-admin"))).isEqualTo(Map.of("create serviceaccounts", 1L));
  }

  @Test
  void countsOnlyWhatWasWrittenAfterTheOffsetSkippingALineItCuts() throws Exception {
    String first = event("1", "ResponseComplete", MIGRATOR, "delete", "/api/v1/x", "secrets", null);
    Path log = Files.writeString(dir.resolve("audit.log"), first);
    long offset = AuditCounts.offset(log);
    Files.writeString(log, first + event("2", "ResponseComplete", MIGRATOR, "list", "/api/v1/x", "pods", null));

    assertThat(AuditCounts.count(log, offset, Set.of(MIGRATOR))).isEqualTo(Map.of("list pods", 1L));
    assertThat(AuditCounts.count(log, offset - 5, Set.of(MIGRATOR))).as("from within the first line")
        .isEqualTo(Map.of("list pods", 1L));
    assertThat(AuditCounts.count(log, 0, Set.of(MIGRATOR))).hasSize(2);
    assertThat(AuditCounts.offset(dir.resolve("none.log"))).isZero();
  }
}
