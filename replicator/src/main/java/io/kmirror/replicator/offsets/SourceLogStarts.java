package io.kmirror.replicator.offsets;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What the source says about the partitions an offset index covers: each partition's log start (the
 * first offset it still holds), and which topics no longer exist there.
 *
 * <p>A topic counts as gone only on two answers together: the topic list (a call that succeeded)
 * does not name it, and describing it fails with "unknown topic". Existence is settled before log
 * starts are asked for, because the admin client retries a deleted partition's offsets until its
 * own timeout when it still remembers the partition's leader. A partition that answers nothing
 * usable (the source slow or down, a leader moving, no permission) is absent from both results and
 * left as it is until a later pass.
 *
 * @param logStarts the log start of every partition that answered
 * @param deletedTopics topics that no longer exist on the source
 */
record SourceLogStarts(Map<TopicPartition, Long> logStarts, Set<String> deletedTopics) {

  private static final SourceLogStarts UNKNOWN = new SourceLogStarts(Map.of(), Set.of());

  SourceLogStarts {
    logStarts = Map.copyOf(logStarts);
    deletedTopics = Set.copyOf(deletedTopics);
  }

  /** Blocking: asks {@code source}, waiting at most {@code timeout} in all. */
  static SourceLogStarts read(Admin source, Collection<TopicPartition> partitions, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> existing;
    try {
      existing =
          source
              .listTopics(new ListTopicsOptions().listInternal(true))
              .names()
              .get(left(deadline), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Without a list that answered, nothing can be judged this pass.
      return UNKNOWN;
    }
    Set<String> unlisted = new HashSet<>();
    partitions.stream()
        .map(TopicPartition::topic)
        .filter(t -> !existing.contains(t))
        .forEach(unlisted::add);
    Set<String> gone = unlisted.isEmpty() ? Set.of() : unknownTopics(source, unlisted, deadline);
    List<TopicPartition> present =
        partitions.stream().filter(tp -> !gone.contains(tp.topic())).toList();
    return new SourceLogStarts(
        present.isEmpty() ? Map.of() : logStarts(source, present, deadline), gone);
  }

  /** Of {@code topics}, those the source refuses to describe as unknown. */
  private static Set<String> unknownTopics(Admin source, Set<String> topics, long deadline)
      throws InterruptedException {
    Set<String> unknown = new HashSet<>();
    Map<String, KafkaFuture<TopicDescription>> described =
        source.describeTopics(topics).topicNameValues();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> e : described.entrySet()) {
      try {
        e.getValue().get(left(deadline), TimeUnit.NANOSECONDS);
      } catch (ExecutionException ex) {
        if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
          unknown.add(e.getKey());
        }
      } catch (TimeoutException ex) {
        // No answer in time: judged again at the next pass.
      }
    }
    return unknown;
  }

  private static Map<TopicPartition, Long> logStarts(
      Admin source, List<TopicPartition> partitions, long deadline) throws InterruptedException {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    partitions.forEach(tp -> specs.put(tp, OffsetSpec.earliest()));
    ListOffsetsResult result = source.listOffsets(specs);
    Map<TopicPartition, Long> starts = new HashMap<>();
    for (TopicPartition tp : partitions) {
      try {
        long start = result.partitionResult(tp).get(left(deadline), TimeUnit.NANOSECONDS).offset();
        if (start >= 0) {
          starts.put(tp, start);
        }
      } catch (ExecutionException | TimeoutException e) {
        // No usable answer: this partition waits for the next pass.
      }
    }
    return starts;
  }

  private static long left(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }
}
