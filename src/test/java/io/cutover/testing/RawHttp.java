package io.cutover.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A request sent exactly as written through a client's own HTTP client (its URL, TLS trust and credentials), so a
 * body reaches the API server — real or sandbox — as a test wrote it, not as a typed model would re-serialize it.
 */
public final class RawHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the server answered: code, body, {@code Warning} headers, and what tests read of a body. */
  public record Answer(int code, String body, List<String> warnings) {
    /** The body as JSON; a missing node when it is empty or not JSON. */
    public JsonNode json() {
      try {
        return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
      } catch (IOException e) {
        return MissingNode.getInstance();
      }
    }

    /** A Status answer's message, or the body when it has none. */
    public String message() {
      return json().path("message").asText(body);
    }

    /** A Status answer's reason ({@code <none>} when the body is not a Status). */
    public String reason() {
      JsonNode json = json();
      return "Status".equals(json.path("kind").asText()) ? json.path("reason").asText("<none>") : "<none>";
    }

    /** The fields a refusal's {@code details.causes} name, in order, comma-separated. */
    public String causeFields() {
      StringBuilder out = new StringBuilder();
      for (JsonNode cause : json().path("details").path("causes")) {
        out.append(out.isEmpty() ? "" : ",").append(cause.path("field").asText());
      }
      return out.toString();
    }
  }

  private RawHttp() {
  }

  /**
   * Sends {@code body} (none for GET; {@code contentType} for the others) to {@code path} with
   * {@code Accept: application/json}; waits up to 60 s (a watch with {@code timeoutSeconds} returns when it ends).
   */
  public static Answer send(KubernetesClient client, String method, String path, JsonNode body, String contentType) {
    return send(client, method, path, body, contentType, java.util.Map.of());
  }

  /** The same with extra request headers ({@code Impersonate-User}, say). */
  public static Answer send(KubernetesClient client, String method, String path, JsonNode body, String contentType,
      java.util.Map<String, String> headers) {
    HttpRequest.Builder request = client.getHttpClient().newHttpRequestBuilder()
        .uri(client.getMasterUrl().toString().replaceAll("/$", "") + path).header("Accept", "application/json");
    headers.forEach(request::header);
    String text = body == null ? null : body.toString();
    switch (method) {
      case "GET" -> { }
      case "POST" -> request.post(contentType, text);
      case "PUT" -> request.put(contentType, text);
      case "PATCH" -> request.patch(contentType, text);
      case "DELETE" -> request.delete(contentType, text == null ? "{}" : text);
      default -> throw new IllegalArgumentException(method);
    }
    try {
      HttpResponse<String> response = client.getHttpClient().sendAsync(request.build(), String.class)
          .get(60, TimeUnit.SECONDS);
      List<String> warnings = response.headers("Warning");
      return new Answer(response.code(), response.body(), warnings == null ? List.of() : warnings);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(method + " " + path.replaceAll("\\?.*", ""), e);
    }
  }
}
