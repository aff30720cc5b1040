package io.cutover.cluster;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP tracing without secrets, in place of fabric8's own: at TRACE fabric8 logs every header (the bearer token of
 * a kubeconfig) and every body (TokenRequest answers, TokenReview requests, kubeconfig Secrets). This logs only the
 * method, the URL and the status code, on logger {@code io.cutover.cluster.http}. Every client Cutover builds uses it,
 * so raising any logger to TRACE reveals no credential.
 */
public final class HttpTrace implements Interceptor {
  /** fabric8's name for its logging interceptor, which this one replaces. */
  static final String FABRIC8_LOGGING = "HttpLogging";
  private static final Logger LOG = LoggerFactory.getLogger("io.cutover.cluster.http");

  private HttpTrace() {}

  /**
   * A client builder tracing through this class: what the operator command and the kubectl plugin's commands build
   * their control-cluster clients from (a consumer set later on the builder replaces this one: install it there too).
   */
  public static KubernetesClientBuilder clientBuilder() {
    return new KubernetesClientBuilder().withHttpClientBuilderConsumer(HttpTrace::install);
  }

  /** Replaces fabric8's logging interceptor in a client builder: {@code withHttpClientBuilderConsumer(HttpTrace::install)}. */
  public static void install(HttpClient.Builder builder) {
    builder.addOrReplaceInterceptor(FABRIC8_LOGGING, new HttpTrace());
  }

  @Override
  public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} {} -> {}", request.method(), request.uri(), response.code());
    }
  }

  @Override
  public void afterConnectionFailure(HttpRequest request, Throwable failure) {
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} {} -> {}", request.method(), request.uri(), failure.getClass().getSimpleName());
    }
  }
}
