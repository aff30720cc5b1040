package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Server-side printing of custom resources, as kube-apiserver's CRD handler does it: a GET of a custom resource (a
 * list or one object) whose {@code Accept} negotiates {@code application/json;as=Table;v=v1;g=meta.k8s.io} (or
 * {@code v1beta1}) is answered with a {@code meta.k8s.io} {@code Table} built from the served version's
 * {@code additionalPrinterColumns} (apiextensions-apiserver's {@code tableconvertor}, then the handler's
 * {@code asTable}, which applies {@code ?includeObject=}).
 *
 * <p>Columns are {@code Name} then the CRD version's printer columns in CRD order (or the logically defaulted
 * {@code Age} column when it has none). A cell is the column's JSONPath evaluated on the object, first result only;
 * {@code string} columns print any value as jsonpath prints it, {@code integer}/{@code number}/{@code boolean} take
 * only values of that JSON type, and {@code date} columns become a human-readable age ({@code 5m12s}) relative to the
 * cluster's clock. A missing value or a failed evaluation is a {@code null} cell.
 */
final class CustomResourceTables {

  static final String TABLE_GROUP = "meta.k8s.io";
  /** {@code metav1.ObjectMeta}'s swagger description of {@code name}, as kube-apiserver puts on the Name column. */
  static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating resources,"
      + " although some resources may allow a client to request the generation of an appropriate name automatically."
      + " Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More"
      + " info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  /** {@code metav1.ObjectMeta}'s swagger description of {@code creationTimestamp} (the defaulted Age column). */
  static final String CREATION_TIMESTAMP_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time"
      + " when this object was created. It is not guaranteed to be set in happens-before order across separate"
      + " operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by"
      + " the system. Read-only. Null for lists. More info:"
      + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** {@code metav1.TableOptions.IncludeObject}: what each row's {@code object} holds. */
  enum IncludeObject {
    NONE("None"), METADATA("Metadata"), OBJECT("Object");

    private final String value;

    IncludeObject(String value) {
      this.value = value;
    }

    /** The query value; empty means {@code Metadata}, as kube-apiserver defaults it. Unknown values: empty. */
    static Optional<IncludeObject> parse(String value) {
      if (value == null || value.isEmpty()) {
        return Optional.of(METADATA);
      }
      for (IncludeObject include : values()) {
        if (include.value.equals(value)) {
          return Optional.of(include);
        }
      }
      return Optional.empty();
    }
  }

  /** A resolved custom resource request path. */
  private record Target(CustomResourceDefinition crd, CustomResourceDefinitionVersion version, String name) {
  }

  private final Clock clock;

  CustomResourceTables(Clock clock) {
    this.clock = clock;
  }

  /**
   * The Table answer to a GET of a custom resource that asks for one, read through {@code storage}; empty when the
   * request is not that (no Table in Accept, not a served custom resource, a watch), so the caller answers as before.
   */
  Optional<MockResponse> respond(RecordedRequest request, String path, Supplier<List<CustomResourceDefinition>> crds,
      Function<RecordedRequest, MockResponse> storage) {
    Optional<String> tableVersion = negotiatedTableVersion(request.getHeader("Accept"));
    if (tableVersion.isEmpty() || !path.startsWith("/apis/")) {
      return Optional.empty();
    }
    Map<String, String> query = HttpWatches.query(request.getPath());
    String watch = query.get("watch");
    if ("true".equals(watch) || "1".equals(watch)) {
      return Optional.empty();
    }
    Optional<Target> target = resolve(path, crds.get());
    if (target.isEmpty()) {
      return Optional.empty();
    }
    Optional<IncludeObject> include = IncludeObject.parse(query.get("includeObject"));
    if (include.isEmpty()) {
      return Optional.of(Responses.badRequest(
          "unrecognized includeObject value: \"" + query.get("includeObject") + "\""));
    }
    MockResponse stored = storage.apply(request);
    if (stored.code() == 404 && target.get().name() != null) {
      // The mock's 404 is not a Status; kube-apiserver's registry answers: widgets.example.io "x" not found.
      var spec = target.get().crd().getSpec();
      return Optional.of(Responses.notFound(spec.getGroup(), spec.getNames().getPlural(), target.get().name()));
    }
    if (stored.code() != 200) {
      return Optional.of(stored);
    }
    JsonNode body;
    try {
      body = Store.JSON.readTree(Store.body(stored));
    } catch (IOException e) {
      return Optional.of(stored);
    }
    ObjectNode table = toTable(body, target.get().name() == null, columns(target.get().version()),
        tableVersion.get(), include.get());
    return Optional.of(Responses.json(200, Store.write(table)));
  }

  /**
   * The Table version the Accept header negotiates: the first acceptable media type (by q, then order) decides;
   * {@code application/json;as=Table;v=v1|v1beta1;g=meta.k8s.io} gives that version, plain JSON (or a wildcard)
   * gives empty, and media types the sandbox does not serve are skipped.
   */
  static Optional<String> negotiatedTableVersion(String accept) {
    if (accept == null || accept.isBlank()) {
      return Optional.empty();
    }
    record Clause(int order, double q, String type, Map<String, String> params) {
    }
    List<Clause> clauses = new ArrayList<>();
    String[] parts = accept.split(",");
    for (int i = 0; i < parts.length; i++) {
      String[] pieces = parts[i].split(";");
      String type = pieces[0].trim().toLowerCase(Locale.ROOT);
      Map<String, String> params = new java.util.LinkedHashMap<>();
      double q = 1;
      for (int p = 1; p < pieces.length; p++) {
        int eq = pieces[p].indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = pieces[p].substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = pieces[p].substring(eq + 1).trim();
        if (key.equals("q")) {
          try {
            q = Double.parseDouble(value);
          } catch (NumberFormatException e) {
            q = 0;
          }
        } else {
          params.put(key, value);
        }
      }
      if (q > 0) {
        clauses.add(new Clause(i, q, type, params));
      }
    }
    clauses.sort(Comparator.comparingDouble((Clause c) -> -c.q()).thenComparingInt(Clause::order));
    for (Clause clause : clauses) {
      boolean json = clause.type().equals("application/json");
      String as = clause.params().get("as");
      if (json && "Table".equals(as) && TABLE_GROUP.equals(clause.params().get("g"))) {
        String version = clause.params().get("v");
        if ("v1".equals(version) || "v1beta1".equals(version)) {
          return Optional.of(version);
        }
        continue;
      }
      if (as == null && (json || clause.type().equals("*/*") || clause.type().equals("application/*"))) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The Table of a list (its items, its resourceVersion and continue token) or of one object, as kube-apiserver's
   * CRD table convertor and {@code asTable} build it for the given columns.
   */
  ObjectNode toTable(JsonNode listOrObject, boolean isList, List<CustomResourceColumnDefinition> columns,
      String tableVersion, IncludeObject include) {
    String apiVersion = TABLE_GROUP + "/" + tableVersion;
    ObjectNode table = NODES.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", apiVersion);
    ObjectNode metadata = table.putObject("metadata");
    JsonNode sourceMeta = listOrObject.path("metadata");
    copyNonEmpty(sourceMeta, "resourceVersion", metadata);
    if (isList) {
      copyNonEmpty(sourceMeta, "continue", metadata);
      if (sourceMeta.path("remainingItemCount").isIntegralNumber()) {
        metadata.set("remainingItemCount", sourceMeta.get("remainingItemCount"));
      }
    }

    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.add(columnDefinition("Name", "string", "name", NAME_DESCRIPTION, 0));
    List<JsonPath> paths = new ArrayList<>();
    for (CustomResourceColumnDefinition column : columns) {
      String description = column.getDescription() == null || column.getDescription().isEmpty()
          ? "Custom resource definition column (in JSONPath format): " + column.getJsonPath()
          : column.getDescription();
      definitions.add(columnDefinition(column.getName(), column.getType(), column.getFormat(), description,
          column.getPriority() == null ? 0 : column.getPriority()));
      JsonPath path;
      try {
        path = JsonPath.parse(column.getJsonPath());
      } catch (JsonPath.JsonPathException e) {
        path = null;
      }
      paths.add(path);
    }

    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = CustomResourceTables.rowObjects(listOrObject, isList);
    Instant now = clock.instant();
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(object.path("metadata").path("name").asText(""));
      for (int i = 0; i < columns.size(); i++) {
        cells.add(cell(columns.get(i).getType(), paths.get(i), object, now));
      }
      row.set("object", rowObject(object, include, apiVersion));
    }
    return table;
  }

  /** The printer columns of the served custom resource a path names (any scope), or empty for other paths. */
  static Optional<List<CustomResourceColumnDefinition>> columnsFor(String path, List<CustomResourceDefinition> crds) {
    return resolve(path, crds).map(target -> columns(target.version()));
  }

  /** The version's printer columns, or the Age column kube-apiserver serves when a version defines none. */
  static List<CustomResourceColumnDefinition> columns(CustomResourceDefinitionVersion version) {
    List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
    if (columns != null && !columns.isEmpty()) {
      return columns;
    }
    return List.of(new CustomResourceColumnDefinition(CREATION_TIMESTAMP_DESCRIPTION, null,
        ".metadata.creationTimestamp", "Age", null, "date"));
  }

  /**
   * apimachinery's {@code duration.HumanDuration}: ~2-3 significant figures ({@code 45s}, {@code 5m12s},
   * {@code 3h20m}, {@code 4d6h}, {@code 2y30d}); more than a second in the future is {@code <invalid>}.
   */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < 0 && d.getNano() > 0) {
      seconds++; // Go truncates toward zero
    }
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = seconds / 3600;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = hours / 24 % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }

  private JsonNode cell(String type, JsonPath path, JsonNode object, Instant now) {
    if (path == null) {
      return NODES.nullNode();
    }
    List<JsonNode> results;
    try {
      results = path.evaluate(object);
    } catch (JsonPath.JsonPathException e) {
      return NODES.nullNode();
    }
    if (results.isEmpty()) {
      return NODES.nullNode();
    }
    // kube-apiserver: "as we only support simple JSON path, we can assume to have only one result".
    JsonNode value = results.get(0);
    if ("string".equals(type)) {
      return NODES.textNode(text(value));
    }
    if (value == null || value.isNull()) {
      return NODES.nullNode();
    }
    switch (type == null ? "" : type) {
      case "integer":
        if (value.isIntegralNumber()) {
          return NODES.numberNode(value.longValue());
        }
        if (value.isNumber()) {
          return NODES.numberNode((long) value.doubleValue());
        }
        break;
      case "number":
        if (value.isNumber()) {
          return NODES.numberNode(value.doubleValue());
        }
        break;
      case "boolean":
        if (value.isBoolean()) {
          return value;
        }
        break;
      case "date":
        if (value.isTextual()) {
          return NODES.textNode(age(value.asText(), now));
        }
        break;
      default:
        break;
    }
    return NODES.nullNode();
  }

  /** {@code metatable.ConvertToHumanReadableDateType} of a {@code metav1.Time} query parameter. */
  static String age(String timestamp, Instant now) {
    if (timestamp.isEmpty() || timestamp.equals("null")) {
      return "<unknown>";
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
    if (time.equals(Instant.parse("0001-01-01T00:00:00Z"))) {
      return "<unknown>";
    }
    return humanDuration(Duration.between(time, now));
  }

  /** How jsonpath prints one result: strings raw, maps and arrays as compact JSON, JSON null as Go's no value. */
  static String text(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "<no value>";
    }
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      return goFloat(value.doubleValue());
    }
    if (value.isBoolean()) {
      return Boolean.toString(value.booleanValue());
    }
    try {
      Object plain = Store.JSON.treeToValue(value, Object.class);
      String json = Store.JSON.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(plain);
      // Go's encoding/json escapes HTML characters (they can only occur inside strings).
      return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Go's {@code %v} of a float64: the shortest representation, exponent form below 1e-4 and from 1e21. */
  static String goFloat(double d) {
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = decimal.precision() - decimal.scale() - 1;
    if (exponent < -4 || exponent >= 21) {
      String digits = decimal.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      int abs = Math.abs(exponent);
      return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
    }
    return decimal.toPlainString();
  }

  static JsonNode rowObject(JsonNode object, IncludeObject include, String apiVersion) {
    return switch (include) {
      case NONE -> NODES.nullNode();
      case OBJECT -> object;
      case METADATA -> {
        ObjectNode partial = NODES.objectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", apiVersion);
        JsonNode metadata = object.path("metadata");
        partial.set("metadata", metadata.isObject() ? metadata.deepCopy() : NODES.objectNode());
        yield partial;
      }
    };
  }

  static ObjectNode columnDefinition(String name, String type, String format, String description,
      int priority) {
    ObjectNode column = NODES.objectNode();
    column.put("name", name);
    column.put("type", type == null ? "" : type);
    column.put("format", format == null ? "" : format);
    column.put("description", description == null ? "" : description);
    column.put("priority", priority);
    return column;
  }

  static void copyNonEmpty(JsonNode from, String field, ObjectNode to) {
    JsonNode value = from.path(field);
    if (value.isTextual() && !value.asText().isEmpty()) {
      to.put(field, value.asText());
    }
  }

  /**
   * {@code /apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}]} of a served version of a CRD of that scope
   * (all-namespace lists of namespaced resources included); subresources and other paths: empty.
   */
  private static Optional<Target> resolve(String path, List<CustomResourceDefinition> crds) {
    String[] segments = path.substring("/apis/".length()).split("/");
    if (segments.length < 3) {
      return Optional.empty();
    }
    String group = segments[0];
    String version = segments[1];
    if (segments[2].equals("namespaces") && (segments.length == 5 || segments.length == 6)) {
      Optional<Target> namespaced = find(crds, group, version, segments[4], "Namespaced",
          segments.length == 6 ? segments[5] : null);
      if (namespaced.isPresent()) {
        return namespaced;
      }
    }
    if (segments.length == 3 || segments.length == 4) {
      String name = segments.length == 4 ? segments[3] : null;
      Optional<Target> clusterScoped = find(crds, group, version, segments[2], "Cluster", name);
      if (clusterScoped.isPresent()) {
        return clusterScoped;
      }
      if (name == null) {
        return find(crds, group, version, segments[2], "Namespaced", null);
      }
    }
    return Optional.empty();
  }

  private static Optional<Target> find(List<CustomResourceDefinition> crds, String group, String version,
      String plural, String scope, String name) {
    for (CustomResourceDefinition crd : crds) {
      var spec = crd.getSpec();
      if (spec == null || !group.equals(spec.getGroup()) || spec.getNames() == null
          || !plural.equals(spec.getNames().getPlural()) || !scope.equals(spec.getScope())) {
        continue;
      }
      for (CustomResourceDefinitionVersion v : spec.getVersions()) {
        if (version.equals(v.getName()) && Boolean.TRUE.equals(v.getServed())) {
          return Optional.of(new Target(crd, v, name));
        }
      }
    }
    return Optional.empty();
  }


  /** The objects a Table's rows show: a list's items, or the one object. */
  static List<JsonNode> rowObjects(JsonNode listOrObject, boolean isList) {
    List<JsonNode> objects = new ArrayList<>();
    if (isList) {
      listOrObject.path("items").forEach(objects::add);
    } else {
      objects.add(listOrObject);
    }
    return objects;
  }

}
