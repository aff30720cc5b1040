package io.cutover.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.UserRef;
import io.cutover.plan.PlanFixtures;
import io.cutover.sandbox.Sandbox;
import io.cutover.testing.Kubectl;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: what the real kubectl shows of the operator's Events on the sandbox, as on a cluster. The recorder writes
 * events.k8s.io/v1; {@code kubectl describe sam NAME} lists them through core/v1 (its field selector on
 * involvedObject finds them, a series shows as "x2"), and {@code kubectl get events} prints kube-apiserver's event
 * columns, through either API.
 */
class EventsOnTheSandboxTest {
  @TempDir
  static Path dir;
  static Sandbox sandbox;
  static Kubectl kubectl;
  static ServiceAccountMigration sam;
  static final String INSTANCE = "cutover-operator-0";
  /** get -o wide's SOURCE: reportingController and reportingInstance, as kube-apiserver prints them. */
  static final String SOURCE = java.util.regex.Pattern.quote(KubernetesEventRecorder.CONTROLLER + ", " + INSTANCE);
  /** describe's FROM: the reportingController (kubectl describe shows no instance for events.k8s.io Events). */
  static final String FROM = java.util.regex.Pattern.quote(KubernetesEventRecorder.CONTROLLER);

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(dir);
    kubectl = new Kubectl(dir);
    var control = sandbox.control().client();
    ServiceAccountMigration m = PlanFixtures.migration();
    m.setMetadata(new ObjectMetaBuilder().withName("ev").withNamespace(Sandbox.OPERATOR_NAMESPACE).build());
    m.getSpec().setPolicy(Sandbox.PLAYGROUND_POLICY);
    m.getSpec().setRequester(new UserRef(Sandbox.ADMIN_USER, List.of()));
    sam = control.resources(ServiceAccountMigration.class).resource(m).create();
    var recorder = new KubernetesEventRecorder(control, Clock.systemUTC(), INSTANCE);
    recorder.record(sam, EventRecorder.Type.Normal, "Plan", "Planned", "the plan is ready");
    recorder.record(sam, EventRecorder.Type.Warning, "Provision", "ClusterUnreachable", "source unreachable");
    recorder.record(sam, EventRecorder.Type.Warning, "Provision", "ClusterUnreachable", "source unreachable");
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  static Kubectl.Result kubectl(String... args) throws Exception {
    return kubectl.ok(dir.resolve("control.kubeconfig"), args);
  }

  @Test
  void kubectlDescribeOfAMigrationListsItsEvents() throws Exception {
    String out = kubectl("describe", "serviceaccountmigration", "ev", "-n", Sandbox.OPERATOR_NAMESPACE).out();
    String events = out.substring(out.indexOf("\nEvents:") + 1);
    assertThat(events).doesNotContain("<none>");
    assertThat(events.lines().skip(1).findFirst().orElse("")).containsPattern("Type\\s+Reason\\s+Age\\s+From\\s+Message");
    assertThat(events).containsPattern("Normal\\s+Planned\\s+\\S+\\s+" + FROM + "\\s+the plan is ready");
    assertThat(events).containsPattern("Warning\\s+ClusterUnreachable\\s+\\S+ \\(x2 over \\S+\\)\\s+" + FROM
        + "\\s+source unreachable");
  }

  @Test
  void kubectlGetEventsPrintsKubeApiserversEventColumns() throws Exception {
    List<String> lines = kubectl("get", "events", "-n", Sandbox.OPERATOR_NAMESPACE).out().lines().toList();
    assertThat(lines.get(0)).containsPattern("^LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE$");
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .containsPattern("^\\S+\\s+Warning\\s+ClusterUnreachable\\s+serviceaccountmigration/ev\\s+source unreachable$"));

    List<String> wide = kubectl("get", "events", "-n", Sandbox.OPERATOR_NAMESPACE, "-o", "wide").out().lines().toList();
    assertThat(wide.get(0)).containsPattern(
        "^LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+SUBOBJECT\\s+SOURCE\\s+MESSAGE\\s+FIRST SEEN\\s+COUNT\\s+NAME$");
    assertThat(wide).anySatisfy(l -> assertThat(l).containsPattern(
        "Warning\\s+ClusterUnreachable\\s+serviceaccountmigration/ev\\s+" + SOURCE
            + "\\s+source unreachable\\s+\\S+\\s+2\\s+ev\\.[0-9a-f]+$"));

    List<String> v1 = kubectl("get", "events.v1.events.k8s.io", "-n", Sandbox.OPERATOR_NAMESPACE).out().lines()
        .toList();
    assertThat(v1.get(0)).containsPattern("^LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE$");
    assertThat(v1).hasSize(3);
  }

  @Test
  void anEventsV1CreateIsValidatedAsKubeApiserverDoes() {
    var events = sandbox.control().client().events().v1().events().inNamespace(Sandbox.OPERATOR_NAMESPACE);
    var withSource = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder().withNewMetadata().withName("ev.bad")
        .endMetadata().withType("Normal").withAction("Plan").withReason("Planned").withNote("n")
        .withEventTime(new io.fabric8.kubernetes.api.model.MicroTime("2026-01-01T00:00:00.000000Z"))
        .withReportingController(KubernetesEventRecorder.CONTROLLER).withReportingInstance(INSTANCE)
        .withDeprecatedSource(new io.fabric8.kubernetes.api.model.EventSource("x", null)).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> events.resource(withSource).create())
        .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(422)).hasMessageContaining("deprecatedSource");
    var noTime = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder(withSource).withDeprecatedSource(null)
        .withEventTime(null).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> events.resource(noTime).create())
        .hasMessageContaining("eventTime");
  }

  @Test
  void anEventsV1EventReadsThroughBothApisWithTheFieldsOfEach() throws Exception {
    var control = sandbox.control().client();
    var v1 = control.events().v1().events().inNamespace(Sandbox.OPERATOR_NAMESPACE).list().getItems().stream()
        .filter(e -> e.getReason().equals("ClusterUnreachable")).toList();
    assertThat(v1).singleElement().satisfies(e -> {
      assertThat(e.getRegarding().getUid()).isEqualTo(sam.getMetadata().getUid());
      assertThat(e.getAction()).isEqualTo("Provision");
      assertThat(e.getReportingController()).isEqualTo(KubernetesEventRecorder.CONTROLLER);
      assertThat(e.getReportingInstance()).isEqualTo(INSTANCE);
      assertThat(e.getNote()).isEqualTo("source unreachable");
      assertThat(e.getEventTime().getTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
      assertThat(e.getSeries().getCount()).isEqualTo(2);
      assertThat(e.getSeries().getLastObservedTime().getTime()).isNotBlank();
    });
    var core = control.v1().events().inNamespace(Sandbox.OPERATOR_NAMESPACE)
        .withField("involvedObject.uid", sam.getMetadata().getUid()).list().getItems();
    assertThat(core).hasSize(2).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("ClusterUnreachable");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("ev");
      assertThat(e.getMessage()).isEqualTo("source unreachable");
      assertThat(e.getReportingComponent()).isEqualTo(KubernetesEventRecorder.CONTROLLER);
      assertThat(e.getReportingInstance()).isEqualTo(INSTANCE);
      assertThat(e.getSource() == null || e.getSource().getComponent() == null).as("no deprecated source").isTrue();
    });
  }
}
