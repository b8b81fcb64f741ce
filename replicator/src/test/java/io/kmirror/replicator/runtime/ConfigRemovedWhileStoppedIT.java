package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Flow;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The copied-config bookkeeping survives a restart: a config kmirror copied, removed on the source
 * while kmirror was stopped, is removed from the remote topic by the next kmirror, while a config
 * set only on the target stays.
 */
@ExtendWith(KafkaClusterExtension.class)
class ConfigRemovedWhileStoppedIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @AutoClose private ClusterPair clusters;
  @AutoClose private Replicators replicator;

  @Test
  void aConfigRemovedOnTheSourceWhileStoppedIsRemovedFromTheRemoteTopicAfterTheRestart(
      KafkaCluster first, KafkaCluster second) throws Exception {
    // Given a topic with two configs of its own, mirrored with both, and a config set on the
    // remote topic by a person
    clusters = ClusterPair.open(first, second);
    Records.createTopic(
        clusters.adminA(),
        "configured",
        1,
        Map.of("retention.ms", "7200000", "segment.ms", "3600000"));
    Flow flow = TestFlows.flow("A", "B").refresh(Duration.ofSeconds(1)).build();
    Topology topology = TestFlows.topology(flow);
    replicator = Replicators.start(topology, clusters);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(overrides(clusters.adminB(), "A.configured"))
                    .containsEntry("retention.ms", "7200000")
                    .containsEntry("segment.ms", "3600000"));
    alter(
        clusters.adminB(),
        "A.configured",
        "max.message.bytes",
        "2000000",
        AlterConfigOp.OpType.SET);

    // When kmirror stops, retention.ms is removed on the source, and a new kmirror starts
    replicator.close();
    replicator = null;
    alter(clusters.adminA(), "configured", "retention.ms", null, AlterConfigOp.OpType.DELETE);
    replicator = Replicators.start(topology, clusters);

    // Then the remote topic loses retention.ms, keeps segment.ms and the target's own setting
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(overrides(clusters.adminB(), "A.configured"))
                    .isEqualTo(Map.of("segment.ms", "3600000", "max.message.bytes", "2000000")));
  }

  /** The configs set on the topic itself. */
  private static Map<String, String> overrides(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Map<String, String> set = new HashMap<>();
    for (ConfigEntry e :
        admin.describeConfigs(List.of(resource)).all().get().get(resource).entries()) {
      if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
        set.put(e.name(), e.value());
      }
    }
    return set;
  }

  private static void alter(
      Admin admin, String topic, String key, String value, AlterConfigOp.OpType type)
      throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    admin
        .incrementalAlterConfigs(
            Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(key, value), type))))
        .all()
        .get();
  }
}
