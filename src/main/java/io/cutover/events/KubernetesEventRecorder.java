package io.cutover.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * core/v1 Events, as client-go's recorder writes them: named {@code <object>.<hex>}, in the object's namespace,
 * with source component {@value #COMPONENT}. A repeat of the same type, reason and message on the same object
 * raises the count and lastTimestamp of the existing Event instead of adding one (client-go's aggregation), so a
 * retried failure does not flood the namespace.
 */
public final class KubernetesEventRecorder implements EventRecorder {
  public static final String COMPONENT = "cutover-operator";
  /** core/v1 Event messages are limited to 1 kB by the events.k8s.io API; kube truncates likewise. */
  static final int MAX_MESSAGE = 1024;
  /** A compact JWS (header.payload[.signature]): defence in depth, status messages never hold one. */
  static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.eyJ[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*)?");
  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final int REMEMBERED = 512;

  private final KubernetesClient client;
  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, String> recent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED;
    }
  };

  public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** The message as recorded: token-shaped strings redacted, at most 1 kB. */
  public static String clean(String message) {
    String m = message == null ? "" : JWT.matcher(message).replaceAll("[redacted]");
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE - 3) + "...";
  }

  @Override
  public void record(HasMetadata involved, Type type, String reason, String message) {
    String ns = involved.getMetadata().getNamespace();
    String text = clean(message);
    String key = involved.getMetadata().getUid() + "\u0000" + type + "\u0000" + reason + "\u0000" + text;
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      String existing;
      synchronized (recent) {
        existing = recent.get(key);
      }
      if (existing != null) {
        Event bumped = client.v1().events().inNamespace(ns).withName(existing).edit(e -> new EventBuilder(e)
            .withCount(e.getCount() == null ? 2 : e.getCount() + 1).withLastTimestamp(now).build());
        if (bumped != null) {
          return;
        }
      }
    } catch (RuntimeException e) {
      // gone (events expire after an hour) or changed meanwhile: record a new one
    }
    String name = involved.getMetadata().getName() + "."
        + Long.toHexString(clock.millis() * 1_000_000L + sequence.incrementAndGet() % 1_000_000L);
    Event event = new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(involved.getApiVersion())
            .withKind(involved.getKind()).withNamespace(ns).withName(involved.getMetadata().getName())
            .withUid(involved.getMetadata().getUid()).withResourceVersion(involved.getMetadata().getResourceVersion())
            .build())
        .withType(type.name()).withReason(reason).withMessage(text)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent("cutover.io/operator").withReportingInstance(COMPONENT)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .build();
    try {
      client.v1().events().inNamespace(ns).resource(event).create();
      synchronized (recent) {
        recent.put(key, name);
      }
    } catch (KubernetesClientException e) {
      // Events are best effort (kube's recorder drops them too); the status holds the record.
      log.warn("could not record event {} on {}: HTTP {}", reason, involved.getMetadata().getName(), e.getCode());
    } catch (RuntimeException e) {
      log.warn("could not record event {} on {}: {}", reason, involved.getMetadata().getName(), e.getClass().getName());
    }
  }
}
