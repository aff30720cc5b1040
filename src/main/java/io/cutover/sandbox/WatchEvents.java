package io.cutover.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.LongSupplier;

/**
 * kube-apiserver's watch cache, as far as HTTP watches need it: every stored change in resourceVersion order, the
 * most recent {@value #HISTORY} of them kept so a watch can start at a resourceVersion a list returned, and the
 * watches currently open. A change is the object before and after (either may be absent); each watch decides by its
 * own selection whether it sees ADDED, MODIFIED or DELETED, as the cacher does.
 */
final class WatchEvents {

  static final int HISTORY = 2048;

  /** One stored change. {@code before} is null for a create, {@code after} for a delete. */
  record Change(long resourceVersion, JsonNode before, JsonNode after) {
  }

  /** An open watch. Called with the hub's lock held: must not block. */
  interface Subscriber {
    void changed(Change change);
  }

  private final Deque<Change> history = new ArrayDeque<>();
  private final int capacity;
  private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
  private long lastResourceVersion;
  /** The resourceVersion before the oldest change kept: a watch from an older one has missed changes. */
  private long horizon;

  WatchEvents() {
    this(HISTORY);
  }

  /** A hub keeping the last {@code capacity} changes. */
  WatchEvents(int capacity) {
    this.capacity = capacity;
  }

  /** A change of the store: its JSON before and after, a source of fresh resourceVersions for deletions. */
  synchronized void publish(String beforeJson, String afterJson, LongSupplier nextResourceVersion) {
    JsonNode before = parse(beforeJson);
    JsonNode after = parse(afterJson);
    if (before == null && after == null) {
      return;
    }
    long resourceVersion;
    if (after != null) {
      resourceVersion = resourceVersionOf(after);
    } else {
      // A deletion gets its own resourceVersion, as etcd gives it one; the DELETED object carries it.
      resourceVersion = nextResourceVersion.getAsLong();
      ((ObjectNode) before.path("metadata")).put("resourceVersion", Long.toString(resourceVersion));
    }
    if (resourceVersion <= 0) {
      resourceVersion = lastResourceVersion;
    }
    lastResourceVersion = Math.max(lastResourceVersion, resourceVersion);
    Change change = new Change(resourceVersion, before, after);
    history.addLast(change);
    while (history.size() > capacity) {
      horizon = history.removeFirst().resourceVersion();
    }
    for (Subscriber subscriber : subscribers) {
      subscriber.changed(change);
    }
  }

  /**
   * Registers a watch that starts after {@code fromResourceVersion}: the kept changes after it are replayed to it
   * first. False (and nothing registered) when changes after it are no longer kept (410 Gone on a real server).
   */
  synchronized boolean subscribe(Subscriber subscriber, long fromResourceVersion) {
    if (fromResourceVersion < horizon) {
      return false;
    }
    for (Change change : history) {
      if (change.resourceVersion() > fromResourceVersion) {
        subscriber.changed(change);
      }
    }
    subscribers.add(subscriber);
    return true;
  }

  void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  synchronized long lastResourceVersion() {
    return lastResourceVersion;
  }

  synchronized long horizon() {
    return horizon;
  }

  int openWatches() {
    return subscribers.size();
  }

  static long resourceVersionOf(JsonNode object) {
    try {
      return Long.parseLong(object.path("metadata").path("resourceVersion").asText("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return Store.JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  List<Change> historySnapshot() {
    synchronized (this) {
      return new ArrayList<>(history);
    }
  }
}
