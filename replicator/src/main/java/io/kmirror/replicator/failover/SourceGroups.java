package io.kmirror.replicator.failover;

import io.kmirror.replicator.flow.FlowEndpoints;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer groups a flow can move, and where they stand on the source: every group its groups
 * filter passes except {@code kmirror-A-B}, the flow's own mirroring group, whose position is the
 * replicator's and not an application's. Failover and the drill's read before the cut both choose
 * groups this way, so a drill moves exactly what a failover would.
 */
final class SourceGroups {

  private final FlowEndpoints endpoints;

  SourceGroups(FlowEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  boolean selectable(String group) {
    return !group.equals(endpoints.groupId()) && endpoints.flow().groups().filter().matches(group);
  }

  /** The selectable consumer groups on the source, sorted; throws if it does not answer. */
  List<String> list(Admin source, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    return source
        .listGroups(ListGroupsOptions.forConsumerGroups())
        .all()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .stream()
        .map(GroupListing::groupId)
        .filter(this::selectable)
        .sorted()
        .toList();
  }

  /**
   * The committed offsets of {@code groups} on the source, in the order given; a group without any
   * has an empty map. Throws if the source does not answer.
   */
  static Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(
      Admin source, List<String> groups, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
    groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
    Map<String, Map<TopicPartition, OffsetAndMetadata>> found =
        groups.isEmpty()
            ? Map.of()
            : source
                .listConsumerGroupOffsets(specs)
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Map<String, Map<TopicPartition, OffsetAndMetadata>> ordered = new LinkedHashMap<>();
    groups.forEach(g -> ordered.put(g, found.getOrDefault(g, Map.of())));
    return ordered;
  }
}
