package io.kmirror.replicator.demo;

import io.kmirror.replicator.flow.ReplicationPolicies;
import io.kmirror.replicator.sample.ClusterTopic;
import io.kmirror.topology.Flow;
import io.kmirror.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * The demo's record counts across clusters: one admin-backed {@link TopicCounts} per cluster that
 * holds a counted topic ({@link DemoPlan#countedTopics}), for the live table, the catch-up wait and
 * the verdict.
 *
 * <p>Not thread-safe, like {@link TopicCounts}: opened in the hook between the clusters' start and
 * the replicator's, then used only on the demo's scheduler thread; {@link #close()} may come from
 * any thread once that thread is stopped.
 */
final class SampleCounts implements AutoCloseable {

  private final DemoPlan plan;
  private final Map<String, TopicCounts> counts = new LinkedHashMap<>();

  SampleCounts(DemoPlan plan) {
    this.plan = plan;
  }

  /** Opens the counts of every cluster with a counted topic, at the addresses the clusters got. */
  void open(Map<String, String> addresses) {
    for (ClusterTopic topic : plan.countedTopics()) {
      counts.computeIfAbsent(
          topic.cluster(), c -> new TopicCounts(addresses.get(c), "kmirror-demo-counts-" + c));
    }
  }

  /** The clusters with a counted topic, in the plan's order. */
  Set<String> clusters() {
    return counts.keySet();
  }

  /** The admin client of a cluster with a counted topic. */
  Admin admin(String cluster) {
    return counts.get(cluster).admin();
  }

  /** Every sample topic exists and each of its partitions answers a ListOffsets. */
  boolean sampleTopicsReadable() throws Exception {
    for (Map.Entry<String, List<String>> e : plan.sourceTopics().entrySet()) {
      if (counts.get(e.getKey()).count(e.getValue()).size() < e.getValue().size()) {
        return false;
      }
    }
    return true;
  }

  /** Records in every counted topic now; a topic not created yet is absent. */
  Map<ClusterTopic, Long> measure() throws Exception {
    Map<ClusterTopic, Long> measured = new LinkedHashMap<>();
    for (Map.Entry<String, TopicCounts> e : counts.entrySet()) {
      List<String> topics =
          plan.countedTopics().stream()
              .filter(t -> t.cluster().equals(e.getKey()))
              .map(ClusterTopic::topic)
              .toList();
      e.getValue()
          .count(topics)
          .forEach((t, n) -> measured.put(new ClusterTopic(e.getKey(), t), n));
    }
    return measured;
  }

  /**
   * The catch-up condition: every counted topic holds at least its expected count, and the counts
   * did not move since the previous check, so records still arriving (duplicates, loops) are
   * counted. Each call of the condition is one check.
   */
  Callable<Boolean> caughtUp(Map<ClusterTopic, Long> expected) {
    return new Callable<>() {
      private Map<ClusterTopic, Long> previous = Map.of();

      @Override
      public Boolean call() throws Exception {
        Map<ClusterTopic, Long> now = measure();
        boolean enough =
            expected.entrySet().stream()
                .allMatch(e -> now.getOrDefault(e.getKey(), 0L) >= e.getValue());
        boolean stable = now.equals(previous);
        previous = now;
        return enough && stable;
      }
    };
  }

  /** Topics on a cluster that the replication policy says came from that very cluster. */
  List<ClusterTopic> loops(Topology topology) throws Exception {
    List<ClusterTopic> loops = new ArrayList<>();
    for (Map.Entry<String, TopicCounts> e : counts.entrySet()) {
      String cluster = e.getKey();
      List<ReplicationPolicy> policies =
          topology.enabledFlows().stream()
              .filter(f -> f.target().equals(cluster))
              .map(Flow::policy)
              .distinct()
              .map(ReplicationPolicies::of)
              .toList();
      for (String topic : e.getValue().topicNames()) {
        if (policies.stream().anyMatch(p -> cluster.equals(p.topicSource(topic)))) {
          loops.add(new ClusterTopic(cluster, topic));
        }
      }
    }
    return loops;
  }

  @Override
  public void close() {
    counts.values().forEach(TopicCounts::close);
  }
}
