package io.cutover.validate;

import static io.cutover.validate.FieldChecks.show;
import static io.cutover.validate.FieldChecks.subdomain;
import static io.cutover.validate.FieldChecks.tooMany;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.TokensSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code spec.secrets}: the Secrets that move with the identity, each named once and none taking the name of the
 * Secret the issued token is delivered in ({@code spec.tokens.secretName}).
 */
final class SecretChecks {
  private SecretChecks() {}

  static void check(List<Violation> out, List<String> secrets, TokensSpec tokens) {
    if (secrets == null) {
      return;
    }
    tooMany(out, "spec.secrets", secrets.size(), ApiRules.SECRETS_MAX_ITEMS, "items");
    String tokenSecret = tokens == null ? null : tokens.getSecretName();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < secrets.size(); i++) {
      String path = "spec.secrets[" + i + "]";
      String name = secrets.get(i);
      int before = out.size();
      subdomain(out, path, name, true);
      if (out.size() != before) {
        continue;
      }
      if (!seen.add(name)) {
        out.add(new Violation(path, show(name) + " is listed twice; secrets must be unique"));
      } else if (name.equals(tokenSecret)) {
        out.add(new Violation(path, show(name) + " is spec.tokens.secretName, the Secret the issued token is"
            + " delivered in on the target; a moved Secret cannot take its name"));
      }
    }
  }
}
