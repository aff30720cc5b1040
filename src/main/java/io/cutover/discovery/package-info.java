/**
 * Which ServiceAccounts of whole namespaces are in use and which are idle, for a wave's dry run (issue 19):
 * {@link io.cutover.discovery.IdentityDiscovery} is a pure function of the namespaces' inventories
 * ({@link io.cutover.cluster.NamespaceInventory}, read by {@link io.cutover.cluster.IdentityInventory}) and the
 * {@link io.cutover.policy.ProtectedIdentities}. Names, kinds and dates only: never a token or any Secret data.
 */
package io.cutover.discovery;
