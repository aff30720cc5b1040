/**
 * Immutable observations of the source and target identity, read through
 * {@link io.cutover.cluster.ClusterReader} only: nothing here can write (ArchitectureTest).
 */
package io.cutover.observe;
