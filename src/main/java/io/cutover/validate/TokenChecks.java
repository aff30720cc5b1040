package io.cutover.validate;

import static io.cutover.validate.FieldChecks.show;
import static io.cutover.validate.FieldChecks.subdomain;
import static io.cutover.validate.FieldChecks.tooMany;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.TokensSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code spec.tokens}: the audiences, lifetime and delivery Secret of the tokens issued on the target. */
final class TokenChecks {
  private TokenChecks() {}

  static void check(List<Violation> out, TokensSpec tokens) {
    if (tokens == null) {
      return; // all defaults
    }
    List<String> audiences = tokens.getAudiences();
    if (audiences != null) {
      tooMany(out, "spec.tokens.audiences", audiences.size(), ApiRules.AUDIENCES_MAX_ITEMS, "items");
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < audiences.size(); i++) {
        String a = audiences.get(i);
        String path = "spec.tokens.audiences[" + i + "]";
        if (a == null || a.isEmpty()) {
          out.add(new Violation(path, "must not be empty"));
        } else if (FieldChecks.audience(out, path, a) && !seen.add(a)) {
          out.add(new Violation(path, show(a) + " is listed twice; audiences must be unique"));
        }
      }
    }
    Long seconds = tokens.getExpirationSeconds();
    if (seconds != null) {
      if (seconds < ApiRules.EXPIRATION_MIN_SECONDS) {
        out.add(new Violation("spec.tokens.expirationSeconds", "is " + seconds + "; must be at least "
            + ApiRules.EXPIRATION_MIN_SECONDS + " (TokenRequest's minimum)"));
      } else if (seconds > ApiRules.EXPIRATION_MAX_SECONDS) {
        out.add(new Violation("spec.tokens.expirationSeconds", "is " + seconds + "; must be at most "
            + ApiRules.EXPIRATION_MAX_SECONDS + " (48 h)"));
      }
    }
    subdomain(out, "spec.tokens.secretName", tokens.getSecretName(), false);
  }
}
