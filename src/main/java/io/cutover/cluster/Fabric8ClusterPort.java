package io.cutover.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * {@link ClusterPort} on a fabric8 client: the real TokenRequest, TokenReview and SubjectAccessReview calls, one
 * class per concern sharing one {@link Fabric8Session}. RBAC is read from informers ({@link RbacCache}) started on
 * first use; where they cannot run (no list/watch permission), from lists.
 */
public final class Fabric8ClusterPort implements ComposedClusterPort, AutoCloseable {
  /** At most this many SubjectAccessReviews of one batch are in flight to one cluster. */
  static final int CONCURRENT_REVIEWS = Fabric8Reviews.CONCURRENT_REVIEWS;

  private final Fabric8Session session;
  private final Fabric8ClusterReader reader;
  private final Fabric8TokenIssuer tokens;
  private final Fabric8Reviews reviews;
  private final Fabric8OwnedObjects owned;
  private final Fabric8IdentityInventory inventory;

  public Fabric8ClusterPort(String clusterName, KubernetesClient client) {
    this(clusterName, client, true);
  }

  /** {@code cacheRbac} false: every {@link #rbac()} lists the four kinds (no informers). */
  public Fabric8ClusterPort(String clusterName, KubernetesClient client, boolean cacheRbac) {
    this.session = new Fabric8Session(clusterName, client, cacheRbac);
    this.reader = new Fabric8ClusterReader(session);
    this.tokens = new Fabric8TokenIssuer(session);
    this.reviews = new Fabric8Reviews(session);
    this.owned = new Fabric8OwnedObjects(session);
    this.inventory = new Fabric8IdentityInventory(session);
  }

  @Override
  public ClusterReader reader() { return reader; }

  @Override
  public TokenIssuer tokens() { return tokens; }

  @Override
  public Reviews reviews() { return reviews; }

  @Override
  public OwnedObjects owned() { return owned; }

  /** The namespaces' inventories for discovering which identities are in use (a wave's dry run). */
  public IdentityInventory inventory() { return inventory; }

  /** Stops the RBAC informers and the review threads (the client belongs to whoever made this port). */
  @Override
  public void close() {
    reviews.close();
    session.close();
  }
}
