package io.kmirror.replicator.offsets;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.topology.Flow;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Collection;
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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer groups a flow carries, and where they stand on the source: every group its groups
 * filter passes except {@code kmirror-A-B}, the flow's own mirroring group, whose position is the
 * replicator's and not an application's. Checkpoints and group sync (asynchronous, on a verticle's
 * context) and failover and the drill (blocking, with a timeout) all choose groups here, so a drill
 * moves exactly what a failover would, and a failover the groups that were checkpointed.
 */
public final class SourceGroups {

  private final Flow flow;
  private final String ownGroup;

  public SourceGroups(FlowContext flowContext) {
    this.flow = flowContext.flow();
    this.ownGroup = flowContext.groupId();
  }

  public boolean selectable(String group) {
    return !group.equals(ownGroup) && flow.groups().filter().matches(group);
  }

  /** The selectable consumer groups on the source, sorted; completes on {@code context}. */
  public Future<List<String>> list(Admin source, Context context) {
    return Future.fromCompletionStage(listings(source).toCompletionStage(), context)
        .map(this::selectable);
  }

  /** The selectable consumer groups on the source, sorted; throws if it does not answer. */
  public List<String> list(Admin source, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    return selectable(listings(source).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
  }

  private static KafkaFuture<Collection<GroupListing>> listings(Admin source) {
    return source.listGroups(ListGroupsOptions.forConsumerGroups()).all();
  }

  private List<String> selectable(Collection<GroupListing> listings) {
    return listings.stream().map(GroupListing::groupId).filter(this::selectable).sorted().toList();
  }

  /**
   * The committed offsets of {@code groups} on the source, in the order given (a group without any
   * has an empty map); completes on {@code context}.
   */
  public static Future<Map<String, Map<TopicPartition, OffsetAndMetadata>>> committed(
      Admin source, List<String> groups, Context context) {
    if (groups.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return Future.fromCompletionStage(offsets(source, groups).toCompletionStage(), context)
        .map(found -> inOrder(groups, found));
  }

  /**
   * The committed offsets of {@code groups} on the source, in the order given; a group without any
   * has an empty map. Throws if the source does not answer.
   */
  public static Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(
      Admin source, List<String> groups, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<String, Map<TopicPartition, OffsetAndMetadata>> found =
        groups.isEmpty()
            ? Map.of()
            : offsets(source, groups).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return inOrder(groups, found);
  }

  private static KafkaFuture<Map<String, Map<TopicPartition, OffsetAndMetadata>>> offsets(
      Admin source, List<String> groups) {
    Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
    groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
    return source.listConsumerGroupOffsets(specs).all();
  }

  private static Map<String, Map<TopicPartition, OffsetAndMetadata>> inOrder(
      List<String> groups, Map<String, Map<TopicPartition, OffsetAndMetadata>> found) {
    Map<String, Map<TopicPartition, OffsetAndMetadata>> ordered = new LinkedHashMap<>();
    groups.forEach(g -> ordered.put(g, found.getOrDefault(g, Map.of())));
    return ordered;
  }
}
