package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Server-side printing of the built-in kinds the sandbox serves, with the columns kube-apiserver's printers
 * ({@code pkg/printers/internalversion}) give them, so {@code kubectl get} shows what it shows on a cluster:
 *
 * <ul>
 *   <li>Namespace: NAME, STATUS, AGE</li>
 *   <li>ServiceAccount: NAME, SECRETS, AGE</li>
 *   <li>Secret: NAME, TYPE, DATA, AGE</li>
 *   <li>Role, ClusterRole: NAME, CREATED AT</li>
 *   <li>RoleBinding, ClusterRoleBinding: NAME, ROLE, AGE, and for {@code -o wide} USERS, GROUPS, SERVICEACCOUNTS</li>
 *   <li>Pod: NAME, READY, STATUS, RESTARTS, AGE, and wide IP, NODE, NOMINATED NODE, READINESS GATES</li>
 *   <li>Deployment: NAME, READY, UP-TO-DATE, AVAILABLE, AGE, and wide CONTAINERS, IMAGES, SELECTOR</li>
 *   <li>Lease: NAME, HOLDER, AGE</li>
 *   <li>Event (core/v1 and events.k8s.io/v1, one resource): LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, and wide
 *       SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME (the name last, as kube-apiserver's event printer has it)</li>
 *   <li>any other kind: kube-apiserver's default table convertor, NAME and CREATED AT</li>
 * </ul>
 */
final class BuiltInTables {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String AGE_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time when"
      + " this object was created. It is not guaranteed to be set in happens-before order across separate operations."
      + " Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system."
      + " Read-only. Null for lists. More info:"
      + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  /** One column: its definition and how a cell is computed from the object (and the time now). */
  record Column(String name, String type, String format, String description, int priority,
      BiFunction<JsonNode, Instant, JsonNode> cell) {
  }

  private final Clock clock;

  BuiltInTables(Clock clock) {
    this.clock = clock;
  }

  /** The columns of a kind ({@code group/Kind}, core kinds without group). */
  static List<Column> columns(String group, String kind) {
    String key = group.isEmpty() ? kind : group + "/" + kind;
    if (key.equals("Event") || key.equals("events.k8s.io/Event")) {
      return eventColumns();
    }
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("Name", "string", "name", CustomResourceTables.NAME_DESCRIPTION, 0,
        (o, now) -> NODES.textNode(o.path("metadata").path("name").asText(""))));
    switch (key) {
      case "Namespace" -> {
        columns.add(text("Status", "The status of the namespace", 0, o -> o.path("status").path("phase").asText("")));
        columns.add(age());
      }
      case "ServiceAccount" -> {
        columns.add(new Column("Secrets", "integer", "", "Secrets is a list of the secrets in the same namespace"
            + " that pods running using this ServiceAccount are allowed to use.", 0,
            (o, now) -> NODES.numberNode(o.path("secrets").size())));
        columns.add(age());
      }
      case "Secret" -> {
        columns.add(text("Type", "The type of the secret", 0, o -> o.path("type").asText("")));
        columns.add(new Column("Data", "string", "", "The number of data entries in the secret", 0,
            (o, now) -> NODES.numberNode(o.path("data").size() + o.path("stringData").size())));
        columns.add(age());
      }
      case "rbac.authorization.k8s.io/Role", "rbac.authorization.k8s.io/ClusterRole" -> columns.add(createdAt());
      case "rbac.authorization.k8s.io/RoleBinding", "rbac.authorization.k8s.io/ClusterRoleBinding" -> {
        columns.add(text("Role", "Role of the binding.", 0,
            o -> o.path("roleRef").path("kind").asText("") + "/" + o.path("roleRef").path("name").asText("")));
        columns.add(age());
        columns.add(text("Users", "Users in the binding.", 1, o -> subjects(o, "User", false)));
        columns.add(text("Groups", "Groups in the binding.", 1, o -> subjects(o, "Group", false)));
        columns.add(text("ServiceAccounts", "ServiceAccounts in the binding.", 1,
            o -> subjects(o, "ServiceAccount", true)));
      }
      case "Pod" -> {
        columns.add(text("Ready", "The aggregate readiness state of this pod for accepting traffic.", 0,
            BuiltInTables::podReady));
        columns.add(text("Status", "The aggregate status of the containers in this pod.", 0,
            BuiltInTables::podStatus));
        columns.add(new Column("Restarts", "string", "", "The number of times the containers in this pod have been"
            + " restarted and when the last container in this pod has restarted.", 0,
            (o, now) -> NODES.textNode(Integer.toString(restarts(o)))));
        columns.add(age());
        columns.add(text("IP", "IP address allocated to the pod. Routable at least within the cluster.", 1,
            o -> orNone(o.path("status").path("podIP").asText(""))));
        columns.add(text("Node", "Name of the Node to which the pod is assigned.", 1,
            o -> orNone(o.path("spec").path("nodeName").asText(""))));
        columns.add(text("Nominated Node", "Name of the node nominated to run this pod.", 1,
            o -> orNone(o.path("status").path("nominatedNodeName").asText(""))));
        columns.add(text("Readiness Gates", "The readiness gates of the pod.", 1,
            o -> o.path("spec").path("readinessGates").size() == 0 ? "<none>"
                : "0/" + o.path("spec").path("readinessGates").size()));
      }
      case "apps/Deployment" -> {
        columns.add(text("Ready", "Number of the pod with ready state", 0,
            o -> o.path("status").path("readyReplicas").asInt(0) + "/" + o.path("spec").path("replicas").asInt(1)));
        columns.add(new Column("Up-to-date", "integer", "", "Total number of non-terminated pods targeted by this"
            + " deployment that have the desired template spec.", 0,
            (o, now) -> NODES.numberNode(o.path("status").path("updatedReplicas").asInt(0))));
        columns.add(new Column("Available", "integer", "", "Total number of available pods (ready for at least"
            + " minReadySeconds) targeted by this deployment.", 0,
            (o, now) -> NODES.numberNode(o.path("status").path("availableReplicas").asInt(0))));
        columns.add(age());
        columns.add(text("Containers", "Names of each container in the template.", 1,
            o -> join(o.path("spec").path("template").path("spec").path("containers"), "name")));
        columns.add(text("Images", "Images referenced by each container in the template.", 1,
            o -> join(o.path("spec").path("template").path("spec").path("containers"), "image")));
        columns.add(text("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this"
            + " will be the ones affected by this deployment.", 1, BuiltInTables::selector));
      }
      case "coordination.k8s.io/Lease" -> {
        columns.add(text("Holder", "The holder of the lease", 0,
            o -> o.path("spec").path("holderIdentity").asText("")));
        columns.add(age());
      }
      default -> columns.add(createdAt());
    }
    return columns;
  }

  /**
   * kube-apiserver's {@code printEvent} on the core/v1 form of an Event (the sandbox stores that form; events.k8s.io
   * reads are converted from it): last seen from the series, lastTimestamp, firstTimestamp or eventTime; the object as
   * {@code kind/name} in lower case; the source as component (else reportingController) and host (else reportingInstance).
   */
  private static List<Column> eventColumns() {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("Last Seen", "string", "", "The time at which the most recent occurrence of this event"
        + " was recorded.", 0, (o, now) -> NODES.textNode(lastSeen(o, now))));
    columns.add(text("Type", "Type of this event (Normal, Warning), new types could be added in the future", 0,
        o -> o.path("type").asText("")));
    columns.add(text("Reason", "This should be a short, machine understandable string that gives the reason for the"
        + " transition into the object's current status.", 0, o -> o.path("reason").asText("")));
    columns.add(text("Object", "The object that this event is about.", 0, o -> {
      JsonNode involved = o.path("involvedObject");
      String kind = involved.path("kind").asText("").toLowerCase(java.util.Locale.ROOT);
      String name = involved.path("name").asText("");
      return name.isEmpty() ? kind : kind + "/" + name;
    }));
    columns.add(text("Subobject", "If referring to a piece of an object instead of an entire object, this string"
        + " should contain a valid JSON/Go field access statement.", 1,
        o -> o.path("involvedObject").path("fieldPath").asText("")));
    columns.add(text("Source", "The component reporting this event. Should be a short machine understandable"
        + " string.", 1, o -> {
          String component = o.path("source").path("component").asText("");
          String host = o.path("source").path("host").asText("");
          component = component.isEmpty() ? o.path("reportingComponent").asText("") : component;
          host = host.isEmpty() ? o.path("reportingInstance").asText("") : host;
          return host.isEmpty() ? component : component + ", " + host;
        }));
    columns.add(text("Message", "A human-readable description of the status of this operation.", 0,
        o -> o.path("message").asText("").strip()));
    columns.add(new Column("First Seen", "string", "", "The time at which the event was first recorded.", 1,
        (o, now) -> NODES.textNode(firstSeen(o, now))));
    columns.add(new Column("Count", "string", "", "The number of times this event has occurred.", 1, (o, now) -> {
      JsonNode series = o.path("series");
      int count = series.isObject() ? series.path("count").asInt(1) : o.path("count").asInt(0);
      return NODES.numberNode(count == 0 ? 1 : count);
    }));
    columns.add(new Column("Name", "string", "name", CustomResourceTables.NAME_DESCRIPTION, 1,
        (o, now) -> NODES.textNode(o.path("metadata").path("name").asText(""))));
    return columns;
  }

  private static String firstSeen(JsonNode event, Instant now) {
    String first = event.path("firstTimestamp").asText("");
    return CustomResourceTables.age(first.isEmpty() ? event.path("eventTime").asText("") : first, now);
  }

  private static String lastSeen(JsonNode event, Instant now) {
    JsonNode series = event.path("series");
    if (series.isObject()) {
      return CustomResourceTables.age(series.path("lastObservedTime").asText(""), now);
    }
    String last = event.path("lastTimestamp").asText("");
    return last.isEmpty() ? firstSeen(event, now) : CustomResourceTables.age(last, now);
  }

  /** The Table of a list or one object of a built-in kind, as kube-apiserver's {@code asTable} builds it. */
  ObjectNode toTable(String group, String kind, JsonNode listOrObject, boolean isList, String tableVersion,
      CustomResourceTables.IncludeObject include) {
    String apiVersion = CustomResourceTables.TABLE_GROUP + "/" + tableVersion;
    List<Column> columns = columns(group, kind);
    ObjectNode table = NODES.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", apiVersion);
    ObjectNode metadata = table.putObject("metadata");
    JsonNode sourceMeta = listOrObject.path("metadata");
    CustomResourceTables.copyNonEmpty(sourceMeta, "resourceVersion", metadata);
    if (isList) {
      CustomResourceTables.copyNonEmpty(sourceMeta, "continue", metadata);
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column column : columns) {
      definitions.add(CustomResourceTables.columnDefinition(column.name(), column.type(), column.format(),
          column.description(), column.priority()));
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = CustomResourceTables.rowObjects(listOrObject, isList);
    Instant now = clock.instant();
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column column : columns) {
        cells.add(column.cell().apply(object, now));
      }
      row.set("object", CustomResourceTables.rowObject(object, include, apiVersion));
    }
    return table;
  }

  private static Column text(String name, String description, int priority,
      java.util.function.Function<JsonNode, String> value) {
    return new Column(name, "string", "", description, priority, (o, now) -> NODES.textNode(value.apply(o)));
  }

  private static Column age() {
    return new Column("Age", "string", "", AGE_DESCRIPTION, 0, (o, now) -> NODES.textNode(
        CustomResourceTables.age(o.path("metadata").path("creationTimestamp").asText(""), now)));
  }

  /** {@code Created At}: the creation time in RFC 3339, UTC (Roles, ClusterRoles and the default convertor). */
  private static Column createdAt() {
    return new Column("Created At", "date", "", AGE_DESCRIPTION, 0, (o, now) -> {
      String timestamp = o.path("metadata").path("creationTimestamp").asText("");
      try {
        return NODES.textNode(OffsetDateTime.parse(timestamp).withOffsetSameInstant(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")));
      } catch (DateTimeParseException e) {
        return NODES.textNode("<unknown>");
      }
    });
  }

  /** {@code rbac.SubjectsStrings}: users, groups, or service accounts as {@code namespace/name}, comma-separated. */
  private static String subjects(JsonNode binding, String kind, boolean qualified) {
    List<String> names = new ArrayList<>();
    for (JsonNode subject : binding.path("subjects")) {
      if (kind.equals(subject.path("kind").asText())) {
        names.add(qualified ? subject.path("namespace").asText("") + "/" + subject.path("name").asText("")
            : subject.path("name").asText(""));
      }
    }
    return String.join(", ", names);
  }

  private static String podReady(JsonNode pod) {
    int total = pod.path("spec").path("containers").size();
    int ready = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      if (status.path("ready").asBoolean(false)) {
        ready++;
      }
    }
    return ready + "/" + total;
  }

  private static String podStatus(JsonNode pod) {
    if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
      return "Terminating";
    }
    String reason = pod.path("status").path("reason").asText("");
    if (!reason.isEmpty()) {
      return reason;
    }
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      String waiting = status.path("state").path("waiting").path("reason").asText("");
      if (!waiting.isEmpty()) {
        return waiting;
      }
    }
    return pod.path("status").path("phase").asText("Pending");
  }

  private static int restarts(JsonNode pod) {
    int restarts = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      restarts += status.path("restartCount").asInt(0);
    }
    return restarts;
  }

  private static String orNone(String value) {
    return value.isEmpty() ? "<none>" : value;
  }

  private static String join(JsonNode items, String field) {
    List<String> values = new ArrayList<>();
    items.forEach(item -> values.add(item.path(field).asText("")));
    return String.join(",", values);
  }

  private static String selector(JsonNode deployment) {
    JsonNode selector = deployment.path("spec").path("selector");
    List<String> parts = new ArrayList<>();
    selector.path("matchLabels").fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
    for (JsonNode expression : selector.path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      String operator = expression.path("operator").asText("");
      String key = expression.path("key").asText("");
      parts.add(switch (operator) {
        case "In" -> key + " in (" + String.join(",", values) + ")";
        case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
        case "Exists" -> key;
        case "DoesNotExist" -> "!" + key;
        default -> key;
      });
    }
    return parts.isEmpty() ? "<none>" : String.join(",", parts);
  }

}
