package io.cutover.real;

import static io.cutover.real.ConformanceTarget.JSON;
import static io.cutover.real.ConformanceTarget.object;
import static io.cutover.real.ConformanceTarget.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.testing.RawHttp.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;

/** Probes of TokenRequest, TokenReview and legacy token Secrets. */
final class TokenProbes {
  /** kube-apiserver caches a successful token authentication for 10 s; a deletion shows after it, so 15 s. */
  static final Duration AFTER_CACHE = Duration.ofSeconds(15);
  static final String SA = "probe-sa";

  private TokenProbes() {}

  static List<ConformanceProbe> tokenRequests() {
    return List.of(
        new ConformanceProbe("tokenrequest.defaults", (t, o, ns) -> {
          serviceAccount(t, o, ns);
          Answer a = request(t, ns, SA, spec());
          o.put("code", a.code()).put("spec.expirationSeconds", a.json().at("/spec/expirationSeconds"))
              .put("spec.audiences", a.json().at("/spec/audiences"));
          claims(o, a);
        }),
        expiration("tokenrequest.expiration-below-600", 599),
        expiration("tokenrequest.expiration-600", 600),
        expiration("tokenrequest.expiration-2-32", 1L << 32),
        expiration("tokenrequest.expiration-above-2-32", (1L << 32) + 1),
        new ConformanceProbe("tokenrequest.audiences", (t, o, ns) -> {
          serviceAccount(t, o, ns);
          ObjectNode spec = spec();
          spec.putArray("audiences").add("vault").add("cutover.io/probe");
          Answer a = request(t, ns, SA, spec);
          o.put("code", a.code()).put("spec.audiences", a.json().at("/spec/audiences"))
              .put("jwt.aud", jwt(a).get("aud"));
        }),
        new ConformanceProbe("tokenrequest.serviceaccount-missing", (t, o, ns) -> {
          t.namespace(ns);
          refusal(o, "", request(t, ns, "nobody", spec()));
        }),
        bound("tokenrequest.bound-secret", "Secret"),
        bound("tokenrequest.bound-pod", "Pod"),
        new ConformanceProbe("tokenrequest.extended-expiration", (t, o, ns) -> {
          // --service-account-extend-token-expiration (on by default): a Pod-bound request for exactly 3607 s with
          // the API server's audiences gets exp one year on; any other request gets what it asked for.
          t.namespace(ns);
          t.serviceAccount(ns, SA);
          JsonNode pod = t.create("/api/v1/namespaces/" + ns + "/pods", pod(ns, "bound"));
          String podUid = pod.at("/metadata/uid").asText();
          JsonNode secret = t.create("/api/v1/namespaces/" + ns + "/secrets", object("v1", "Secret", ns, "bound"));
          lifetime(o, "pod-3607-default-audiences.", request(t, ns, SA,
              boundSpec("Pod", "bound", podUid).put("expirationSeconds", 3607)));
          ObjectNode issuerAudience = boundSpec("Pod", "bound", podUid).put("expirationSeconds", 3607);
          issuerAudience.putArray("audiences").add(t.issuer());
          lifetime(o, "pod-3607-issuer-audience.", request(t, ns, SA, issuerAudience));
          ObjectNode vault = boundSpec("Pod", "bound", podUid).put("expirationSeconds", 3607);
          vault.putArray("audiences").add("vault");
          lifetime(o, "pod-3607-other-audience.", request(t, ns, SA, vault));
          lifetime(o, "pod-3600.", request(t, ns, SA, boundSpec("Pod", "bound", podUid).put("expirationSeconds", 3600)));
          lifetime(o, "secret-3607.", request(t, ns, SA, boundSpec("Secret", "bound",
              secret.at("/metadata/uid").asText()).put("expirationSeconds", 3607)));
          lifetime(o, "unbound-3607.", request(t, ns, SA, spec().put("expirationSeconds", 3607)));
        }));
  }

  static List<ConformanceProbe> tokenReviews() {
    return List.of(
        new ConformanceProbe("tokenreview.audiences", (t, o, ns) -> {
          serviceAccount(t, o, ns);
          ObjectNode spec = spec();
          spec.putArray("audiences").add("vault").add("cutover.io/probe");
          String token = token(t, ns, SA, spec);
          review(o, "intersecting", t, token, "cutover.io/probe", "elsewhere");
          review(o, "disjoint", t, token, "elsewhere");
          review(o, "server-audiences", t, token);
          review(o, "default-token", t, token(t, ns, SA, spec()));
        }),
        new ConformanceProbe("tokenreview.bound-pod", (t, o, ns) -> {
          serviceAccount(t, o, ns);
          JsonNode pod = t.create("/api/v1/namespaces/" + ns + "/pods", pod(ns, "bound"));
          o.role(pod.at("/metadata/uid").asText(), "<pod-uid>");
          String token = token(t, ns, SA, boundSpec("Pod", "bound", pod.at("/metadata/uid").asText()));
          review(o, "bound", t, token);
          t.delete("/api/v1/namespaces/" + ns + "/pods/bound", JSON.createObjectNode().put("gracePeriodSeconds", 0));
          o.put("unauthenticated within 15 s of the pod's deletion", within(AFTER_CACHE, () -> !authenticated(t, token)));
        }),
        new ConformanceProbe("tokenreview.bound-secret-deleted", (t, o, ns) -> {
          t.namespace(ns);
          t.serviceAccount(ns, SA);
          JsonNode secret = t.create("/api/v1/namespaces/" + ns + "/secrets", object("v1", "Secret", ns, "bound"));
          String token = token(t, ns, SA, boundSpec("Secret", "bound", secret.at("/metadata/uid").asText()));
          o.put("bound.authenticated", authenticated(t, token));
          t.delete("/api/v1/namespaces/" + ns + "/secrets/bound", null);
          o.put("unauthenticated within 15 s of the Secret's deletion",
              within(AFTER_CACHE, () -> !authenticated(t, token)));
        }),
        new ConformanceProbe("tokenreview.serviceaccount-recreated", (t, o, ns) -> {
          t.namespace(ns);
          t.serviceAccount(ns, SA);
          String token = token(t, ns, SA, spec());
          o.put("before.authenticated", authenticated(t, token));
          t.delete("/api/v1/namespaces/" + ns + "/serviceaccounts/" + SA, null);
          within(AFTER_CACHE, () -> t.get("/api/v1/namespaces/" + ns + "/serviceaccounts/" + SA).code() == 404);
          o.put("recreated with a new uid", !t.serviceAccount(ns, SA).isEmpty());
          o.put("unauthenticated within 15 s of the recreation", within(AFTER_CACHE, () -> !authenticated(t, token)));
        }),
        new ConformanceProbe("tokenreview.cache-window", (t, o, ns) -> {
          t.namespace(ns);
          t.serviceAccount(ns, SA);
          String token = token(t, ns, SA, spec());
          o.put("before.authenticated", authenticated(t, token));
          long deleted = System.nanoTime();
          t.delete("/api/v1/namespaces/" + ns + "/serviceaccounts/" + SA, null);
          boolean right = authenticated(t, token);
          boolean inWindow = Duration.ofNanos(System.nanoTime() - deleted).compareTo(Duration.ofSeconds(5)) < 0;
          o.put("reviewed within 5 s of the deletion", inWindow);
          o.put("within-window.authenticated", right);
          o.put("unauthenticated within 15 s of the deletion", within(AFTER_CACHE, () -> !authenticated(t, token)));
        }),
        new ConformanceProbe("tokenreview.not-a-token", (t, o, ns) -> {
          Answer a = reviewAnswer(t, "not-a-jwt");
          o.put("code", a.code()).put("authenticated", a.json().at("/status/authenticated").asBoolean())
              .put("error present", !a.json().at("/status/error").asText().isEmpty());
        }));
  }

  static List<ConformanceProbe> legacyTokens() {
    return List.of(new ConformanceProbe("legacy-token.filled-and-tracked", (t, o, ns) -> {
      serviceAccount(t, o, ns);
      ObjectNode secret = object("v1", "Secret", ns, "legacy").put("type", "kubernetes.io/service-account-token");
      ((ObjectNode) secret.get("metadata")).putObject("annotations").put("kubernetes.io/service-account.name", SA);
      t.create("/api/v1/namespaces/" + ns + "/secrets", secret);
      String path = "/api/v1/namespaces/" + ns + "/secrets/legacy";
      o.put("filled within 10 s", within(Duration.ofSeconds(10), () -> t.get(path).json().at("/data/token")
          .isTextual()));
      JsonNode filled = t.get(path).json();
      o.put("data keys", new TreeSet<>(fieldNames(filled.path("data"))));
      o.put("annotation uid", filled.at("/metadata/annotations").path("kubernetes.io/service-account.uid").asText());
      String token = new String(Base64.getDecoder().decode(filled.at("/data/token").asText()));
      JsonNode claims = payload(token);
      o.put("jwt.iss", claims.path("iss").asText()).put("jwt claims", new TreeSet<>(fieldNames(claims)))
          .put("jwt.service-account.uid", claims.path("kubernetes.io/serviceaccount/service-account.uid").asText());
      review(o, "review", t, token);
      o.put("legacy-token-last-used label within 10 s of use", within(Duration.ofSeconds(10), () -> t.get(path)
          .json().at("/metadata/labels").has("kubernetes.io/legacy-token-last-used")));
      t.delete(path, null);
      o.put("unauthenticated within 15 s of the Secret's deletion", within(AFTER_CACHE, () -> !authenticated(t,
          token)));
    }));
  }

  // ---------------------------------------------------------------- requests and facts

  /** The probe's namespace and {@value #SA} in it; its UID and the cluster's issuer named as roles. */
  static void serviceAccount(ConformanceTarget t, Observation o, String ns) {
    t.namespace(ns);
    o.role(t.serviceAccount(ns, SA), "<sa-uid>").role(t.issuer(), "<issuer>");
  }

  static ObjectNode spec() {
    return JSON.createObjectNode();
  }

  static Answer request(ConformanceTarget t, String ns, String sa, ObjectNode spec) {
    ObjectNode body = JSON.createObjectNode().put("apiVersion", "authentication.k8s.io/v1").put("kind",
        "TokenRequest");
    body.set("spec", spec);
    return t.post("/api/v1/namespaces/" + ns + "/serviceaccounts/" + sa + "/token", body);
  }

  static String token(ConformanceTarget t, String ns, String sa, ObjectNode spec) {
    Answer a = request(t, ns, sa, spec);
    if (a.code() != 201) {
      throw new IllegalStateException("set-up TokenRequest answered " + a.code() + ": " + a.message());
    }
    return a.json().at("/status/token").asText();
  }

  private static ConformanceProbe expiration(String id, long seconds) {
    return new ConformanceProbe(id, (t, o, ns) -> {
      t.namespace(ns);
      t.serviceAccount(ns, SA);
      ObjectNode spec = spec().put("expirationSeconds", seconds);
      Answer a = request(t, ns, SA, spec);
      refusal(o, "", a);
      if (a.code() == 201) {
        JsonNode jwt = jwt(a);
        o.put("jwt exp - iat", jwt.path("exp").asLong() - jwt.path("iat").asLong());
      }
    });
  }

  /** A token bound to a {@code kind} object: existing, missing, and with another UID. */
  private static ConformanceProbe bound(String id, String kind) {
    return new ConformanceProbe(id, (t, o, ns) -> {
      t.namespace(ns);
      o.role(t.serviceAccount(ns, SA), "<sa-uid>");
      String plural = kind.equals("Pod") ? "pods" : "secrets";
      JsonNode created = t.create("/api/v1/namespaces/" + ns + "/" + plural,
          kind.equals("Pod") ? pod(ns, "bound") : object("v1", "Secret", ns, "bound"));
      String uid = created.at("/metadata/uid").asText();
      o.role(uid, "<" + kind.toLowerCase() + "-uid>");
      Answer ok = request(t, ns, SA, boundSpec(kind, "bound", uid));
      o.put("code", ok.code()).put("spec.boundObjectRef", ok.json().at("/spec/boundObjectRef"));
      JsonNode claim = jwt(ok).path("kubernetes.io");
      o.put("jwt kubernetes.io." + kind.toLowerCase(), claim.path(kind.toLowerCase()));
      o.put("jwt kubernetes.io.serviceaccount.uid", claim.at("/serviceaccount/uid").asText());
      refusal(o, "missing.", request(t, ns, SA, boundSpec(kind, "absent", null)));
      refusal(o, "uid-mismatch.", request(t, ns, SA, boundSpec(kind, "bound", "00000000-0000-0000-0000-000000000000")));
    });
  }

  static ObjectNode boundSpec(String kind, String name, String uid) {
    ObjectNode spec = spec();
    ObjectNode ref = spec.putObject("boundObjectRef").put("kind", kind).put("apiVersion", "v1").put("name", name);
    if (uid != null) {
      ref.put("uid", uid);
    }
    return spec;
  }

  static ObjectNode pod(String ns, String name) {
    ObjectNode pod = object("v1", "Pod", ns, name);
    ObjectNode spec = pod.putObject("spec").put("serviceAccountName", SA).put("automountServiceAccountToken", false);
    spec.putArray("containers").addObject().put("name", "app").put("image", "registry.k8s.io/pause:3.10");
    return pod;
  }

  /**
   * A TokenRequest's lifetimes under {@code prefix}: the JWT's exp - iat, its kubernetes.io.warnafter - iat (absent:
   * -1), and status.expirationTimestamp - iat (kube-apiserver takes the time before the claims' own, so within 1 s).
   */
  private static void lifetime(Observation o, String prefix, Answer a) {
    o.put(prefix + "code", a.code());
    if (a.code() != 201) {
      return;
    }
    JsonNode jwt = jwt(a);
    long iat = jwt.path("iat").asLong();
    JsonNode warnafter = jwt.path("kubernetes.io").path("warnafter");
    long status = Instant.parse(a.json().at("/status/expirationTimestamp").asText()).getEpochSecond() - iat;
    o.put(prefix + "jwt exp - iat", jwt.path("exp").asLong() - iat)
        .put(prefix + "jwt kubernetes.io.warnafter - iat", warnafter.isMissingNode() ? -1 : warnafter.asLong() - iat)
        .put(prefix + "status.expirationTimestamp - iat within 1 s of spec.expirationSeconds",
            Math.abs(status - a.json().at("/spec/expirationSeconds").asLong()) <= 1);
  }

  /** Code, reason and cause fields of an answer, under {@code prefix}. */
  static void refusal(Observation o, String prefix, Answer a) {
    o.put(prefix + "code", a.code()).put(prefix + "reason", a.reason()).put(prefix + "causes", a.causeFields());
  }

  /** The claims the operator reads, the claim names, and whether the answer's expiration is the token's. */
  private static void claims(Observation o, Answer a) {
    JsonNode jwt = jwt(a);
    o.put("jwt claims", new TreeSet<>(fieldNames(jwt))).put("jwt.iss", jwt.path("iss").asText())
        .put("jwt.sub", jwt.path("sub").asText()).put("jwt.aud", jwt.path("aud"))
        .put("jwt exp - iat", jwt.path("exp").asLong() - jwt.path("iat").asLong())
        .put("jwt kubernetes.io", jwt.path("kubernetes.io"))
        .put("status.expirationTimestamp is exp", Instant.parse(a.json().at("/status/expirationTimestamp").asText())
            .getEpochSecond() == jwt.path("exp").asLong());
  }

  static JsonNode jwt(Answer a) {
    return payload(a.json().at("/status/token").asText());
  }

  static JsonNode payload(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Answer reviewAnswer(ConformanceTarget t, String token, String... audiences) {
    ObjectNode body = JSON.createObjectNode().put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenReview");
    ObjectNode spec = body.putObject("spec").put("token", token);
    if (audiences.length > 0) {
      var list = spec.putArray("audiences");
      for (String aud : audiences) {
        list.add(aud);
      }
    }
    return t.post("/apis/authentication.k8s.io/v1/tokenreviews", body);
  }

  static boolean authenticated(ConformanceTarget t, String token) {
    return reviewAnswer(t, token).json().at("/status/authenticated").asBoolean();
  }

  /** The facts of one TokenReview the operator reads: authenticated, audiences, user, extra keys, an error. */
  static void review(Observation o, String name, ConformanceTarget t, String token, String... audiences) {
    JsonNode status = reviewAnswer(t, token, audiences).json().path("status");
    o.put(name + ".authenticated", status.path("authenticated").asBoolean());
    o.put(name + ".audiences", status.path("audiences"));
    o.put(name + ".user.username", status.at("/user/username").asText());
    o.put(name + ".user.uid", status.at("/user/uid").asText());
    o.put(name + ".user.groups", status.at("/user/groups"));
    List<String> extra = new ArrayList<>();
    status.at("/user/extra").fields().forEachRemaining(e -> extra.add(e.getKey() + "=" + (e.getKey()
        .endsWith("credential-id") ? "JTI=<jti>" : e.getValue())));
    o.put(name + ".user.extra", new TreeSet<>(extra));
    o.put(name + ".error present", !status.path("error").asText().isEmpty());
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
