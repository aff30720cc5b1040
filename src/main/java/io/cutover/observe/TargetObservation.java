package io.cutover.observe;

import io.cutover.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Optional;
import java.util.Set;

/** What the target cluster holds: the namespace, an existing ServiceAccount, RBAC and the namespaces that exist. */
public record TargetObservation(Optional<Namespace> namespace, Optional<ServiceAccount> serviceAccount, RbacSnapshot rbac,
    Set<String> namespaces, String issuer) {}
