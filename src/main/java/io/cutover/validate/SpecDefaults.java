package io.cutover.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.api.v1alpha1.CutoverSpec;
import io.cutover.api.v1alpha1.DualRunSpec;
import io.cutover.api.v1alpha1.RbacSpec;
import io.cutover.api.v1alpha1.RevokeSpec;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.TokensSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;

/**
 * The spec as the steps read it: a copy with every schema default applied where the stored object holds null. The
 * API server prunes nulls and applies defaults itself; an API server that does not (or a CRD older than the
 * operator) must not make a step fail on a null section. Required fields are left as they are.
 */
public final class SpecDefaults {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SpecDefaults() {}

  /** A defaulted copy; the argument is never changed. Null stays null (the validator refuses it). */
  public static ServiceAccountMigrationSpec withDefaults(ServiceAccountMigrationSpec spec) {
    if (spec == null) {
      return null;
    }
    ServiceAccountMigrationSpec copy = copy(spec);
    copy.setUnreadable(spec.getUnreadable());
    if (copy.getTokens() == null) {
      copy.setTokens(new TokensSpec());
    }
    TokensSpec tokens = copy.getTokens();
    if (tokens.getAudiences() == null) {
      tokens.setAudiences(new ArrayList<>());
    }
    if (tokens.getExpirationSeconds() == null) {
      tokens.setExpirationSeconds(TokensSpec.DEFAULT_EXPIRATION_SECONDS);
    }
    if (copy.getRbac() == null) {
      copy.setRbac(new RbacSpec());
    }
    if (copy.getRbac().getMode() == null) {
      copy.getRbac().setMode(RbacSpec.Mode.Mirror);
    }
    if (copy.getDualRun() == null) {
      copy.setDualRun(new DualRunSpec());
    }
    if (copy.getDualRun().getWindow() == null) {
      copy.getDualRun().setWindow(DualRunSpec.DEFAULT_WINDOW);
    }
    if (copy.getDualRun().getOnDeadline() == null) {
      copy.getDualRun().setOnDeadline(DualRunSpec.OnDeadline.Cutover);
    }
    if (copy.getCutover() == null) {
      copy.setCutover(new CutoverSpec());
    }
    CutoverSpec cutover = copy.getCutover();
    if (cutover.getApproval() == null) {
      cutover.setApproval(CutoverSpec.Approval.Automatic);
    }
    if (cutover.getRevoke() == null) {
      cutover.setRevoke(new RevokeSpec());
    }
    if (cutover.getRevoke().getServiceAccount() == null) {
      cutover.getRevoke().setServiceAccount(RevokeSpec.ServiceAccountAction.Delete);
    }
    return copy;
  }

  private static ServiceAccountMigrationSpec copy(ServiceAccountMigrationSpec spec) {
    try {
      return MAPPER.readValue(MAPPER.writeValueAsBytes(spec), ServiceAccountMigrationSpec.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy spec", e);
    }
  }
}
