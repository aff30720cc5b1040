/**
 * The ports to Kubernetes, by concern: {@link io.cutover.cluster.ClusterReader} (reads, all that observation gets),
 * {@link io.cutover.cluster.TokenIssuer}, {@link io.cutover.cluster.Reviews} and
 * {@link io.cutover.cluster.OwnedObjects}, joined per cluster by {@link io.cutover.cluster.ClusterPort}; and
 * {@link io.cutover.cluster.IdentityInventory} (whole namespaces, one list per kind, for a wave's dry run). The fabric8
 * adapter is one class per port sharing a session; {@link io.cutover.cluster.ClusterConnector} builds a port per
 * kubeconfig Secret. Errors leave as {@link io.cutover.cluster.ClusterAccessException}, whose message never quotes a
 * response; tokens travel as {@link io.cutover.cluster.Token}, which redacts itself.
 */
package io.cutover.cluster;
