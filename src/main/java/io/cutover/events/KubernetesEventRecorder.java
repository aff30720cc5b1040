package io.cutover.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * events.k8s.io/v1 Events, as client-go's events recorder ({@code k8s.io/client-go/tools/events}) writes them: named
 * {@code <object>.<hex>} in the object's namespace, {@code regarding} the object, {@code reportingController}
 * {@value #CONTROLLER}, {@code reportingInstance} this replica (the pod's name), a stable {@code action} and
 * CamelCase {@code reason}, the message as {@code note}, {@code eventTime} in microseconds. A repeat of the same
 * type, action, reason and note on the same object becomes a series on the existing Event ({@code series.count},
 * {@code series.lastObservedTime}, a merge patch) instead of a new one, so a retried failure does not flood the
 * namespace; client-go sends series updates every 30 minutes, this recorder at once (its events are few). The
 * deprecated core fields stay unset (kube-apiserver refuses an events.k8s.io create that sets them). kube-apiserver
 * stores both APIs in one resource: core/v1 reads see these Events with {@code involvedObject}, and {@code kubectl
 * describe}'s FROM shows reportingController and reportingInstance.
 */
public final class KubernetesEventRecorder implements EventRecorder {
  /** The default reportingInstance, when the operator does not run in a pod. */
  public static final String COMPONENT = "cutover-operator";
  /** events.k8s.io reportingController: the controller's name, a qualified name as kube's own are. */
  public static final String CONTROLLER = "cutover.io/operator";
  /** Event notes are limited to 1 kB by the events.k8s.io API; kube truncates likewise. */
  static final int MAX_MESSAGE = 1024;
  /** A compact JWS (header.payload[.signature]): defence in depth, status messages never hold one. */
  static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*)?");
  private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(java.time.ZoneOffset.UTC);
  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final int REMEMBERED = 512;

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final AtomicLong sequence = new AtomicLong();
  /** Event name and series count of each recent (object, type, action, reason, note). */
  private final Map<String, Seen> recent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
      return size() > REMEMBERED;
    }
  };

  private record Seen(String name, int count) {}

  /** reportingInstance: the HOSTNAME environment variable (a pod's name), else {@value #COMPONENT}. */
  public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
    this(client, clock, System.getenv("HOSTNAME") == null || System.getenv("HOSTNAME").isBlank() ? COMPONENT
        : System.getenv("HOSTNAME"));
  }

  public KubernetesEventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  /** The message as recorded: token-shaped strings redacted, at most 1 kB. */
  public static String clean(String message) {
    String m = message == null ? "" : JWT.matcher(message).replaceAll("[redacted]");
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE - 3) + "...";
  }

  @Override
  public void record(HasMetadata regarding, Type type, String action, String reason, String message) {
    String ns = regarding.getMetadata().getNamespace();
    String note = clean(message);
    String key = regarding.getMetadata().getUid() + "\u0000" + type + "\u0000" + action + "\u0000" + reason
        + "\u0000" + note;
    String now = MICRO.format(clock.instant().truncatedTo(ChronoUnit.MICROS));
    Seen seen;
    synchronized (recent) {
      seen = recent.get(key);
    }
    if (seen != null) {
      int count = seen.count() + 1;
      try {
        client.events().v1().events().inNamespace(ns).withName(seen.name())
            .patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"series\":{\"count\":" + count + ",\"lastObservedTime\":\"" + now + "\"}}");
        synchronized (recent) {
          recent.put(key, new Seen(seen.name(), count));
        }
        return;
      } catch (RuntimeException e) {
        // gone (events expire after an hour) or refused: record a new one
      }
    }
    String name = regarding.getMetadata().getName() + "."
        + Long.toHexString(clock.millis() * 1_000_000L + sequence.incrementAndGet() % 1_000_000L);
    Event event = new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withRegarding(new ObjectReferenceBuilder().withApiVersion(regarding.getApiVersion())
            .withKind(regarding.getKind()).withNamespace(ns).withName(regarding.getMetadata().getName())
            .withUid(regarding.getMetadata().getUid()).withResourceVersion(regarding.getMetadata().getResourceVersion())
            .build())
        .withType(type.name()).withAction(action).withReason(reason).withNote(note)
        .withEventTime(new MicroTime(now))
        .withReportingController(CONTROLLER).withReportingInstance(instance)
        .build();
    try {
      client.events().v1().events().inNamespace(ns).resource(event).create();
      synchronized (recent) {
        recent.put(key, new Seen(name, 1));
      }
    } catch (KubernetesClientException e) {
      // Events are best effort (kube's recorder drops them too); the status holds the record.
      log.warn("could not record event {} on {}: HTTP {}", reason, regarding.getMetadata().getName(), e.getCode());
    } catch (RuntimeException e) {
      log.warn("could not record event {} on {}: {}", reason, regarding.getMetadata().getName(),
          e.getClass().getName());
    }
  }
}
