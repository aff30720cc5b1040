package io.cutover.metrics;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A fabric8 client interceptor that counts every API request by cluster role (control, source, target), verb and
 * response code ({@code <error>} when no response came, as client-go's rest_client_requests_total does). It reads
 * only the method, the path and the status code: never a header or a body.
 */
public final class ApiRequestCounter implements Interceptor {
  public static final String NAME = "cutover-api-request-counter";
  public static final String CONTROL = "control";
  public static final String SOURCE = "source";
  public static final String TARGET = "target";
  static final String NO_RESPONSE = "<error>";

  private final CutoverMetrics metrics;
  private final String clusterRole;

  public ApiRequestCounter(CutoverMetrics metrics, String clusterRole) {
    this.metrics = metrics;
    this.clusterRole = clusterRole;
  }

  @Override
  public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    metrics.apiRequest(clusterRole, RequestVerb.of(request.method(), request.uri()), Integer.toString(response.code()));
  }

  @Override
  public void afterConnectionFailure(HttpRequest request, Throwable failure) {
    metrics.apiRequest(clusterRole, RequestVerb.of(request.method(), request.uri()), NO_RESPONSE);
  }
}
