package io.kmirror.replicator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.flow.OffsetTopics;
import io.kmirror.replicator.offsets.ReversePlan;
import io.kmirror.replicator.offsets.index.ReverseTranslation;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.PolicyKind;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How failback finds the forward flow whose copies' positions it carries back. */
class ReturnPathTest {

  private static final String CLUSTERS =
      String.join(
          "\n",
          "clusters = primary, dr",
          "primary.bootstrap.servers = p:9092",
          "dr.bootstrap.servers = d:9092",
          "dr.security.protocol = PLAINTEXT",
          "dr.consumer.max.poll.records = 7",
          "dr->primary.enabled = true",
          "");

  private static Topology topology(String flows) {
    return new TopologyParser().parse(Path.of("fb.properties"), CLUSTERS + flows).topology();
  }

  private static FlowEndpoints failback(Topology topology) {
    return new FlowEndpoints(
        topology.flow(new FlowId("dr", "primary")).orElseThrow(), "d:9092", "p:9092");
  }

  @Test
  void theForwardFlowOfTheFileIsUsedAsItIsEvenWhenDisabled() {
    // Given a file that still names primary->dr, disabled after the disaster
    Topology topology =
        topology("primary->dr.enabled = false\nprimary->dr.replication.policy.separator = _\n");

    // When failback dr->primary looks for its return path
    ReturnPath path = ReturnPath.of(topology, failback(topology));

    // Then it is that flow between the same addresses, and nothing needs saying
    assertThat(path.forward().flow().id()).isEqualTo(new FlowId("primary", "dr"));
    assertThat(path.forward().flow().policy().separator()).isEqualTo("_");
    assertThat(path.forward().sourceBootstrap()).isEqualTo("p:9092");
    assertThat(path.forward().targetBootstrap()).isEqualTo("d:9092");
    assertThat(path.notes()).isEmpty();
  }

  @Test
  void aForwardFlowMissingFromTheFileIsAssumedAndTheAssumptionIsSaid() {
    // Given a file without primary->dr
    Topology topology = topology("");

    // When failback dr->primary looks for its return path
    ReturnPath path = ReturnPath.of(topology, failback(topology));

    // Then the index is read on dr with dr's consumer settings, the reverse flow's policy assumed
    FlowEndpoints forward = path.forward();
    assertThat(forward.flow().id()).isEqualTo(new FlowId("primary", "dr"));
    assertThat(forward.flow().policy().kind()).isEqualTo(PolicyKind.DEFAULT);
    assertThat(OffsetTopics.index(forward.flow()))
        .isEqualTo("kmirror-offset-index.primary.internal");
    assertThat(forward.targetProgressConsumer(0))
        .containsEntry("bootstrap.servers", "d:9092")
        .containsEntry("security.protocol", "PLAINTEXT")
        .containsEntry("max.poll.records", "7");
    assertThat(path.notes())
        .containsExactly(
            "return path: fb.properties has no flow primary->dr; its offset index"
                + " kmirror-offset-index.primary.internal on dr is read with dr's client settings,"
                + " and primary's topics on dr are recognised by dr->primary's replication policy"
                + " (DefaultReplicationPolicy, separator \".\")");
  }

  @Test
  void anExactReturnRowIsCommittedOnTheOriginalAndAnyOtherIsNot() {
    TopicPartition copy = new TopicPartition("primary.orders", 2);
    TopicPartition origin = new TopicPartition("orders", 2);
    ReverseTranslation exact =
        new ReverseTranslation(ReverseTranslation.Kind.EXACT, OptionalLong.of(7), "");
    ReverseTranslation below =
        new ReverseTranslation(
            ReverseTranslation.Kind.BELOW_INDEX, OptionalLong.empty(), "not exactly: below");

    List<PlanRow> rows =
        List.of(
            ReturnRows.row(new ReversePlan("g", copy, origin, 11, "meta", exact)),
            ReturnRows.row(new ReversePlan("g", copy, origin, 1, "meta", below)));

    assertThat(rows)
        .containsExactly(
            new PlanRow("g", copy, origin, 11, "meta", OptionalLong.of(7), true, ""),
            new PlanRow(
                "g", copy, origin, 1, "meta", OptionalLong.empty(), false, "not exactly: below"));
    assertThat(rows.get(0).committable()).isTrue();
    assertThat(rows.get(1).committable()).isFalse();
  }
}
