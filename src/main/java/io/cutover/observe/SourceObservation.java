package io.cutover.observe;

import io.cutover.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.List;
import java.util.Optional;

/** What the source cluster holds of the identity, read once per step. Secret data is never looked at. */
public record SourceObservation(Optional<ServiceAccount> serviceAccount, RbacSnapshot rbac, List<Secret> legacyTokenSecrets,
    List<Pod> pods, String issuer) {}
