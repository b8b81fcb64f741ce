package io.kmirror.replicator.topics;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@link CopiedConfigs} in a map, for tests: a new sync over the same instance is a restart. */
final class InMemoryCopiedConfigs implements CopiedConfigs {

  final Map<String, Set<String>> stored = new ConcurrentHashMap<>();

  @Override
  public Future<Map<String, Set<String>>> read() {
    return Future.succeededFuture(Map.copyOf(stored));
  }

  @Override
  public Future<Void> write(Map<String, Set<String>> entries) {
    entries.forEach(
        (topic, keys) -> {
          if (keys.isEmpty()) {
            stored.remove(topic);
          } else {
            stored.put(topic, Set.copyOf(keys));
          }
        });
    return Future.succeededFuture();
  }
}
