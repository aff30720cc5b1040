package io.cutover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Requests counted at a real kube-apiserver, from its audit log (one JSON {@code audit.k8s.io/v1} Event per line,
 * {@code RealCluster.start(..., audit = true)}): each request once (by its {@code auditID}: a watch has a
 * ResponseStarted and, once it ends, a ResponseComplete event), by the API server's own verb and resource — the
 * plural with its subresource ({@code serviceaccounts/token}), or for a non-resource request its path with the
 * lowercased method — which are the keys {@code RequestCounter} gives the sandbox's requests. Only requests
 * authenticated as one of the given usernames are counted; everyone else's (the benchmark's administrator, the
 * controller manager) are left out.
 */
final class AuditCounts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditCounts() {}

  /** The size of {@code log} now (0 if it does not exist yet): where a later count starts. */
  static long offset(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code "verb resource"} to count, of the requests in {@code log} from byte {@code from} on (a line cut by it is
   * skipped) made by one of {@code usernames}.
   */
  static Map<String, Long> count(Path log, long from, Set<String> usernames) {
    Map<String, Long> counts = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      boolean cut = false;
      if (from > 0) {
        file.seek(from - 1);
        cut = file.read() != '\n';
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(file.getChannel()),
          StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (cut) {
          cut = false;
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = JSON.readTree(line);
        if (!usernames.contains(event.path("user").path("username").asText())
            || !seen.add(event.path("auditID").asText())) {
          continue;
        }
        key(event).ifPresent(k -> counts.merge(k, 1L, Long::sum));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + log, e);
    }
    return counts;
  }

  /** {@code "verb resource"} of one audit event; empty for an event of no request stage this counts. */
  static Optional<String> key(JsonNode event) {
    String stage = event.path("stage").asText();
    if (!stage.equals("ResponseStarted") && !stage.equals("ResponseComplete") && !stage.equals("Panic")) {
      return Optional.empty();
    }
    String verb = event.path("verb").asText();
    JsonNode ref = event.path("objectRef");
    String resource = ref.path("resource").asText("");
    if (resource.isEmpty()) {
      String uri = event.path("requestURI").asText("/");
      int q = uri.indexOf('?');
      return Optional.of(verb + " " + (q < 0 ? uri : uri.substring(0, q)));
    }
    String subresource = ref.path("subresource").asText("");
    return Optional.of(verb + " " + (subresource.isEmpty() ? resource : resource + "/" + subresource));
  }
}
