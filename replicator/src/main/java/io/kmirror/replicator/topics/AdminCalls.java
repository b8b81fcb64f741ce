package io.kmirror.replicator.topics;

import io.kmirror.replicator.flow.Causes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaFuture;

/**
 * Kafka admin results as Vert.x futures completed on the caller's context, so the code that
 * continues never runs on a Kafka client thread.
 */
final class AdminCalls {

  /** The result of one key of a batched admin call: a value or an error. */
  record Outcome<V>(V value, Throwable error) {
    boolean ok() {
      return error == null;
    }
  }

  private AdminCalls() {}

  static <V> Future<V> of(KafkaFuture<V> future, Context context) {
    return Future.fromCompletionStage(future.toCompletionStage(), context);
  }

  /** Waits for every key; never fails, each key carries its own outcome. */
  static <K, V> Future<Map<K, Outcome<V>>> each(Map<K, KafkaFuture<V>> futures, Context context) {
    List<K> keys = new ArrayList<>(futures.keySet());
    List<Future<Outcome<V>>> outcomes = new ArrayList<>(keys.size());
    for (K key : keys) {
      outcomes.add(
          of(futures.get(key), context)
              .map(v -> new Outcome<V>(v, null))
              .otherwise(e -> new Outcome<V>(null, Causes.unwrap(e))));
    }
    return Future.all(outcomes)
        .map(
            all -> {
              Map<K, Outcome<V>> byKey = new HashMap<>();
              for (int i = 0; i < keys.size(); i++) {
                byKey.put(keys.get(i), outcomes.get(i).result());
              }
              return byKey;
            });
  }
}
