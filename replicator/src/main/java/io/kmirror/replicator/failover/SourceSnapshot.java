package io.kmirror.replicator.failover;

import io.kmirror.replicator.failover.SourceWindow.Position;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.offsets.SourceGroups;
import io.kmirror.replicator.topics.TopicFilter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What a drill reads on the source before the cut, while the source surely answers: the groups to
 * drill, the source records around each group's committed offset (so the verification can tell by
 * content where each consumer resumed on the target) and the source's end offsets (so the RPO can
 * be measured after the source is gone).
 *
 * @param groups the groups to drill, never empty
 * @param windows per group position, the source records around it
 * @param ends the source's end offsets of every partition the flow mirrors
 */
record SourceSnapshot(
    List<String> groups, Map<Position, List<RecordView>> windows, Map<TopicPartition, Long> ends) {

  /**
   * @param settings the groups asked for (none: every selectable group) and the timeout
   * @throws IllegalStateException when there is no group to drill or the source does not answer: a
   *     drill needs the source before the cut
   */
  static SourceSnapshot read(
      FlowEndpoints endpoints, Drill.Settings settings, RpoProbe rpo, Consumer<String> progress)
      throws InterruptedException {
    String source = endpoints.flow().source();
    try (Admin admin =
        Admin.create(BoundedAdmin.config(endpoints.sourceAdmin(), settings.timeout()))) {
      List<String> groups =
          settings.groups().isEmpty()
              ? new SourceGroups(endpoints.context()).list(admin, settings.timeout())
              : settings.groups();
      if (groups.isEmpty()) {
        throw new IllegalStateException(
            "no consumer group on " + source + " to drill (the flow's groups filter passes none)");
      }
      progress.accept("groups on " + source + ": " + String.join(", ", groups));
      Map<Position, List<RecordView>> windows =
          SourceWindow.read(
              endpoints.sourceConsumer(0),
              positions(endpoints, admin, groups, settings.timeout()),
              settings.timeout());
      progress.accept(
          "read the source records at every group's committed offset ("
              + windows.size()
              + " partitions)");
      return new SourceSnapshot(groups, windows, rpo.sourceEnds(admin));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "a drill reads the groups' positions and records on "
              + source
              + " before the cut, but "
              + source
              + " did not answer ("
              + Failures.describe(e)
              + "); in a real disaster use kmirror failover",
          e);
    }
  }

  /**
   * Every group's committed offset on every partition of a mirrored topic, read from the source.
   */
  private static Set<Position> positions(
      FlowEndpoints endpoints, Admin admin, List<String> groups, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    TopicFilter filter = new TopicFilter(endpoints.flow(), endpoints.context().policy());
    Set<Position> positions = new HashSet<>();
    for (Map<TopicPartition, OffsetAndMetadata> offsets :
        SourceGroups.committed(admin, groups, timeout).values()) {
      offsets.forEach(
          (tp, om) -> {
            if (om != null && filter.mirrors(tp.topic())) {
              positions.add(new Position(tp, om.offset()));
            }
          });
    }
    return positions;
  }

  /**
   * Live drill: the plan may show positions that moved after the first read (the source kept
   * running); the snapshot with those read too.
   */
  SourceSnapshot withPositionsOf(FailoverPlan plan, FlowEndpoints endpoints, Duration timeout)
      throws TimeoutException {
    List<Position> missing =
        plan.rows().stream()
            .map(r -> new Position(r.source(), r.committed()))
            .filter(p -> !windows.containsKey(p))
            .toList();
    if (missing.isEmpty()) {
      return this;
    }
    Map<Position, List<RecordView>> all = new HashMap<>(windows);
    all.putAll(SourceWindow.read(endpoints.sourceConsumer(0), missing, timeout));
    return new SourceSnapshot(groups, all, ends);
  }
}
