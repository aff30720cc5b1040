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
}
