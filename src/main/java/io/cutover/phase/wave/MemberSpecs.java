package io.cutover.phase.wave;

import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.ServiceAccountMigrationWave;
import io.cutover.api.v1alpha1.SourceSpec;
import io.cutover.api.v1alpha1.TargetSpec;
import io.cutover.api.v1alpha1.UserRef;
import io.cutover.api.v1alpha1.WaveSpec;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The member migration made for one identity: the wave's policy and requester (so the member is checked as if it
 * were applied alone), source and target, the wave's template, the wave's labels and {@value ServiceAccountMigrationWave#WAVE_LABEL}
 * and an ownerReference to the wave (controller). Its name is deterministic: the wave's name and a short hash of
 * the identity, at most 63 characters.
 */
public final class MemberSpecs {
  public static final int NAME_MAX = 63;
  private static final int HASH_CHARS = 10;
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private MemberSpecs() {}

  public static String name(String wave, WaveIdentity id) {
    String prefix = wave.length() > NAME_MAX - HASH_CHARS - 1 ? wave.substring(0, NAME_MAX - HASH_CHARS - 1) : wave;
    while (prefix.endsWith("-") || prefix.endsWith(".")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix + "-" + hash(id.toString());
  }

  static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The member for {@code id}; {@code sharedDeadline} (Shared window mode) becomes its spec.dualRun.notAfter. */
  public static ServiceAccountMigration member(ServiceAccountMigrationWave wave, WaveIdentity id, String sharedDeadline) {
    WaveSpec w = wave.getSpec();
    ServiceAccountMigrationSpec spec = new ServiceAccountMigrationSpec();
    spec.setPolicy(w.getPolicy());
    spec.setRequester(copy(w.getRequester(), UserRef.class));
    SourceSpec source = new SourceSpec();
    source.setCluster(copy(w.getSource().getCluster(), io.cutover.api.v1alpha1.ClusterRef.class));
    source.setNamespace(id.namespace());
    source.setServiceAccount(id.name());
    spec.setSource(source);
    TargetSpec target = new TargetSpec();
    if (w.getTarget() != null) {
      target.setCluster(copy(w.getTarget().getCluster(), io.cutover.api.v1alpha1.ClusterRef.class));
      Map<String, String> mapping = w.getTarget().getNamespaces();
      if (mapping != null && mapping.get(id.namespace()) != null) {
        target.setNamespace(mapping.get(id.namespace()));
      }
    }
    spec.setTarget(target);
    if (w.getTokens() != null) {
      spec.setTokens(copy(w.getTokens(), io.cutover.api.v1alpha1.TokensSpec.class));
    }
    if (w.getRbac() != null) {
      spec.setRbac(copy(w.getRbac(), io.cutover.api.v1alpha1.RbacSpec.class));
    }
    if (w.getDualRun() != null) {
      spec.setDualRun(copy(w.getDualRun(), io.cutover.api.v1alpha1.DualRunSpec.class));
    }
    if (sharedDeadline != null) {
      spec.getDualRun().setNotAfter(sharedDeadline);
    }
    if (w.getCutover() != null) {
      spec.setCutover(copy(w.getCutover(), io.cutover.api.v1alpha1.CutoverSpec.class));
    }
    // The wave's gates are its own (WaveGates): the template's approval fields never reach a member.
    spec.getCutover().setApproved(false);
    spec.getCutover().setApprovedBy(null);
    if (w.getTrust() != null) {
      spec.setTrust(copy(w.getTrust(), io.cutover.api.v1alpha1.TrustSpec.class));
    }
    WaveGates.Gates gates = WaveGates.desired(w, id);
    if (gates.approvedBy() != null) {
      spec.getCutover().setApproved(true);
      spec.getCutover().setApprovedBy(copy(gates.approvedBy(), UserRef.class));
    }
    ServiceAccountMigration sam = new ServiceAccountMigration();
    sam.getMetadata().setName(name(wave.getMetadata().getName(), id));
    sam.getMetadata().setNamespace(wave.getMetadata().getNamespace());
    // The wave's own labels first (a shard's selector, design entry 153, then selects its members too), then its name.
    Map<String, String> labels = new java.util.TreeMap<>();
    if (wave.getMetadata().getLabels() != null) {
      labels.putAll(wave.getMetadata().getLabels());
    }
    labels.put(ServiceAccountMigrationWave.WAVE_LABEL, wave.getMetadata().getName());
    sam.getMetadata().setLabels(labels);
    sam.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
        .withApiVersion(wave.getApiVersion()).withKind(wave.getKind()).withName(wave.getMetadata().getName())
        .withUid(wave.getMetadata().getUid()).withController(true).build()));
    sam.setSpec(spec);
    return sam;
  }

  private static <T> T copy(T value, Class<T> type) {
    return value == null ? null : JSON.unmarshal(JSON.asJson(value), type);
  }
}
