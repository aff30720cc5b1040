package io.cutover.phase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The table of hostile and malformed specs (field × bad value) and the valid spec each row breaks one field of. One
 * table, two judges: {@link HostileSpecTest} (the operator's gate and the committed CRD read as a document) and
 * {@code io.cutover.real.RealCrdAdmissionTest} (the CRD installed on a real kube-apiserver).
 */
public final class HostileSpecs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private HostileSpecs() {}

  /** One row: set {@code path} (dot-separated, below spec) to {@code value}; null value = remove the field. */
  public record Case(String path, JsonNode value, String label, Layer layer) {
    @Override
    public String toString() {
      return path + " = " + label;
    }
  }

  /** Which CRD layer refuses it: the structural schema, or a CEL rule at {@code celAt} (a path below spec). */
  public record Layer(boolean schema, String celAt) {
    public static final Layer SCHEMA = new Layer(true, null);

    public static Layer cel(String at) {
      return new Layer(false, at);
    }
  }

  /** A valid spec with every optional field set, so each can be broken. */
  public static ObjectNode validSpec() {
    try {
      return (ObjectNode) JSON.readTree("""
          {"policy": "payments", "requester": {"username": "cutover-admin", "groups": ["system:masters"]},
           "source": {"cluster": {"name": "eu-old", "kubeconfigSecretRef": {"name": "eu-old-kubeconfig", "key": "kubeconfig"}},
                      "namespace": "payments", "serviceAccount": "payments-api"},
           "target": {"cluster": {"name": "eu-new", "issuerTrust": {"server": "https://eu-new.example:6443"}},
                      "namespace": "payments", "serviceAccount": "payments-api"},
           "tokens": {"audiences": ["vault.eu-new.example"], "expirationSeconds": 3600, "secretName": "payments-api-token"},
           "rbac": {"mode": "Mirror", "allowEscalation": false},
           "dualRun": {"window": "15m", "onDeadline": "Cutover", "notAfter": "2026-12-03T18:00:00Z"},
           "cutover": {"approval": "Automatic", "approved": false, "requireIdle": true,
                       "revoke": {"legacyTokenSecrets": true, "bindings": true, "serviceAccount": "Delete"}},
           "trust": {"relyingParties": [
                       {"name": "vault-eu", "kind": "Vault", "audience": "vault.eu-new.example", "identityKey": "ServiceAccountUid",
                        "probeUrl": "https://vault.eu-new.example/v1/auth/jwt/login",
                        "confirmed": {"commit": "3f2a9c1"}, "removalConfirmed": {"commit": "9e8d7c6b5a4f"}},
                       {"name": "aws-payments", "kind": "AWS"}],
                     "annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/payments"}},
           "secrets": ["payments-db", "payments-tls"],
           "acceptLosses": ["ImagePullSecret/registry-eu"],
           "moveSecrets": true}
          """);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- the table

  static final List<String> BAD_LABELS = List.of("", "-payments", "payments-", "Payments", "pay_ments", "pay.ments",
      "pay ments", " payments", "payments ", "pay/ments", "pay:ments", "zahlungsverkehr-ä", "支払い", "😀", "ｐａｙ",
      "pay\u0000ments", "pay\nments", "pay\u202Ements", "a".repeat(64), "a".repeat(300), "x".repeat(100_000), "-", "*");

  static final List<String> BAD_SUBDOMAINS = List.of("", "-api", "api-", "Api", "api_x", "api..x", ".api", "api.",
      "api.-x", "api-.x", "api x", "api/x", "api:x", "ä-api", "конто", "😀", "api\u0000", "api\t", "a".repeat(254),
      "a".repeat(64) + "." + "b".repeat(200), "y".repeat(100_000), "..");

  static final List<String> BAD_KEYS = List.of("", ".", "..", "..kubeconfig", "kube/config", "kube config", "kübe",
      "k".repeat(254), "kube\u0000config");

  static final List<String> BAD_WINDOWS = List.of("-1s", "-15m", "0s", "0ms", "0h0m0s", "999ms", "0.5s", "169h", "10081m",
      "604801s", "99999999999999999999h", "1d", "1w", "15", "1.5", "", "abc", "1h-1m", "P1D", "PT15M", "１s", "1 s",
      " 15m", "15m ", "15M", "1e3s", "+15m", "15m\n", "9".repeat(40) + "s", "15µs", "15ns");

  /**
   * Not RFC 3339 times with seconds and an offset (the CRD's format date-time, as kube-apiserver checks it): a date
   * alone, no offset, a space for the T, out-of-range fields, a duration or a Unix time where a time belongs, too long.
   */
  static final List<String> BAD_TIMES = List.of("", "tomorrow", "now", "2026-12-03", "2026-12-03T18:00:00",
      "2026-12-03 18:00:00Z", "2026-13-03T18:00:00Z", "2026-12-32T18:00:00Z", "2026-12-03T25:00:00Z",
      "2026-12-03T18:61:00Z", "15m", "1733250000", "2026-12-03T18:00:00Z\n", " 2026-12-03T18:00:00Z",
      "2026-12-03T18:00:00Z".repeat(4));

  /** 172801: one second over Cutover's 48 h maximum (issue 15); 4294967296: TokenRequest's own limit. */
  static final List<Long> BAD_EXPIRATIONS = List.of(0L, -1L, 1L, 599L, -3600L, Long.MIN_VALUE, 172801L, 604800L,
      4294967295L, 4294967296L,
      4294967297L, 1L << 40, Long.MAX_VALUE);

  public static Stream<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (String path : List.of("source.namespace", "target.namespace")) {
      BAD_LABELS.forEach(v -> out.add(string(path, v, Layer.SCHEMA)));
    }
    for (String path : List.of("source.cluster.name", "target.cluster.name")) {
      BAD_LABELS.forEach(v -> out.add(string(path, v, Layer.SCHEMA)));
      out.add(string(path, "local", Layer.cel(path)));
    }
    for (String path : List.of("source.serviceAccount", "target.serviceAccount", "tokens.secretName",
        "source.cluster.kubeconfigSecretRef.name")) {
      BAD_SUBDOMAINS.forEach(v -> out.add(string(path, v, Layer.SCHEMA)));
    }
    for (String path : List.of("source.cluster.kubeconfigSecretRef.key")) {
      BAD_KEYS.forEach(v -> out.add(string(path, v, v.equals(".") || v.startsWith("..") ? Layer.cel(path) : Layer.SCHEMA)));
    }
    issuerTrustRows(out);
    for (String w : BAD_WINDOWS) {
      boolean wellFormed = Pattern.matches("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$", w) && w.length() <= 32;
      out.add(string("dualRun.window", w, wellFormed ? Layer.cel("dualRun.window") : Layer.SCHEMA));
    }
    BAD_TIMES.forEach(v -> out.add(string("dualRun.notAfter", v, Layer.SCHEMA)));
    BAD_EXPIRATIONS.forEach(v -> out.add(new Case("tokens.expirationSeconds", F.numberNode(v), String.valueOf(v), Layer.SCHEMA)));
    // audiences: empty, blank, non-ASCII, too long, too many, duplicated, null items
    out.add(audiences("one empty audience", Layer.SCHEMA, ""));
    out.add(audiences("a blank audience", Layer.SCHEMA, " "));
    out.add(audiences("an audience with a space", Layer.SCHEMA, "vault example"));
    out.add(audiences("a unicode audience", Layer.SCHEMA, "völt.example"));
    out.add(audiences("an audience with a NUL", Layer.SCHEMA, "vault\u0000"));
    out.add(audiences("an audience of 257 characters", Layer.SCHEMA, "a".repeat(257)));
    out.add(audiences("an audience of 1 MB", Layer.SCHEMA, "a".repeat(1 << 20)));
    out.add(audiences("17 audiences", Layer.SCHEMA, IntStream.range(0, 17).mapToObj(i -> "aud-" + i).toArray(String[]::new)));
    out.add(audiences("10000 audiences", Layer.SCHEMA, IntStream.range(0, 10_000).mapToObj(i -> "aud-" + i).toArray(String[]::new)));
    out.add(audiences("a duplicated audience", Layer.cel("tokens.audiences"), "vault", "vault"));
    ArrayNode withNull = F.arrayNode().add("vault").addNull();
    out.add(new Case("tokens.audiences", withNull, "a null audience", Layer.SCHEMA));
    // every revocation off: nothing would be revoked, and yet verified (issue 15 item 7)
    out.add(new Case("cutover.revoke", F.objectNode().put("legacyTokenSecrets", false).put("bindings", false)
        .put("serviceAccount", "Keep"), "every revocation off", Layer.cel("cutover.revoke")));
    trustRows(out);
    secretRows(out);
    // required fields missing or null
    for (String path : List.of("source", "target", "source.namespace", "source.serviceAccount", "source.cluster.name",
        "source.cluster.kubeconfigSecretRef.name", "target.cluster.name", "target.cluster.issuerTrust.server")) {
      out.add(new Case(path, null, "missing", Layer.SCHEMA));
      out.add(new Case(path, F.nullNode(), "null", Layer.SCHEMA));
    }
    return out.stream();
  }

  // ---------------------------------------------------------------- a cluster reached by issuer trust (issue 15)

  /** Servers the pattern refuses: not https, or more than https://HOST[:PORT] (a user, a path, a query, a fragment). */
  static final List<String> BAD_SERVERS_SCHEMA = List.of("", "eu-new.example", "http://eu-new.example:6443",
      "HTTPS://eu-new.example", "https://", "https://eu-new.example/api", "https://eu-new.example:6443/k8s/",
      "https://admin@eu-new.example", "https://eu-new.example?insecure=1", "https://eu-new.example#x",
      "https://eu new.example", "https://eu-new.example/\n", "https://" + "h".repeat(505) + ".example");
  /** Those only the CEL rule refuses: a port without a host. */
  static final List<String> BAD_SERVERS_CEL = List.of("https://:6443");

  /** The target (issuerTrust in the valid spec) and the source (a kubeconfig Secret) each need exactly one way. */
  static void issuerTrustRows(List<Case> out) {
    String server = "target.cluster.issuerTrust.server";
    BAD_SERVERS_SCHEMA.forEach(v -> out.add(string(server, v, Layer.SCHEMA)));
    BAD_SERVERS_CEL.forEach(v -> out.add(string(server, v, Layer.cel(server))));
    out.add(string("target.cluster.issuerTrust.caBundle", "x".repeat(65537), Layer.SCHEMA));
    ObjectNode secret = F.objectNode().put("name", "eu-new-kubeconfig");
    out.add(new Case("target.cluster.kubeconfigSecretRef", secret, "a kubeconfig Secret besides issuerTrust",
        Layer.cel("target.cluster")));
    out.add(new Case("source.cluster.issuerTrust", F.objectNode().put("server", "https://eu-old.example"),
        "issuerTrust besides a kubeconfig Secret", Layer.cel("source.cluster")));
    for (String path : List.of("source.cluster.kubeconfigSecretRef", "target.cluster.issuerTrust")) {
      String at = path.substring(0, path.lastIndexOf('.'));
      out.add(new Case(path, null, "missing, so neither way is set", Layer.cel(at)));
      out.add(new Case(path, F.nullNode(), "null, so neither way is set", Layer.cel(at)));
    }
  }

  // ---------------------------------------------------------------- trust and secrets (issue 7's fields)

  static final List<String> BAD_COMMITS = List.of("", "abc12", "ABCDEF1", "g123456", "HEAD", "main", "3f2a9c1 ",
      "3f2a9c1\n", "a".repeat(65), "３f2a9c1");

  /** Probe URLs the pattern refuses (not an https URL: plain http anywhere, loopback included — a token would go over
   * it, see ApiRules.PROBE_URL) and those only the CEL rule refuses (no host). */
  static final List<String> BAD_PROBE_URLS_SCHEMA = List.of("", "vault.example", "ftp://vault.example/", "https://",
      "https://vault example/", "javascript:alert(1)", "https://vault.example/\n", "https://" + "v".repeat(2041),
      "HTTP://vault.example/", "http://vault.example:8200/v1/auth/jwt/login", "http://10.0.0.1/",
      "http://127.0.0.1.evil.example/", "http://localhost.evil.example/", "http://0.0.0.0/", "http://[::2]/",
      "http://0x7f.0.0.1/", "http://127.0.0.1:8200/v1/auth/jwt/login", "http://127.9.9.9/", "http://localhost:8200/",
      "http://[::1]:8200/", "HTTPS://vault.example/");
  static final List<String> BAD_PROBE_URLS_CEL = List.of("https:///v1/auth");

  static void trustRows(List<Case> out) {
    String party = "trust.relyingParties.0.";
    BAD_SUBDOMAINS.forEach(v -> out.add(string(party + "name", v, Layer.SCHEMA)));
    for (String field : List.of("name", "kind")) {
      out.add(new Case(party + field, null, "missing", Layer.SCHEMA));
      out.add(new Case(party + field, F.nullNode(), "null", Layer.SCHEMA));
    }
    for (String v : List.of("", " ", "vault example", "völt.example", "vault\u0000", "a".repeat(257))) {
      out.add(string(party + "audience", v, Layer.SCHEMA));
    }
    BAD_PROBE_URLS_SCHEMA.forEach(v -> out.add(string(party + "probeUrl", v, Layer.SCHEMA)));
    BAD_PROBE_URLS_CEL.forEach(v -> out.add(string(party + "probeUrl", v, Layer.cel(party + "probeUrl"))));
    for (String c : List.of("confirmed", "removalConfirmed")) {
      BAD_COMMITS.forEach(v -> out.add(string(party + c + ".commit", v, Layer.SCHEMA)));
      out.add(new Case(party + c + ".commit", null, "missing", Layer.SCHEMA));
    }
    // an unknown identityKey is an unknown enum value, refused by decoding as an unknown kind is; AWS keys on the :sub condition, so only the rule about the party's kind and key together refuses it
    out.add(string("trust.relyingParties.1.identityKey", "ServiceAccountUid", Layer.cel("trust.relyingParties.1")));
    ArrayNode twins = F.arrayNode();
    twins.addObject().put("name", "vault-eu").put("kind", "Vault");
    twins.addObject().put("name", "vault-eu").put("kind", "OIDC");
    out.add(new Case("trust.relyingParties", twins, "two parties named vault-eu", Layer.cel("trust.relyingParties")));
    ArrayNode many = F.arrayNode();
    IntStream.range(0, 33).forEach(i -> many.addObject().put("name", "party-" + i).put("kind", "OIDC"));
    out.add(new Case("trust.relyingParties", many, "33 relying parties", Layer.SCHEMA));
    out.add(new Case("trust.relyingParties.1", F.nullNode(), "a null relying party", Layer.SCHEMA));
    // annotations: keys outside the workload-identity prefixes (a forged provenance, a token Secret's own
    // annotations), prefixes without a name or with one over 63 characters; values too long or null; too many
    for (String key : List.of("example.com/role", "cutover.io/provenance", "kubernetes.io/service-account.name",
        "role-arn", "EKS.amazonaws.com/role-arn", "eks.amazonaws.com/", "iam.gke.io/", "azure.workload.identity/",
        "eks.amazonaws.com/" + "r".repeat(64), "azure.workload.identity/" + "c".repeat(64), "",
        "xeks.amazonaws.com/role-arn")) {
      out.add(annotations("key '" + (key.length() > 40 ? key.substring(0, 30) + "…" : key) + "'",
          Layer.cel("trust.annotations"), key, "x"));
    }
    out.add(annotations("a value of 1025 characters", Layer.SCHEMA, "eks.amazonaws.com/role-arn", "a".repeat(1025)));
    // a null value: kube-apiserver prunes a null of a non-nullable schema (the key would vanish and the source's
    // value be carried), so the value schema is nullable and a CEL rule refuses it (RealCrdAdmissionTest showed it)
    out.add(annotations("a null value", Layer.cel("trust.annotations"), "iam.gke.io/gcp-service-account", null));
    String[] entries = new String[66];
    for (int i = 0; i < 33; i++) {
      entries[2 * i] = "iam.gke.io/k" + i;
      entries[2 * i + 1] = "v";
    }
    out.add(annotations("33 annotations", Layer.SCHEMA, entries));
  }

  static void secretRows(List<Case> out) {
    BAD_SUBDOMAINS.forEach(v -> out.add(string("secrets.0", v, Layer.SCHEMA)));
    out.add(new Case("secrets.1", F.nullNode(), "a null Secret name", Layer.SCHEMA));
    out.add(new Case("secrets", F.arrayNode().add("payments-db").add("payments-db"), "a Secret listed twice",
        Layer.cel("secrets")));
    ArrayNode many = F.arrayNode();
    IntStream.range(0, 65).forEach(i -> many.add("secret-" + i));
    out.add(new Case("secrets", many, "65 Secrets", Layer.SCHEMA));
    out.add(new Case("secrets", F.arrayNode().add("payments-db").add("payments-api-token"),
        "the delivered token Secret (tokens.secretName)", Layer.cel("")));
    out.add(string("acceptLosses.0", "", Layer.SCHEMA));
    out.add(string("acceptLosses.0", "x".repeat(1025), Layer.SCHEMA));
    out.add(new Case("acceptLosses.0", F.nullNode(), "a null accepted loss", Layer.SCHEMA));
    ArrayNode accepted = F.arrayNode();
    IntStream.range(0, 257).forEach(i -> accepted.add("Permission/get pods in namespace ns-" + i));
    out.add(new Case("acceptLosses", accepted, "257 accepted losses", Layer.SCHEMA));
  }

  /** A whole spec.trust.annotations map of key, value pairs (the keys hold dots and slashes, so not a path). */
  static Case annotations(String label, Layer layer, String... keyValues) {
    ObjectNode map = F.objectNode();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        map.putNull(keyValues[i]);
      } else {
        map.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return new Case("trust.annotations", map, label, layer);
  }

  static Case string(String path, String value, Layer layer) {
    String label = value.length() > 40 ? "'" + value.substring(0, 12) + "…' (" + value.length() + " chars)" : "'" + value + "'";
    return new Case(path, F.textNode(value), label, layer);
  }

  static Case audiences(String label, Layer layer, String... values) {
    ArrayNode list = F.arrayNode();
    for (String v : values) {
      list.add(v);
    }
    return new Case("tokens.audiences", list, label, layer);
  }

  // ---------------------------------------------------------------- building the spec

  /** The valid spec with the row's one field set (or removed), as JSON: nulls, duplicates and oversize values kept. */
  public static ObjectNode specTree(Case c) {
    ObjectNode root = validSpec();
    String[] parts = c.path().split("\\.");
    JsonNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      node = isIndex(parts[i]) ? node.get(Integer.parseInt(parts[i])) : node.get(parts[i]);
    }
    String field = parts[parts.length - 1];
    if (node instanceof ArrayNode list) {
      int index = Integer.parseInt(field);
      if (c.value() == null) {
        list.remove(index);
      } else {
        list.set(index, c.value());
      }
    } else if (c.value() == null) {
      ((ObjectNode) node).remove(field);
    } else {
      ((ObjectNode) node).set(field, c.value());
    }
    return root;
  }

  static boolean isIndex(String part) {
    return part.chars().allMatch(Character::isDigit) && !part.isEmpty();
  }
}
