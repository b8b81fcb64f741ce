package io.kmirror.replicator.demo;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts records in topics of one cluster with its admin client: per partition, end offset minus
 * start offset. Exact for the demo's topics, which are never compacted, trimmed or written
 * transactionally. A topic that does not exist yet is absent from the result.
 *
 * <p>Not thread-safe: one owner thread at a time (the table timer, then the verifier).
 */
final class TopicCounts implements AutoCloseable {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Admin admin;
  private final Map<String, List<TopicPartition>> partitions = new HashMap<>();

  TopicCounts(String bootstrapServers, String clientId) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                clientId,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) CALL_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) CALL_TIMEOUT.toMillis()));
  }

  Admin admin() {
    return admin;
  }

  /** Records per existing topic among {@code topics}. */
  Map<String, Long> count(Collection<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    describeMissing(topics);
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (String topic : topics) {
      for (TopicPartition tp : partitions.getOrDefault(topic, List.of())) {
        earliest.put(tp, OffsetSpec.earliest());
        latest.put(tp, OffsetSpec.latest());
      }
    }
    Map<String, Long> counts = new HashMap<>();
    if (latest.isEmpty()) {
      return counts;
    }
    Map<TopicPartition, ListOffsetsResultInfo> start = offsets(earliest);
    Map<TopicPartition, ListOffsetsResultInfo> end = offsets(latest);
    end.forEach(
        (tp, info) -> counts.merge(tp.topic(), info.offset() - start.get(tp).offset(), Long::sum));
    return counts;
  }

  /** Names of every topic on the cluster, internal ones included. */
  Set<String> topicNames() throws InterruptedException, ExecutionException, TimeoutException {
    return admin.listTopics().names().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private Map<TopicPartition, ListOffsetsResultInfo> offsets(Map<TopicPartition, OffsetSpec> spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    return admin.listOffsets(spec).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Learns the partitions of topics not seen yet. Partition counts of the demo's topics never
   * change while it runs, so each topic is described once it exists.
   */
  private void describeMissing(Collection<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> unknown =
        topics.stream().filter(t -> !partitions.containsKey(t)).collect(Collectors.toSet());
    if (unknown.isEmpty()) {
      return;
    }
    unknown.retainAll(topicNames());
    if (unknown.isEmpty()) {
      return;
    }
    Map<String, TopicDescription> descriptions =
        admin
            .describeTopics(unknown)
            .allTopicNames()
            .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    descriptions.forEach(
        (name, description) ->
            partitions.put(
                name,
                description.partitions().stream()
                    .map(p -> new TopicPartition(name, p.partition()))
                    .toList()));
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
