package io.cutover.cluster;

/**
 * One cluster (source or target) as a migration's steps use it: the four ports by concern, behind one connection.
 * The steps see only these, so they can be tested without a server and every API call can be counted; code that
 * needs one concern takes that port alone (the observation, for one, gets {@link ClusterReader} and cannot write).
 * Implementations throw {@link ClusterAccessException}.
 */
public interface ClusterPort extends ClusterReader, TokenIssuer, Reviews, OwnedObjects {}
