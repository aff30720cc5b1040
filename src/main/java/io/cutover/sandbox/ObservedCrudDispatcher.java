package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.List;
import java.util.Objects;

/**
 * fabric8's CRUD store, which also tells {@link WatchEvents} of every change it stores (create, update, patch,
 * delete, from HTTP or from the sandbox's own controllers), so HTTP watches see the same changes as the mock's
 * WebSocket watches, in the same order.
 */
final class ObservedCrudDispatcher extends KubernetesCrudDispatcher {

  private final WatchEvents events;

  ObservedCrudDispatcher(WatchEvents events) {
    super(List.of());
    this.events = events;
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String oldState = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (!Objects.equals(oldState, newState)) {
      events.publish(oldState, newState, this::requestResourceVersion);
    }
  }
}
