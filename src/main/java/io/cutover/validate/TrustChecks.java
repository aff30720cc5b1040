package io.cutover.validate;

import static io.cutover.validate.FieldChecks.show;
import static io.cutover.validate.FieldChecks.subdomain;
import static io.cutover.validate.FieldChecks.tooLong;
import static io.cutover.validate.FieldChecks.tooMany;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.Confirmation;
import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.api.v1alpha1.TrustSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code spec.trust}: the relying parties outside the clusters (name, kind, audience, the identity key only Vault and
 * OIDC may set to ServiceAccountUid, where the probe may send a token, the confirmations' commits) and the
 * workload-identity annotations carried to the target.
 */
final class TrustChecks {
  private static final Pattern PROBE_URL = Pattern.compile(ApiRules.PROBE_URL);
  private static final Pattern COMMIT = Pattern.compile(ApiRules.COMMIT);
  private static final Pattern QUALIFIED_NAME_PART = Pattern.compile(ApiRules.QUALIFIED_NAME_PART);

  private TrustChecks() {}

  static void check(List<Violation> out, TrustSpec trust) {
    if (trust == null) {
      return; // the default: no relying parties, no annotations
    }
    List<RelyingParty> parties = trust.getRelyingParties();
    if (parties != null) {
      tooMany(out, "spec.trust.relyingParties", parties.size(), ApiRules.RELYING_PARTIES_MAX_ITEMS, "items");
      Set<String> names = new HashSet<>();
      for (int i = 0; i < parties.size(); i++) {
        relyingParty(out, "spec.trust.relyingParties[" + i + "]", parties.get(i), names);
      }
    }
    Map<String, String> annotations = trust.getAnnotations();
    if (annotations != null) {
      tooMany(out, "spec.trust.annotations", annotations.size(), ApiRules.TRUST_ANNOTATIONS_MAX, "entries");
      for (Map.Entry<String, String> e : annotations.entrySet()) {
        annotation(out, e.getKey(), e.getValue());
      }
    }
  }

  /** One relying party; {@code names} holds the valid names seen so far, so a second one is reported. */
  private static void relyingParty(List<Violation> out, String path, RelyingParty p, Set<String> names) {
    if (p == null) {
      out.add(new Violation(path, "must not be null"));
      return;
    }
    int before = out.size();
    subdomain(out, path + ".name", p.getName(), true);
    if (out.size() == before && !names.add(p.getName())) {
      out.add(new Violation(path + ".name", show(p.getName()) + " is listed twice; relying party names must be unique"));
    }
    if (p.getKind() == null) {
      out.add(new Violation(path + ".kind", "is required (one of Vault, AWS, GCP, Azure, OIDC)"));
    }
    if (p.getIdentityKey() == RelyingParty.IdentityKey.ServiceAccountUid && p.getKind() != null
        && p.getKind() != RelyingParty.Kind.Vault && p.getKind() != RelyingParty.Kind.OIDC) {
      out.add(new Violation(path + ".identityKey", ApiRules.IDENTITY_KEY_KIND_MESSAGE + " (kind " + p.getKind() + ")"));
    }
    String audience = p.getAudience();
    if (audience != null) {
      if (audience.isEmpty()) {
        out.add(new Violation(path + ".audience", "must not be empty (omit it for the kind's usual audience)"));
      } else {
        FieldChecks.audience(out, path + ".audience", audience);
      }
    }
    probeUrl(out, path + ".probeUrl", p.getProbeUrl());
    confirmation(out, path + ".confirmed", p.getConfirmed());
    confirmation(out, path + ".removalConfirmed", p.getRemovalConfirmed());
  }

  /** https with a host: the only URLs the trust probe sends a token to. */
  private static void probeUrl(List<Violation> out, String path, String url) {
    if (url == null) {
      return;
    }
    if (url.length() > ApiRules.PROBE_URL_MAX_LENGTH) {
      out.add(new Violation(path, tooLong(url, ApiRules.PROBE_URL_MAX_LENGTH)));
      return;
    }
    if (!PROBE_URL.matcher(url).matches()) {
      out.add(new Violation(path, show(url) + " is not an https URL (plain http is refused, loopback too: the"
          + " probe sends a target token to it)"));
      return;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      out.add(new Violation(path, show(url) + " is not a URL"));
      return;
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      out.add(new Violation(path, show(url) + " has no host"));
    } else if (!ProbeUrls.permitted(uri)) {
      out.add(new Violation(path, "must be https: the probe sends a target token to it"));
    }
  }

  private static void confirmation(List<Violation> out, String path, Confirmation c) {
    if (c == null) {
      return;
    }
    String commit = c.getCommit();
    if (commit == null) {
      out.add(new Violation(path + ".commit", "is required"));
    } else if (!COMMIT.matcher(commit).matches()) {
      out.add(new Violation(path + ".commit", show(commit) + " is not a Git commit (7 to 64 lower-case hex characters)"));
    }
  }

  private static void annotation(List<Violation> out, String key, String value) {
    String path = "spec.trust.annotations";
    if (key == null) {
      out.add(new Violation(path, "has a null key"));
      return;
    }
    String prefix = ApiRules.WORKLOAD_IDENTITY_PREFIXES.stream().filter(key::startsWith).findFirst().orElse(null);
    if (prefix == null) {
      out.add(new Violation(path, "key " + show(key) + " is not a workload-identity annotation (prefix "
          + String.join(", ", ApiRules.WORKLOAD_IDENTITY_PREFIXES) + ")"));
      return;
    }
    String name = key.substring(prefix.length());
    if (name.isEmpty() || name.length() > ApiRules.QUALIFIED_NAME_PART_MAX) {
      out.add(new Violation(path, "key " + show(key) + ": the name after the prefix must be 1 to "
          + ApiRules.QUALIFIED_NAME_PART_MAX + " characters"));
    } else if (!QUALIFIED_NAME_PART.matcher(name).matches()) {
      out.add(new Violation(path, "key " + show(key) + " is not a qualified name (letters, digits, '-', '_' and '.',"
          + " starting and ending with a letter or digit)"));
    } else if (value == null) {
      out.add(new Violation(path + "[" + key + "]", "must not be null"));
    } else if (value.length() > ApiRules.TRUST_ANNOTATION_VALUE_MAX) {
      out.add(new Violation(path + "[" + key + "]", tooLong(value, ApiRules.TRUST_ANNOTATION_VALUE_MAX)));
    }
  }
}
