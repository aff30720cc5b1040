package io.cutover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the target identity came from; the same facts are annotated on every object created on the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProvenanceStatus {
  @JsonPropertyDescription("Name of the source cluster.")
  private String sourceCluster;
  @JsonPropertyDescription("UID of the source ServiceAccount.")
  private String sourceUid;
  @JsonPropertyDescription("Name of the target cluster.")
  private String targetCluster;
  @JsonPropertyDescription("UID of the target ServiceAccount.")
  private String targetUid;
  @JsonPropertyDescription("UID of this migration.")
  private String migrationUid;
  @JsonPropertyDescription("When the target identity was created.")
  private String createdAt;
  @JsonPropertyDescription("Namespace of the source ServiceAccount.")
  private String sourceNamespace;
  @JsonPropertyDescription("Name of the source ServiceAccount.")
  private String sourceName;
  @JsonPropertyDescription("When the first target token was issued (the target proven).")
  private String issuedAt;
  @JsonPropertyDescription("When the cutover was decided (approval or deadline).")
  private String approvedAt;
  @JsonPropertyDescription("When the revocation finished.")
  private String cutoverAt;
  @JsonPropertyDescription("What was revoked on the source, as Kind/namespace/name.")
  private java.util.List<String> revoked;
  @JsonPropertyDescription("The identity's earlier migrations (when the source was itself migrated), oldest first, then this one. Also on the target ServiceAccount as annotation cutover.io/provenance.")
  private java.util.List<ProvenanceLink> chain;

  public String getSourceCluster() { return sourceCluster; }
  public void setSourceCluster(String sourceCluster) { this.sourceCluster = sourceCluster; }
  public String getSourceUid() { return sourceUid; }
  public void setSourceUid(String sourceUid) { this.sourceUid = sourceUid; }
  public String getTargetCluster() { return targetCluster; }
  public void setTargetCluster(String targetCluster) { this.targetCluster = targetCluster; }
  public String getTargetUid() { return targetUid; }
  public void setTargetUid(String targetUid) { this.targetUid = targetUid; }
  public String getMigrationUid() { return migrationUid; }
  public void setMigrationUid(String migrationUid) { this.migrationUid = migrationUid; }
  public String getCreatedAt() { return createdAt; }
  public void setCreatedAt(String createdAt) { this.createdAt = createdAt; }
  public String getSourceNamespace() { return sourceNamespace; }
  public void setSourceNamespace(String sourceNamespace) { this.sourceNamespace = sourceNamespace; }
  public String getSourceName() { return sourceName; }
  public void setSourceName(String sourceName) { this.sourceName = sourceName; }
  public String getIssuedAt() { return issuedAt; }
  public void setIssuedAt(String issuedAt) { this.issuedAt = issuedAt; }
  public String getApprovedAt() { return approvedAt; }
  public void setApprovedAt(String approvedAt) { this.approvedAt = approvedAt; }
  public String getCutoverAt() { return cutoverAt; }
  public void setCutoverAt(String cutoverAt) { this.cutoverAt = cutoverAt; }
  public java.util.List<String> getRevoked() { return revoked; }
  public void setRevoked(java.util.List<String> revoked) { this.revoked = revoked; }
  public java.util.List<ProvenanceLink> getChain() { return chain; }
  public void setChain(java.util.List<ProvenanceLink> chain) { this.chain = chain; }
}
