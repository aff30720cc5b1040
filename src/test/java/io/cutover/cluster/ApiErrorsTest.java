package io.cutover.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {
  @Test
  void ioFailureIsRetryableClusterUnreachable() {
    var e = ApiErrors.translate("target", "get serviceaccount",
        new KubernetesClientException("boom Bearer eyJsecret", new ConnectException("refused")));
    assertThat(e.reason()).isEqualTo("ClusterUnreachable");
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("target").contains("get serviceaccount").doesNotContain("eyJ").doesNotContain("Bearer");
  }

  @Test
  void aRequestThatGotNoAnswerInTimeIsRetryableClusterUnreachable() {
    // What fabric8 throws when a request outlives its timeout: no status, code -1, a TimeoutException as the cause.
    var timeout = new KubernetesClientException("timed out", new java.util.concurrent.TimeoutException());
    assertThat(timeout.getCode()).isLessThanOrEqualTo(0);

    var e = ApiErrors.translate("source", "get serviceaccount", timeout);

    assertThat(e.reason()).isEqualTo("ClusterUnreachable");
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).doesNotContain("-1");
  }

  @Test
  void forbiddenIsNotRetryableAndKeepsOnlyCodeAndReason() {
    var status = new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("User x cannot ... token eyJabc").build();
    var e = ApiErrors.translate("source", "list secrets", new KubernetesClientException(status));
    assertThat(e.reason()).isEqualTo("Forbidden");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).isEqualTo("source cluster answered 403 Forbidden to list secrets");
  }

  @Test
  void serverErrorsAndThrottlingAreRetryable() {
    assertThat(ApiErrors.translate("c", "op", new KubernetesClientException(new StatusBuilder().withCode(503).build())).retryable()).isTrue();
    assertThat(ApiErrors.translate("c", "op", new KubernetesClientException(new StatusBuilder().withCode(429).build())).retryable()).isTrue();
  }
}
