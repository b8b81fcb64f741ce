package io.kmirror.replicator.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.testing.TestFlows;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlowEndpointsTest {

  @Test
  void userSettingsWinExceptTheOnesTheGuaranteesDependOn() {
    FlowEndpoints endpoints =
        new FlowEndpoints(
            TestFlows.flow("A", "B")
                .producer(Map.of("acks", "1", "linger.ms", "50", "bootstrap.servers", "wrong:1"))
                .consumer(
                    Map.of(
                        "enable.auto.commit", "true",
                        "allow.auto.create.topics", "true",
                        "max.poll.records", "10"))
                .build(),
            "a:9092",
            "b:9092");

    Map<String, Object> producer = endpoints.targetProducer(0);
    assertThat(producer)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("linger.ms", "50")
        .containsEntry("compression.type", "none")
        .containsEntry("bootstrap.servers", "b:9092");
    Map<String, Object> consumer = endpoints.sourceConsumer(0);
    assertThat(consumer)
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("allow.auto.create.topics", "false")
        .containsEntry("max.poll.records", "10")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("group.id", "kmirror-A-B")
        .containsEntry("bootstrap.servers", "a:9092");
    assertThat(endpoints.context().progressTopic()).isEqualTo("kmirror-offsets.A.internal");
  }

  @Test
  void theNewConsumerProtocolGetsNoClientSideAssignor() {
    FlowEndpoints endpoints =
        new FlowEndpoints(
            TestFlows.flow("A", "B").consumer(Map.of("group.protocol", "consumer")).build(),
            "a:9092",
            "b:9092");

    assertThat(endpoints.sourceConsumer(0)).doesNotContainKey("partition.assignment.strategy");
  }

  @Test
  void theElectionConsumerJoinsItsOwnGroupOnTheTargetAndKeepsTheLeadershipWhereItIs() {
    FlowEndpoints endpoints =
        new FlowEndpoints(TestFlows.flow("A", "B").build(), "a:9092", "b:9092");

    assertThat(endpoints.leaderConsumer())
        .containsEntry("group.id", "kmirror-A-B-leader")
        .containsEntry("bootstrap.servers", "b:9092")
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("session.timeout.ms", "10000")
        .containsEntry(
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
  }

  @Test
  void withAnInstanceIdEveryGroupMemberIsStaticPerFlowAndTask() {
    FlowEndpoints endpoints =
        new FlowEndpoints(
                TestFlows.flow("A", "B").consumer(Map.of("group.instance.id", "shared")).build(),
                "a:9092",
                "b:9092")
            .withInstanceId(Optional.of("host-1"));

    assertThat(endpoints.sourceConsumer(0)).containsEntry("group.instance.id", "host-1-A-B-0");
    assertThat(endpoints.sourceConsumer(1)).containsEntry("group.instance.id", "host-1-A-B-1");
    assertThat(endpoints.leaderConsumer()).containsEntry("group.instance.id", "host-1-A-B-leader");
    assertThat(endpoints.targetProgressConsumer(0)).doesNotContainKey("group.instance.id");
  }

  @Test
  void withoutAnInstanceIdMembersAreDynamicAndAUserInstanceIdIsDropped() {
    FlowEndpoints endpoints =
        new FlowEndpoints(
            TestFlows.flow("A", "B").consumer(Map.of("group.instance.id", "shared")).build(),
            "a:9092",
            "b:9092");

    assertThat(endpoints.sourceConsumer(0)).doesNotContainKey("group.instance.id");
    assertThat(endpoints.leaderConsumer()).doesNotContainKey("group.instance.id");
  }

  @Test
  void sourceConsumersDetectADeadProcessInTenSecondsUnlessTheUserSaysOtherwise() {
    assertThat(
            new FlowEndpoints(TestFlows.flow("A", "B").build(), "a:9092", "b:9092")
                .sourceConsumer(0))
        .containsEntry("session.timeout.ms", "10000")
        .containsEntry("heartbeat.interval.ms", "1000");
    assertThat(
            new FlowEndpoints(
                    TestFlows.flow("A", "B")
                        .consumer(Map.of("session.timeout.ms", "30000"))
                        .build(),
                    "a:9092",
                    "b:9092")
                .sourceConsumer(0))
        .containsEntry("session.timeout.ms", "30000");
  }

  @Test
  void aTargetSendBlocksTheWorkerFiveSecondsAtMostUnlessTheUserSaysOtherwise() {
    assertThat(
            new FlowEndpoints(TestFlows.flow("A", "B").build(), "a:9092", "b:9092")
                .targetProducer(0))
        .containsEntry("max.block.ms", "5000");
    assertThat(
            new FlowEndpoints(
                    TestFlows.flow("A", "B").producer(Map.of("max.block.ms", "20000")).build(),
                    "a:9092",
                    "b:9092")
                .targetProducer(0))
        .containsEntry("max.block.ms", "20000");
  }
}
