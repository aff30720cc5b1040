package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;

/** Table answers for any resource: custom resources by their CRD's printer columns, built-in kinds by theirs. */
final class ServerTables {

  /**
   * The Table answer to a GET of a built-in resource (a list or one object) whose Accept asks for one; empty for
   * custom resources (answered by {@link CustomResourceTables}), watches and requests that ask for no Table.
   * {@code plain} answers the same GET as JSON (selectors applied).
   */
  java.util.Optional<io.fabric8.mockwebserver.http.MockResponse> respondBuiltIn(
      io.fabric8.mockwebserver.http.RecordedRequest request, ApiResource resource,
      java.util.Map<String, String> query, List<CustomResourceDefinition> crds,
      java.util.function.Function<io.fabric8.mockwebserver.http.RecordedRequest,
          io.fabric8.mockwebserver.http.MockResponse> plain) {
    var tableVersion = CustomResourceTables.negotiatedTableVersion(request.getHeader("Accept"));
    if (tableVersion.isEmpty() || (!resource.group().isEmpty() && CustomResourceTables.columnsFor("/apis/"
        + resource.group() + "/" + resource.version() + "/" + resource.plural(), crds).isPresent())) {
      return java.util.Optional.empty();
    }
    var include = CustomResourceTables.IncludeObject.parse(query.get("includeObject"));
    if (include.isEmpty()) {
      return java.util.Optional.of(Responses.badRequest(
          "unrecognized includeObject value: \"" + query.get("includeObject") + "\""));
    }
    io.fabric8.mockwebserver.http.Headers headers = io.fabric8.mockwebserver.http.Headers.builder()
        .add("Accept", "application/json").build();
    var json = new io.fabric8.mockwebserver.http.RecordedRequest(request.getRequestLine(), request.method(),
        request.getPath(), headers, request.getBody());
    var stored = plain.apply(json);
    if (stored.code() == 404 && !resource.isList()) {
      return java.util.Optional.of(Responses.notFound(resource.group(), resource.plural(), resource.name()));
    }
    if (stored.code() != 200) {
      return java.util.Optional.of(stored);
    }
    JsonNode body = Store.read(Store.body(stored), JsonNode.class);
    return java.util.Optional.of(Responses.json(200, Store.write(
        builtIn.toTable(resource.group(), resource.kind(), body, resource.isList(), tableVersion.get(),
            include.get()))));
  }

  private final CustomResourceTables custom;
  private final BuiltInTables builtIn;

  ServerTables(CustomResourceTables custom, BuiltInTables builtIn) {
    this.custom = custom;
    this.builtIn = builtIn;
  }

  ObjectNode table(ApiResource resource, JsonNode listOrObject, boolean isList, List<CustomResourceDefinition> crds,
      String tableVersion, CustomResourceTables.IncludeObject include) {
    var columns = resource.group().isEmpty() ? java.util.Optional.<List<
        io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition>>empty()
        : CustomResourceTables.columnsFor("/apis/" + resource.group() + "/" + resource.version() + "/"
            + resource.plural(), crds);
    if (columns.isPresent()) {
      return custom.toTable(listOrObject, isList, columns.get(), tableVersion, include);
    }
    return builtIn.toTable(resource.group(), resource.kind(), listOrObject, isList, tableVersion, include);
  }
}
