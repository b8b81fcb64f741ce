package io.kmirror.replicator.failover;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Groups with members on the target: failover refuses them (their consumers there must stop first),
 * as the broker would refuse to commit offsets for them anyway.
 */
final class ActiveGroups {

  private ActiveGroups() {}

  /** Those of {@code groups} with members on {@code target} now, with their member count. */
  static Map<String, Integer> on(Admin target, List<String> groups, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, Integer> active = new HashMap<>();
    if (groups.isEmpty()) {
      return active;
    }
    Map<String, KafkaFuture<ConsumerGroupDescription>> described =
        target.describeConsumerGroups(groups).describedGroups();
    for (String group : groups) {
      try {
        int members =
            described.get(group).get(timeout.toMillis(), TimeUnit.MILLISECONDS).members().size();
        if (members > 0) {
          active.put(group, members);
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof GroupIdNotFoundException)) {
          throw e;
        }
      }
    }
    return active;
  }
}
