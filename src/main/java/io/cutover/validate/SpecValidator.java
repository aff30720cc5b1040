package io.cutover.validate;

import io.cutover.api.v1alpha1.ApiRules;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's own check of a spec: every rule the CRD schema and its CEL rules state ({@link ApiRules}), applied
 * to what the operator reads. A CRD older than the operator, or an API server that does not enforce the schema,
 * must not let a malformed spec reach a cluster. Pure: never reads anything, never throws on any input.
 *
 * <p>Fields with a schema default may be absent or null (the API server prunes a null and applies the default, and
 * the operator reads them the same way); required fields may not.
 *
 * <p>Each section of the spec has its checks in one class: {@link EndpointChecks} ({@code source}, {@code target}),
 * {@link TokenChecks}, {@link DualRunChecks}, {@link CutoverChecks}, {@link TrustChecks}, {@link SecretChecks}; the
 * checks of one field that they share (names, audiences, lengths) are {@link FieldChecks}. This class runs them in
 * field order.
 */
public final class SpecValidator {
  private SpecValidator() {}

  /** Every violation, in field order; empty when the spec is valid. */
  public static List<Violation> validate(ServiceAccountMigrationSpec spec) {
    List<Violation> out = new ArrayList<>();
    if (spec == null) {
      out.add(new Violation("spec", "is required"));
      return out;
    }
    // Fields the stored JSON holds that do not fit (read as null): named first, as the API server's schema would.
    spec.getUnreadable().forEach(u -> out.add(new Violation(u.path(), u.problem())));
    EndpointChecks.check(out, spec.getSource(), spec.getTarget());
    TokenChecks.check(out, spec.getTokens());
    DualRunChecks.check(out, spec.getDualRun());
    CutoverChecks.check(out, spec.getCutover());
    TrustChecks.check(out, spec.getTrust());
    SecretChecks.check(out, spec.getSecrets(), spec.getTokens());
    AcceptLossChecks.check(out, spec.getAcceptLosses());
    return out;
  }

  /** The first violation, or null: what a condition message names. */
  public static Violation first(ServiceAccountMigrationSpec spec) {
    List<Violation> all = validate(spec);
    return all.isEmpty() ? null : all.get(0);
  }

  /** A condition message: the first violation, and how many more there are. */
  public static String message(List<Violation> violations) {
    String head = violations.get(0).toString();
    return violations.size() == 1 ? head : head + " (and " + (violations.size() - 1) + " more)";
  }
}
