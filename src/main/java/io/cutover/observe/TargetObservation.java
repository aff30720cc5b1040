package io.cutover.observe;

import io.cutover.rbac.RbacSnapshot;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Optional;
import java.util.Set;

/**
 * What the target cluster holds: the namespace, an existing ServiceAccount, RBAC, the namespaces that exist, the
 * token delivery Secret if the spec names one and it exists, and which of the Secrets the source ServiceAccount
 * references exist in the target namespace ({@code secrets}, names only: whether an image pull or mountable Secret
 * reference would resolve there).
 */
public record TargetObservation(Optional<Namespace> namespace, Optional<ServiceAccount> serviceAccount, RbacSnapshot rbac,
    Set<String> namespaces, String issuer, Optional<Secret> deliverySecret, Set<String> secrets) {}
