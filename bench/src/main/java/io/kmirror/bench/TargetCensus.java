package io.kmirror.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts, on the target, which remote topics exist and how many of their partitions hold every
 * expected record, with one ListTopics and one batched ListOffsets per look (the admin client
 * groups the partitions by leader): no consumer per topic, so watching 8,000 partitions costs the
 * contender almost nothing.
 */
final class TargetCensus implements AutoCloseable {

  /** One look at the target. */
  record Look(int topicsPresent, int partitionsComplete, long recordsPresent) {}

  private final Admin admin;

  TargetCensus(String bootstrap) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "bench-census"));
  }

  /**
   * Which of {@code remotes} exist, how many of their partitions have an end offset of exactly
   * {@code perPartition} (or more: at-least-once re-sends), and the records present in all.
   */
  Look look(Collection<String> remotes, int partitions, long perPartition) throws Exception {
    Set<String> listed = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    List<String> present = new ArrayList<>();
    for (String r : remotes) {
      if (listed.contains(r)) {
        present.add(r);
      }
    }
    if (present.isEmpty()) {
      return new Look(0, 0, 0);
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    ScaleTopics.partitions(present, partitions).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    ListOffsetsResult result =
        admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(10_000));
    int complete = 0;
    long records = 0;
    for (TopicPartition tp : latest.keySet()) {
      try {
        long end = result.partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
        records += end;
        if (end >= perPartition) {
          complete++;
        }
      } catch (ExecutionException | TimeoutException e) {
        // No leader yet, or the partition is still being created: not complete.
      }
    }
    return new Look(present.size(), complete, records);
  }

  @Override
  public void close() {
    admin.close();
  }
}
