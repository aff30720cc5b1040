package io.cutover.trust;

import io.cutover.api.v1alpha1.RelyingParty;
import io.cutover.api.v1alpha1.TrustRebinding;
import io.cutover.rbac.ServiceAccountIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud workload-identity annotations a ServiceAccount can carry, and what each provider must change for a
 * migrated identity, with the provider's documented limits:
 * <ul>
 *   <li>AWS IRSA ({@value #AWS_ROLE_ARN}): the role's trust policy names the cluster's IAM OIDC provider (the issuer)
 *       and the {@code :sub}/{@code :aud} conditions; a trust policy is at most 2,048 characters by default.</li>
 *   <li>GKE Workload Identity ({@value #GKE_SERVICE_ACCOUNT}): the Google service account grants
 *       {@code roles/iam.workloadIdentityUser} to {@code serviceAccount:POOL[NS/NAME]}; every cluster of the pool with
 *       that namespace and name is the same identity.</li>
 *   <li>Azure Workload Identity ({@value #AZURE_CLIENT_ID}, {@value #AZURE_TENANT_ID}): a federated identity
 *       credential (issuer, subject, audience) on the app or managed identity; at most 20 per identity.</li>
 * </ul>
 * Vault has no annotation; a declared Vault party keys on the ServiceAccount's UID unless it says otherwise: the
 * Kubernetes auth method names entity aliases by UID ({@code alias_name_source}, default {@code serviceaccount_uid};
 * {@code serviceaccount_name}, the alias {@code NS/NAME}, since Vault 1.9), so every move makes a new Vault entity
 * unless the old entity gets an alias for the target (design entry 117).
 */
public final class WorkloadIdentity {
  private WorkloadIdentity() {}

  public static final String AWS_ROLE_ARN = "eks.amazonaws.com/role-arn";
  public static final String AWS_AUDIENCE_ANNOTATION = "eks.amazonaws.com/audience";
  public static final String GKE_SERVICE_ACCOUNT = "iam.gke.io/gcp-service-account";
  public static final String AZURE_CLIENT_ID = "azure.workload.identity/client-id";
  public static final String AZURE_TENANT_ID = "azure.workload.identity/tenant-id";
  /** Prefixes of the annotations carried to the target ServiceAccount. */
  public static final List<String> CARRIED_PREFIXES = io.cutover.api.v1alpha1.ApiRules.WORKLOAD_IDENTITY_PREFIXES;

  public static final String AWS_AUDIENCE = "sts.amazonaws.com";
  public static final String AZURE_AUDIENCE = "api://AzureADTokenExchange";
  /** IAM: the default quota of a role trust policy's length (characters, whitespace excluded). */
  public static final int AWS_TRUST_POLICY_LIMIT = 2048;
  /** Entra ID: federated identity credentials per application or user-assigned managed identity. */
  public static final int AZURE_FEDERATED_CREDENTIAL_LIMIT = 20;

  /** The default audience a relying party of this kind expects, if it has one. */
  public static Optional<String> defaultAudience(RelyingParty.Kind kind) {
    return switch (kind) {
      case AWS -> Optional.of(AWS_AUDIENCE);
      case Azure -> Optional.of(AZURE_AUDIENCE);
      case Vault, GCP, OIDC -> Optional.empty();
    };
  }

  /**
   * What a relying party of this kind keys the identity on when the spec does not say: the ServiceAccount's UID for
   * Vault (the Kubernetes auth method's {@code alias_name_source} defaults to {@code serviceaccount_uid}), the subject
   * for the others. AWS, GCP and Azure can only key on the subject, whatever is declared (the CRD refuses it).
   */
  public static RelyingParty.IdentityKey identityKey(RelyingParty.Kind kind, RelyingParty.IdentityKey declared) {
    return switch (kind) {
      case AWS, GCP, Azure -> RelyingParty.IdentityKey.Subject;
      case Vault -> declared == null ? RelyingParty.IdentityKey.ServiceAccountUid : declared;
      case OIDC -> declared == null ? RelyingParty.IdentityKey.Subject : declared;
    };
  }

  /** The UIDs the change text names: each null until known (the target's until provisioning created it). */
  record Uids(String source, String target) {
    static final Uids UNKNOWN = new Uids(null, null);
  }

  /** The change a relying party needs so that it trusts the target; {@code annotations} are the target's. */
  static TrustRebinding rebinding(String name, RelyingParty.Kind kind, RelyingParty.IdentityKey declaredKey,
      String origin, Map<String, String> annotations, String audience, String sourceIssuer, String targetIssuer,
      ServiceAccountIdentity source, ServiceAccountIdentity target, Uids uids) {
    String subject = target.username();
    String oldSubject = source.username();
    boolean issuerChanged = !sourceIssuer.equals(targetIssuer);
    boolean subjectChanged = !subject.equals(oldSubject);
    RelyingParty.IdentityKey key = identityKey(kind, declaredKey);
    boolean byUid = key == RelyingParty.IdentityKey.ServiceAccountUid;
    List<String> limits = new ArrayList<>();
    String identity = null;
    String change;
    // A UID key always changes: the target ServiceAccount is a new object, whatever its issuer and subject.
    boolean required = issuerChanged || subjectChanged || byUid;
    switch (kind) {
      case AWS -> {
        identity = annotations.get(AWS_ROLE_ARN);
        String aud = audience == null ? annotations.getOrDefault(AWS_AUDIENCE_ANNOTATION, AWS_AUDIENCE) : audience;
        audience = aud;
        String account = accountOf(identity).orElse("ACCOUNT_ID");
        String both = "{\"Version\":\"2012-10-17\",\"Statement\":[" + awsStatement(account, sourceIssuer, oldSubject, aud)
            + "," + awsStatement(account, targetIssuer, subject, aud) + "]}";
        change = "role " + (identity == null ? "(declared)" : identity) + ": create the IAM OIDC identity provider "
            + "arn:aws:iam::" + account + ":oidc-provider/" + host(targetIssuer) + " (client ID " + aud + ") and add a"
            + " trust-policy statement allowing sts:AssumeRoleWithWebIdentity from it with " + host(targetIssuer)
            + ":sub = " + subject + " and " + host(targetIssuer) + ":aud = " + aud
            + "; after cutover remove the statement for " + sourceIssuer;
        limits.add("IAM role trust policy at most " + AWS_TRUST_POLICY_LIMIT + " characters by default: with both issuers"
            + " during the dual run it needs about " + both.length() + (both.length() > AWS_TRUST_POLICY_LIMIT
            ? " characters, OVER the limit: raise the quota or use a second role" : " characters"));
        limits.add("AWS must reach the issuer's discovery document and JWKS over public https");
      }
      case GCP -> {
        identity = annotations.get(GKE_SERVICE_ACCOUNT);
        String project = identity == null || !identity.contains("@") ? "PROJECT_ID"
            : identity.substring(identity.indexOf('@') + 1).replace(".iam.gserviceaccount.com", "");
        String member = "serviceAccount:" + project + ".svc.id.goog[" + target.namespace() + "/" + target.name() + "]";
        // GKE trusts the pool, not the cluster's issuer: only a different namespace/name (or pool) changes the member.
        required = subjectChanged;
        change = (subjectChanged ? "grant roles/iam.workloadIdentityUser on " : "nothing to change if the target cluster"
            + " is in the same workload identity pool; otherwise grant roles/iam.workloadIdentityUser on ")
            + (identity == null ? "the Google service account" : identity) + " to " + member
            + (subjectChanged ? "; after cutover remove serviceAccount:" + project + ".svc.id.goog[" + source.namespace()
                + "/" + source.name() + "]" : "");
        limits.add("fleet workload identity pool " + project + ".svc.id.goog: every cluster of the pool with namespace "
            + target.namespace() + " and ServiceAccount " + target.name() + " is the same identity, so the binding cannot"
            + " tell source from target; a ServiceAccount of that name re-created on the source gets the access back");
      }
      case Azure -> {
        identity = annotations.get(AZURE_CLIENT_ID);
        String tenant = annotations.get(AZURE_TENANT_ID);
        audience = audience == null ? AZURE_AUDIENCE : audience;
        change = "application/managed identity " + (identity == null ? "(declared)" : identity)
            + (tenant == null ? "" : " in tenant " + tenant) + ": add a federated identity credential with issuer "
            + targetIssuer + ", subject " + subject + ", audience " + audience
            + "; after cutover delete the one for issuer " + sourceIssuer;
        limits.add("at most " + AZURE_FEDERATED_CREDENTIAL_LIMIT + " federated identity credentials per identity: the"
            + " dual run needs one more than today (old and new issuer side by side)");
        limits.add("issuer and subject must match exactly (case-sensitive, no trailing slash difference)");
      }
      case Vault -> change = "JWT auth: trust the target's keys (oidc_discovery_url " + targetIssuer
          + " or its JWKS) and bind the role to bound_subject " + subject
          + (audience == null ? "" : " and bound_audiences " + audience)
          + "; after cutover remove the source's keys or mount";
      case OIDC -> change = "trust issuer " + targetIssuer + " (discovery at " + targetIssuer
          + "/.well-known/openid-configuration), subject " + subject
          + (audience == null ? "" : ", audience " + audience) + "; after cutover stop trusting " + sourceIssuer;
      default -> throw new IllegalArgumentException("kind " + kind);
    }
    if (kind == RelyingParty.Kind.Vault) {
      limits.add("a JWT auth mount validates one issuer (bound_issuer, one discovery URL): during the dual run use a"
          + " second mount or jwt_validation_pubkeys holding both clusters' keys");
    }
    if (byUid) {
      change = (issuerChanged || subjectChanged ? change + "; and " : "") + uidChange(kind, target, uids, limits);
    }
    if (!required) {
      change = "nothing to change: issuer and subject are the same on both clusters; " + change;
    }
    return new TrustRebinding(name, kind.name(), origin, identity, sourceIssuer, targetIssuer, subject, audience,
        key.name(), byUid ? uids.source() : oldSubject, byUid ? uids.target() : subject, required, change, limits);
  }

  /**
   * What a party that keys on the ServiceAccount's UID must change: the target's UID is new on every move. For Vault's
   * Kubernetes auth the new UID is a new entity alias, so a new entity without the old one's policies, groups and
   * metadata; the two ways to keep the old entity are named with the commands and the UIDs as far as known.
   */
  private static String uidChange(RelyingParty.Kind kind, ServiceAccountIdentity target, Uids uids,
      List<String> limits) {
    String sourceUid = uids.source() == null ? "SOURCE_UID" : uids.source();
    String targetUid = uids.target() == null ? "TARGET_UID" : uids.target();
    String where = (uids.source() == null ? " (SOURCE_UID: status.plan.sourceUid)" : "")
        + (uids.target() == null ? " (TARGET_UID: status.provenance.targetUid, once provisioning created it)" : "");
    String targetName = target.namespace() + "/" + target.name();
    if (kind == RelyingParty.Kind.Vault) {
      limits.add("a Vault entity holds at most one alias per auth mount: where source and target log in through the"
          + " same Kubernetes auth mount, rename the old entity's alias instead, at cutover (vault write"
          + " identity/entity-alias/id/ALIAS_ID name=" + targetUid + ", or name=" + targetName
          + " with alias_name_source=serviceaccount_name)");
      limits.add("alias_name_source=serviceaccount_name holds for every ServiceAccount the role admits, and a"
          + " ServiceAccount deleted and re-created as " + targetName + " gets the entity (why Vault advises"
          + " serviceaccount_uid)");
      return "Kubernetes auth names the entity alias after the ServiceAccount's UID (alias_name_source="
          + "serviceaccount_uid, the default): the target ServiceAccount is a new object with UID " + targetUid
          + ", not " + sourceUid + ", so its first login creates a new Vault entity without the old entity's policies,"
          + " groups and metadata. Before that login find the old entity (vault write identity/lookup/entity alias_name="
          + sourceUid + " alias_mount_accessor=SOURCE_MOUNT_ACCESSOR) and give it an alias on the target's mount:"
          + " either set alias_name_source=serviceaccount_name on the target's role, whose alias is then " + targetName
          + " (vault write identity/entity-alias name=" + targetName + " canonical_id=OLD_ENTITY_ID"
          + " mount_accessor=TARGET_MOUNT_ACCESSOR, possible before provisioning), or keep serviceaccount_uid and alias"
          + " the new UID (vault write identity/entity-alias name=" + targetUid + " canonical_id=OLD_ENTITY_ID"
          + " mount_accessor=TARGET_MOUNT_ACCESSOR); after cutover delete the old entity's alias " + sourceUid + where;
    }
    return "it keys the identity on the ServiceAccount's UID (the kubernetes.io.serviceaccount.uid claim): the target's"
        + " tokens carry UID " + targetUid + " instead of " + sourceUid + "; grant the new UID what the old one has"
        + " before the first request, and after cutover remove the grants of " + sourceUid + where;
  }

  private static String awsStatement(String account, String issuer, String subject, String audience) {
    String h = host(issuer);
    return "{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::" + account + ":oidc-provider/" + h
        + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"" + h + ":sub\":\""
        + subject + "\",\"" + h + ":aud\":\"" + audience + "\"}}}";
  }

  /** The issuer without its scheme, as IAM names OIDC providers and their condition keys. */
  static String host(String issuer) {
    return issuer.replaceFirst("^https?://", "");
  }

  static Optional<String> accountOf(String roleArn) {
    if (roleArn == null) {
      return Optional.empty();
    }
    String[] parts = roleArn.split(":");
    return parts.length >= 6 && parts[4].matches("\\d{12}") ? Optional.of(parts[4]) : Optional.empty();
  }
}
