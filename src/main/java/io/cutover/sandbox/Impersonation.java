package io.cutover.sandbox;

import io.cutover.sandbox.auth.Caller;
import io.cutover.sandbox.auth.RequestAttributes;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * kube-apiserver's impersonation filter (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go): the headers
 * {@code Impersonate-User}, {@code Impersonate-Group}, {@code Impersonate-Uid} and {@code Impersonate-Extra-KEY} make
 * the request that user, each one authorized first with the verb {@code impersonate} on {@code users} (or the
 * {@code serviceaccounts} of a {@code system:serviceaccount:NS:NAME} user), {@code groups}, {@code uids} and
 * {@code userextras/KEY} of {@code authentication.k8s.io}; the first one refused is a 403 in kube-apiserver's words.
 * A service account impersonated without groups gets its service account groups; every impersonated user but
 * {@code system:anonymous} gets {@code system:authenticated}, which gets {@code system:unauthenticated}.
 */
final class Impersonation {

  static final String USER = "Impersonate-User";
  static final String GROUP = "Impersonate-Group";
  static final String UID = "Impersonate-Uid";
  static final String EXTRA_PREFIX = "impersonate-extra-";
  private static final String SA_PREFIX = "system:serviceaccount:";

  /** The effective caller, or the refusal. */
  record Outcome(Caller caller, MockResponse refusal) {
  }

  private final RequestAuthorizer authorizer;

  Impersonation(RequestAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  Outcome apply(Caller requestor, RecordedRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    request.getHeaders().toMultimap().forEach((name, values) -> headers.computeIfAbsent(
        name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
    String user = first(headers.get(USER.toLowerCase(Locale.ROOT)));
    List<String> requestedGroups = headers.getOrDefault(GROUP.toLowerCase(Locale.ROOT), List.of());
    String uid = first(headers.get(UID.toLowerCase(Locale.ROOT)));
    Map<String, List<String>> extra = new LinkedHashMap<>();
    headers.forEach((name, values) -> {
      if (name.startsWith(EXTRA_PREFIX)) {
        extra.computeIfAbsent(URLDecoder.decode(name.substring(EXTRA_PREFIX.length()), StandardCharsets.UTF_8),
            k -> new ArrayList<>()).addAll(values);
      }
    });
    if (user.isEmpty()) {
      if (!requestedGroups.isEmpty() || !extra.isEmpty() || !uid.isEmpty()) {
        return new Outcome(null, new MockResponse().setResponseCode(500).setHeader("Content-Type", "text/plain")
            .setBody("Internal Server Error: \"" + request.getPath() + "\": requested impersonation of groups, extra"
                + " or uid without impersonating a user\n"));
      }
      return new Outcome(requestor, null);
    }
    List<RequestAttributes> checks = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    String[] sa = user.startsWith(SA_PREFIX) ? user.substring(SA_PREFIX.length()).split(":", -1) : null;
    if (sa != null && sa.length == 2 && !sa[0].isEmpty() && !sa[1].isEmpty()) {
      checks.add(impersonate(requestor, "", sa[0], "serviceaccounts", "", sa[1]));
      if (requestedGroups.isEmpty()) {
        groups.addAll(List.of("system:serviceaccounts", "system:serviceaccounts:" + sa[0]));
      }
    } else {
      checks.add(impersonate(requestor, "", "", "users", "", user));
    }
    for (String group : requestedGroups) {
      checks.add(impersonate(requestor, "", "", "groups", "", group));
      groups.add(group);
    }
    extra.forEach((key, values) -> values.forEach(value ->
        checks.add(impersonate(requestor, "authentication.k8s.io", "", "userextras", key, value))));
    if (!uid.isEmpty()) {
      checks.add(impersonate(requestor, "authentication.k8s.io", "", "uids", "", uid));
    }
    for (RequestAttributes check : checks) {
      var decision = authorizer.authorize(requestor, check);
      if (!decision.allowed()) {
        return new Outcome(null, RequestAuthorizer.forbidden(check, decision.reason()));
      }
    }
    if (!user.equals(Caller.ANONYMOUS)) {
      if (!groups.contains(Caller.AUTHENTICATED) && !groups.contains(Caller.UNAUTHENTICATED)) {
        groups.add(Caller.AUTHENTICATED);
      }
    } else if (!groups.contains(Caller.UNAUTHENTICATED)) {
      groups.add(Caller.UNAUTHENTICATED);
    }
    return new Outcome(new Caller(user, uid, groups, extra), null);
  }

  private static RequestAttributes impersonate(Caller requestor, String group, String namespace, String resource,
      String subresource, String name) {
    return RequestAttributes.resource(requestor.name(), requestor.groups(), "impersonate", namespace, group, resource,
        subresource, name);
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0).trim();
  }
}
