package io.kmirror.replicator.topics;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a cluster leads partitions it has just created, before anything is produced to them.
 *
 * <p>A broker that is still applying a partition's creation can refuse an idempotent producer's
 * first batch as "not leader" and append the next one; the first is then retried until it expires
 * (KAFKA-15591), a gap and a two-minute stall. ListOffsets is answered only by a partition's
 * leader, so once it succeeds the leader is in place and produce requests are not refused.
 */
final class PartitionLeaders {

  /** Long enough for a loaded broker; the race lasts milliseconds on a healthy one. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  private static final long RETRY_MILLIS = 100;
  private static final int CALL_TIMEOUT_MILLIS = 2000;

  private final Admin admin;
  private final Context context;
  private final long deadlineNanos;
  private final Set<TopicPartition> waiting;
  private final Set<TopicPartition> led = new HashSet<>();
  private final Promise<Set<TopicPartition>> done = Promise.promise();

  private PartitionLeaders(
      Admin admin, Collection<TopicPartition> partitions, Context context, Duration patience) {
    this.admin = admin;
    this.context = context;
    this.waiting = new HashSet<>(partitions);
    this.deadlineNanos = System.nanoTime() + patience.toNanos();
  }

  /**
   * Completes on {@code context}, never failing, with the partitions whose leader answered within
   * {@code patience}; the others are still without a leader (or unreachable).
   */
  static Future<Set<TopicPartition>> led(
      Admin admin, Collection<TopicPartition> partitions, Context context, Duration patience) {
    PartitionLeaders wait = new PartitionLeaders(admin, partitions, context, patience);
    wait.round();
    return wait.done.future();
  }

  private void round() {
    if (waiting.isEmpty()) {
      done.complete(Set.copyOf(led));
      return;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    waiting.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    ListOffsetsResult result =
        admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(CALL_TIMEOUT_MILLIS));
    Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> each =
        new HashMap<>();
    waiting.forEach(tp -> each.put(tp, result.partitionResult(tp)));
    AdminCalls.each(each, context)
        .onComplete(
            outcomes -> {
              outcomes
                  .result()
                  .forEach(
                      (tp, outcome) -> {
                        if (outcome.ok()) {
                          waiting.remove(tp);
                          led.add(tp);
                        }
                      });
              if (waiting.isEmpty() || System.nanoTime() >= deadlineNanos) {
                done.complete(Set.copyOf(led));
              } else {
                context.owner().setTimer(RETRY_MILLIS, id -> round());
              }
            });
  }
}
