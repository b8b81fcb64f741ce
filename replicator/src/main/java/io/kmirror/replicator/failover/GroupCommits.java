package io.kmirror.replicator.failover;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits a plan on the target, one {@code alterConsumerGroupOffsets} per group, exactly the plan's
 * offsets. Unlike the periodic group sync, this may move a target group backwards: failover is an
 * operator's decision that the source's position is the truth. The broker itself refuses a group
 * that gained members since the plan was made, so an active group is never moved.
 */
final class GroupCommits {

  private GroupCommits() {}

  /**
   * @return per group of the plan's committable groups: why its commit failed, empty when it was
   *     committed
   */
  static Map<String, Optional<String>> commit(Admin target, FailoverPlan plan, Duration timeout)
      throws InterruptedException {
    Map<String, Optional<String>> results = new LinkedHashMap<>();
    for (String group : plan.committableGroups()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = offsets(plan, group);
      try {
        target
            .alterConsumerGroupOffsets(group, offsets)
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        results.put(group, Optional.empty());
      } catch (ExecutionException | TimeoutException e) {
        results.put(group, Optional.of(Failures.describe(e)));
      }
    }
    return results;
  }

  static Map<TopicPartition, OffsetAndMetadata> offsets(FailoverPlan plan, String group) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PlanRow row : plan.rows(group)) {
      if (row.committable()) {
        offsets.put(
            row.target(), new OffsetAndMetadata(row.targetOffset().getAsLong(), row.metadata()));
      }
    }
    return offsets;
  }
}
