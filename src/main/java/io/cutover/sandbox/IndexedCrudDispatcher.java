package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD store with an index, which also tells {@link WatchEvents} of every change it stores (create, update,
 * patch, delete, from HTTP or from the sandbox's own controllers), so HTTP watches see the same changes as the mock's
 * WebSocket watches, in the same order.
 *
 * <p><b>Why an index.</b> The mock answers every GET and DELETE, and finds the object of every PUT and PATCH, by
 * copying and scanning its whole store: a request costs time in proportion to everything stored, so a wave of N
 * migrations costs N² (at 1,500 stored objects the sandbox served 380 GETs/s). kube-apiserver reads one key from etcd
 * for a GET and a key range (a namespace of one resource) for a list. Here an inverted index maps the attributes a
 * request path names — resource (plural), namespace, name, and resource with namespace — to the stored keys that
 * carry them, in the store's own order. A request is answered from the smallest posting its path names; every
 * candidate still goes through the mock's own {@link AttributeSet#matches}, so answers (and their order) are the
 * scan's. A query naming none of these attributes still scans. Writes stay the mock's handlers; the index follows
 * every change in {@link #processEvent}, which is where the mock changes its store.
 *
 * <p>Reads and deletes take the mock's own read-write lock, so they exclude the mock's writes as its own reads do
 * (a PUT removes and re-adds its key: a read between the two would miss the object). The lock is a private field of
 * {@link KubernetesCrudDispatcher}; it is looked up once, here, and a fabric8 version without it fails at start.
 *
 * <p>A list's {@code metadata.resourceVersion} is the last change's ({@link WatchEvents#lastResourceVersion()}), as
 * kube-apiserver's list from its watch cache answers: a watch from it sees every later change.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  /** The mock's API metadata paths ({@code /apis/group/version}): an empty list there is answered by the mock. */
  private static final Pattern API_METADATA_PATH =
      Pattern.compile("/apis(/[a-zA-Z0-9-_.]+)?(/[a-zA-Z0-9-_]+)(\\?.*)?");
  private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;
  private static final String NAMESPACE = KubernetesAttributesExtractor.NAMESPACE;
  private static final String NAME = KubernetesAttributesExtractor.NAME;
  /** The mock's wildcard value, which equals every value: a query naming it cannot be narrowed by that attribute. */
  private static final String ANY = "*";

  private final WatchEvents events;
  private final ReadWriteLock lock;
  private final KubernetesAttributesExtractor extractor;
  private final KubernetesResponseComposer composer = new KubernetesResponseComposer();
  /** Posting key → the stored keys carrying it, in store order. Changed only under the write lock. */
  private final Map<String, LinkedHashSet<AttributeSet>> postings = new HashMap<>();
  /** Posting key → how often its posting changed: what a cache of a list may compare. Read without the lock. */
  private final Map<String, Long> generations = new ConcurrentHashMap<>();

  IndexedCrudDispatcher(WatchEvents events) {
    super(List.of());
    this.events = events;
    this.lock = mockLock(this);
    this.extractor = (KubernetesAttributesExtractor) attributeExtractor;
  }

  @Override
  public MockResponse handleGet(String path) {
    if (path.contains("watch=")) {
      return super.handleGet(path);
    }
    return locked(lock.readLock(), () -> {
      AttributeSet query = attributeExtractor.fromPath(path);
      List<AttributeSet> found = find(query);
      if (query.containsKey(NAME)) {
        return found.isEmpty() ? new MockResponse().setResponseCode(404) : ok(map.get(found.get(0)));
      }
      if (found.isEmpty() && API_METADATA_PATH.matcher(path).matches()) {
        return super.handleGet(path);
      }
      return list(found.stream().map(map::get).toList());
    });
  }

  /** As the mock deletes: every matching object, each removed, or marked for deletion while it has finalizers. */
  @Override
  public MockResponse handleDelete(String path) {
    return locked(lock.writeLock(), () -> {
      AttributeSet query = attributeExtractor.fromPath(path);
      List<String> deleted = new ArrayList<>();
      for (AttributeSet key : find(query)) {
        deleted.add(map.get(key));
        delete(path, query, key);
      }
      if (query.containsKey(NAME)) {
        return deleted.isEmpty() ? new MockResponse().setResponseCode(404) : ok(deleted.get(0));
      }
      return list(deleted);
    });
  }

  /** The mock's processDelete: removed when no finalizer is left, else marked with a deletionTimestamp once. */
  private void delete(String path, AttributeSet query, AttributeSet key) {
    GenericKubernetesResource resource = Serialization.unmarshal(map.get(key), GenericKubernetesResource.class);
    if (resource.getFinalizers().isEmpty()) {
      processEvent(path, query, key, null, null);
    } else if (!resource.isMarkedForDeletion()) {
      resource.getMetadata().setDeletionTimestamp(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
      processEvent(path, query, key, resource, Serialization.asJson(resource));
    }
  }

  /** Called by the mock's write handlers (under its write lock): the first stored object the attributes match. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    for (AttributeSet key : candidates(attributes)) {
      if (key.matches(attributes)) {
        return new AbstractMap.SimpleImmutableEntry<>(key, map.get(key));
      }
    }
    return null;
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String oldState = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (oldAttributes != null && oldState != null) {
      unindex(oldAttributes);
    }
    if (newState != null) {
      // The key the mock stored it under, derived as the mock derives it.
      AttributeSet stored = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
      if (!stored.containsKey(PLURAL)) {
        stored = AttributeSet.merge(pathAttributes, stored);
      }
      if (map.containsKey(stored)) {
        index(stored);
      } else {
        reindex();
      }
    }
    if (!Objects.equals(oldState, newState)) {
      events.publish(oldState, newState, this::requestResourceVersion);
    }
  }

  @Override
  public void reset() {
    locked(lock.writeLock(), () -> {
      super.reset();
      reindex();
      return null;
    });
  }

  /**
   * How many times the set of stored objects of this resource (in this namespace; {@code null}: in all) has
   * changed — any create, update, patch or delete of one. Equal generations mean an equal list.
   */
  long generation(String plural, String namespace) {
    return generations.getOrDefault(namespace == null ? posting(PLURAL, plural)
        : posting(PLURAL + "," + NAMESPACE, plural + "/" + namespace), 0L);
  }

  /**
   * Replaces the object at this path with {@code change} of its JSON, under a new resourceVersion, without the mock's
   * update rules: kube-apiserver's graceful deletion and namespace finalization store objects marked for deletion
   * with no finalizer in {@code metadata}, which a mock update would remove. The stored JSON, or empty if none.
   */
  Optional<String> rewrite(String path, UnaryOperator<String> change) {
    return locked(lock.writeLock(), () -> {
      AttributeSet query = attributeExtractor.fromPath(path);
      List<AttributeSet> found = find(query);
      if (found.isEmpty()) {
        return Optional.<String>empty();
      }
      AttributeSet key = found.get(0);
      GenericKubernetesResource resource =
          Serialization.unmarshal(change.apply(map.get(key)), GenericKubernetesResource.class);
      resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
      String json = Serialization.asJson(resource);
      processEvent(path, query, key, resource, json);
      return Optional.of(json);
    });
  }

  /** Each object stored in this namespace, of any resource: its resource (plural) and JSON, in store order. */
  List<Map.Entry<String, String>> storedIn(String namespace) {
    return locked(lock.readLock(), () -> {
      List<Map.Entry<String, String>> found = new ArrayList<>();
      for (AttributeSet key : postings.getOrDefault(posting(NAMESPACE, namespace), new LinkedHashSet<>())) {
        String plural = single(key.getAttribute(PLURAL));
        if (plural != null && !plural.equals("namespaces") && map.containsKey(key)) {
          found.add(Map.entry(plural, map.get(key)));
        }
      }
      return found;
    });
  }

  /** True when the index holds exactly the store's keys: what a test checks after random writes. */
  boolean indexMatchesStore() {
    return locked(lock.readLock(), () -> {
      Map<String, LinkedHashSet<AttributeSet>> expected = new HashMap<>();
      for (AttributeSet key : map.keySet()) {
        for (String posting : postingsOf(key)) {
          expected.computeIfAbsent(posting, p -> new LinkedHashSet<>()).add(key);
        }
      }
      Map<String, List<AttributeSet>> expectedOrder = new HashMap<>();
      expected.forEach((p, keys) -> expectedOrder.put(p, List.copyOf(keys)));
      Map<String, List<AttributeSet>> actualOrder = new HashMap<>();
      postings.forEach((p, keys) -> {
        if (!keys.isEmpty()) {
          actualOrder.put(p, List.copyOf(keys));
        }
      });
      return expectedOrder.equals(actualOrder);
    });
  }

  private List<AttributeSet> find(AttributeSet query) {
    List<AttributeSet> found = new ArrayList<>();
    for (AttributeSet key : candidates(query)) {
      if (key.matches(query)) {
        found.add(key);
      }
    }
    return found;
  }

  /** The smallest posting the query names, or every stored key (a copy) when it names none. */
  private Collection<AttributeSet> candidates(AttributeSet query) {
    Collection<AttributeSet> smallest = null;
    for (String posting : postingsOf(query)) {
      LinkedHashSet<AttributeSet> keys = postings.get(posting);
      if (keys == null) {
        return List.of();
      }
      if (smallest == null || keys.size() < smallest.size()) {
        smallest = keys;
      }
    }
    return smallest != null ? smallest : List.copyOf(map.keySet());
  }

  /**
   * The posting keys of a stored key, or those a query requires: an attribute the query requires by equality
   * ({@code WITH}, one value, not the wildcard) is one every match carries.
   */
  private static List<String> postingsOf(AttributeSet set) {
    String plural = single(set.getAttribute(PLURAL));
    String namespace = single(set.getAttribute(NAMESPACE));
    String name = single(set.getAttribute(NAME));
    List<String> keys = new ArrayList<>(4);
    if (plural != null) {
      keys.add(posting(PLURAL, plural));
    }
    if (namespace != null) {
      keys.add(posting(NAMESPACE, namespace));
    }
    if (name != null) {
      keys.add(posting(NAME, name));
    }
    if (plural != null && namespace != null) {
      keys.add(posting(PLURAL + "," + NAMESPACE, plural + "/" + namespace));
    }
    return keys;
  }

  private static String single(Attribute attribute) {
    if (attribute == null || attribute.getValues().size() != 1
        || (attribute.getType() != null && attribute.getType() != AttributeType.WITH)) {
      return null;
    }
    String value = String.valueOf(attribute.getValues().get(0));
    return ANY.equals(value) ? null : value;
  }

  private static String posting(String attribute, String value) {
    return attribute + "=" + value;
  }

  private void index(AttributeSet key) {
    for (String posting : postingsOf(key)) {
      postings.computeIfAbsent(posting, p -> new LinkedHashSet<>()).add(key);
      generations.merge(posting, 1L, Long::sum);
    }
  }

  private void unindex(AttributeSet key) {
    for (String posting : postingsOf(key)) {
      LinkedHashSet<AttributeSet> keys = postings.get(posting);
      if (keys != null && keys.remove(key)) {
        generations.merge(posting, 1L, Long::sum);
        if (keys.isEmpty()) {
          postings.remove(posting);
        }
      }
    }
  }

  /** Rebuilds the index from the store (after a reset; never expected otherwise). */
  private void reindex() {
    postings.keySet().forEach(posting -> generations.merge(posting, 1L, Long::sum));
    postings.clear();
    for (AttributeSet key : List.copyOf(map.keySet())) {
      index(key);
    }
  }

  private static MockResponse ok(String body) {
    return new MockResponse().setResponseCode(200).setBody(body);
  }

  private MockResponse list(List<String> items) {
    return ok(composer.compose(items, String.valueOf(events.lastResourceVersion())));
  }

  private static <T> T locked(Lock lock, java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  private static ReadWriteLock mockLock(KubernetesCrudDispatcher dispatcher) {
    try {
      Field field = KubernetesCrudDispatcher.class.getDeclaredField("lock");
      field.setAccessible(true);
      return (ReadWriteLock) field.get(dispatcher);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("this fabric8 KubernetesCrudDispatcher has no read-write lock named 'lock': the "
          + "sandbox's index cannot exclude the mock's writes", e);
    }
  }
}
