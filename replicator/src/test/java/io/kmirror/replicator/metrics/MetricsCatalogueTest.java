package io.kmirror.replicator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kmirror.replicator.testing.Scrape;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Flow;
import io.kmirror.topology.MetricsSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metric catalogue docs/metrics.md promises: names, types, help, labels, cardinality. */
class MetricsCatalogueTest {

  private static final Flow FLOW = TestFlows.flow("A", "B").build();
  private static final Map<String, String> AB =
      Map.of("flow", "A->B", "source", "A", "target", "B");

  private final Metrics metrics = Metrics.strict();

  @AfterEach
  void close() {
    metrics.close();
  }

  private Scrape scrape() {
    return Scrape.of(metrics.scrape("text/plain"));
  }

  @Test
  void everyFlowSeriesExistsAtZeroFromTheStartWithItsTypeAndHelp() {
    // Given a flow's meters, created before anything happened
    metrics.flow(FLOW, MetricsSettings.defaults());
    Scrape scrape = scrape();

    // Then every catalogue family is there with flow, source and target labels
    Map<String, String> families =
        Map.ofEntries(
            Map.entry("kmirror_flow_up", "gauge"),
            Map.entry("kmirror_flow_leader", "gauge"),
            Map.entry("kmirror_caught_up_timestamp_seconds", "gauge"),
            Map.entry("kmirror_replication_latency_seconds", "histogram"),
            Map.entry("kmirror_record_age_seconds", "histogram"),
            Map.entry("kmirror_stalled_partitions", "gauge"),
            Map.entry("kmirror_topics_mirrored", "gauge"),
            Map.entry("kmirror_partitions_assigned", "gauge"),
            Map.entry("kmirror_topics_folded", "gauge"),
            Map.entry("kmirror_topic_sync_operations_total", "counter"),
            Map.entry("kmirror_topic_config_drift", "gauge"),
            Map.entry("kmirror_checkpoints_written_total", "counter"),
            Map.entry("kmirror_checkpoint_timestamp_seconds", "gauge"),
            Map.entry("kmirror_groups_synced", "gauge"),
            Map.entry("kmirror_groups_skipped_active", "gauge"),
            Map.entry("kmirror_offsets_untranslatable", "gauge"),
            Map.entry("kmirror_heartbeat_timestamp_seconds", "gauge"),
            Map.entry("kmirror_errors_total", "counter"),
            Map.entry("kmirror_records_sent_total", "counter"),
            Map.entry("kmirror_target_resets_total", "counter"));
    families.forEach(
        (family, type) -> {
          assertThat(scrape.type(family)).as(family).isEqualTo(type);
          assertThat(scrape.help(family)).as(family).isNotBlank();
          String sample = type.equals("histogram") ? family + "_count" : family;
          assertThat(scrape.value(sample, AB)).as(family).isZero();
        });
    assertThat(scrape.matching("kmirror_topic_sync_operations_total", AB)).hasSize(10);
    assertThat(
            scrape.matching("kmirror_errors_total", Map.of("stage", "produce", "error", "other")))
        .hasSize(1);
    assertThat(scrape.matching("kmirror_errors_total", AB))
        .hasSize(5 * (ErrorMeters.ALLOWED.size() + 1));
    assertThat(scrape.matching("kmirror_offsets_untranslatable", Map.of("group", "_other")))
        .hasSize(1);
    assertThat(scrape.samples()).noneMatch(s -> s.labels().containsKey("partition"));
  }

  @Test
  void processSeriesCarryTheVersionTheReadinessAndEachClusterOfTheTopology() {
    metrics.clusters().track("A");
    metrics.readiness(() -> false);
    Scrape scrape = scrape();
    assertThat(scrape.matching("kmirror_build_info", Map.of())).hasSize(1);
    assertThat(scrape.matching("kmirror_build_info", Map.of()).get(0).labels())
        .containsKey("version");
    assertThat(scrape.value("kmirror_ready", Map.of())).isZero();
    assertThat(scrape.value("kmirror_cluster_reachable", Map.of("cluster", "A"))).isZero();

    metrics.clusters().answered("A", System.currentTimeMillis());
    assertThat(scrape().value("kmirror_cluster_reachable", Map.of("cluster", "A"))).isEqualTo(1);
    assertThat(scrape.matching("jvm_memory_used_bytes", Map.of())).isNotEmpty();
    assertThat(scrape.matching("process_cpu_usage", Map.of())).isNotEmpty();
  }

  @Test
  void skippedRecordsAreCountedPerTopicAndReasonFromZeroOnceTheTopicIsMirrored() {
    // Given a mirrored topic
    FlowMetrics flow = metrics.flow(FLOW, MetricsSettings.defaults());
    flow.topicsMirrored(Set.of("orders"));
    Scrape scrape = scrape();
    assertThat(scrape.type("kmirror_records_skipped_total")).isEqualTo("counter");
    assertThat(scrape.help("kmirror_records_skipped_total")).isNotBlank();
    assertThat(
            scrape.value(
                "kmirror_records_skipped_total", Map.of("topic", "orders", "reason", "retention")))
        .isZero();

    // When retention deleted 40 unread offsets and loop prevention dropped 3 records
    flow.skippedByRetention("orders", 40);
    flow.droppedByProvenance("orders", 3);

    // Then each reason counts its own, per topic and in the flow's totals
    scrape = scrape();
    assertThat(
            scrape.value(
                "kmirror_records_skipped_total", Map.of("topic", "orders", "reason", "retention")))
        .isEqualTo(40);
    assertThat(
            scrape.value(
                "kmirror_records_skipped_total",
                Map.of("topic", "orders", "reason", "loop-prevention")))
        .isEqualTo(3);
    assertThat(flow.recordsSkippedByRetention()).isEqualTo(40);
    assertThat(flow.recordsDroppedByProvenance()).isEqualTo(3);
  }

  @Test
  void acknowledgedRecordsAndBytesAreCountedPerTopicAndPerFlow() {
    FlowMetrics flow = metrics.flow(FLOW, MetricsSettings.defaults());
    flow.topicsMirrored(Set.of("orders", "payments"));
    flow.acknowledged("orders", 10, 1000);
    flow.acknowledged("payments", 3, 30);
    flow.acknowledged("orders", 5, 500);

    Scrape scrape = scrape();
    assertThat(scrape.value("kmirror_records_replicated_total", Map.of("topic", "orders")))
        .isEqualTo(15);
    assertThat(scrape.value("kmirror_bytes_replicated_total", Map.of("topic", "orders")))
        .isEqualTo(1500);
    assertThat(scrape.value("kmirror_records_replicated_total", AB)).isEqualTo(18);
    assertThat(flow.recordsAcknowledged()).isEqualTo(18);
    assertThat(scrape.value("kmirror_topics_mirrored", AB)).isEqualTo(2);
  }

  @Test
  void topicsBeyondTheCapShareOneOtherSeriesAndAreCounted() {
    // Given a cap of two topics per flow
    FlowMetrics flow = metrics.flow(FLOW, new MetricsSettings(2, Duration.ofMinutes(5)));

    // When four topics are mirrored
    flow.topicsMirrored(Set.of("a", "b", "c", "d"));
    flow.acknowledged("c", 4, 40);
    flow.acknowledged("d", 6, 60);

    // Then the first two (by name) have their own series, the others are summed as _other
    Scrape scrape = scrape();
    assertThat(
            scrape.matching("kmirror_records_replicated_total", AB).stream()
                .map(s -> s.labels().get("topic"))
                .sorted())
        .containsExactly("_other", "a", "b");
    assertThat(scrape.value("kmirror_records_replicated_total", Map.of("topic", "_other")))
        .isEqualTo(10);
    assertThat(scrape.value("kmirror_topics_folded", AB)).isEqualTo(2);
  }

  @Test
  void aTopicThatLeavesTheFlowLosesItsSeriesAndFreesItsPlace() {
    FlowMetrics flow = metrics.flow(FLOW, new MetricsSettings(2, Duration.ofMinutes(5)));
    flow.topicsMirrored(Set.of("a", "b", "c"));

    flow.topicsMirrored(Set.of("a", "d"));

    Scrape scrape = scrape();
    assertThat(
            scrape.matching("kmirror_replication_lag_records", AB).stream()
                .map(s -> s.labels().get("topic"))
                .sorted())
        .containsExactly("a", "d");
    assertThat(scrape.value("kmirror_topics_folded", AB)).isZero();
  }

  @Test
  void lagPerPartitionIsExportedOnlyWhenAKeyAsksForIt() {
    FlowMetrics off = metrics.flow(FLOW, MetricsSettings.defaults());
    off.topicsMirrored(Set.of("orders"));
    TopicPartition p0 = new TopicPartition("orders", 0);
    TopicPartition p1 = new TopicPartition("orders", 1);
    LagSnapshot snapshot =
        new LagSnapshot(
            2, 0, 1_000, Map.of("orders", new LagSnapshot.TopicLag(7, 10)), Map.of(p0, 3L, p1, 4L));
    off.lag().update(snapshot);
    assertThat(scrape().samples()).noneMatch(s -> s.labels().containsKey("partition"));

    Metrics other = Metrics.strict();
    FlowMetrics on = other.flow(FLOW, new MetricsSettings(500, Duration.ofMinutes(5), true));
    on.topicsMirrored(Set.of("orders"));
    on.lag().update(snapshot);
    Scrape scrape = Scrape.of(other.scrape("text/plain"));
    assertThat(scrape.value("kmirror_partition_lag_records", Map.of("partition", "1")))
        .isEqualTo(4);
    assertThat(scrape.value("kmirror_replication_lag_records", Map.of("topic", "orders")))
        .isEqualTo(7);

    on.lag().update(new LagSnapshot(1, 0, 1_000, Map.of(), Map.of(p0, 0L)));
    assertThat(Scrape.of(other.scrape("text/plain")).matching("kmirror_partition_lag_records", AB))
        .hasSize(1);
    other.close();
  }

  @Test
  void errorsAreLabelledByAnAllowListedClassFromTheCauseChainElseOther() {
    FlowMetrics flow = metrics.flow(FLOW, MetricsSettings.defaults());
    flow.errors()
        .record(
            ErrorMeters.Stage.PRODUCE,
            new RuntimeException("wrapped", new NotLeaderOrFollowerException("x")));
    flow.errors().record(ErrorMeters.Stage.TOPIC_SYNC, new TopicAuthorizationException("y"));
    flow.errors().record(ErrorMeters.Stage.CONSUME, new IllegalStateException("z"));

    Scrape scrape = scrape();
    assertThat(
            scrape.value(
                "kmirror_errors_total",
                Map.of("stage", "produce", "error", "NotLeaderOrFollowerException")))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "kmirror_errors_total",
                Map.of("stage", "topic-sync", "error", "TopicAuthorizationException")))
        .isEqualTo(1);
    assertThat(scrape.value("kmirror_errors_total", Map.of("stage", "consume", "error", "other")))
        .isEqualTo(1);
  }

  @Test
  void untranslatableGroupsAreCappedAndGoneGroupsLoseTheirSeries() {
    FlowMetrics flow = metrics.flow(FLOW, MetricsSettings.defaults());
    java.util.Map<String, Long> many = new java.util.HashMap<>();
    for (int i = 0; i < GroupMeterSet.MAX + 5; i++) {
      many.put(String.format("g%03d", i), 1L);
    }
    flow.offsets().cycle(true, 1_000, 7, 3, 0, many);
    Scrape scrape = scrape();
    assertThat(scrape.matching("kmirror_offsets_untranslatable", AB))
        .hasSize(GroupMeterSet.MAX + 1);
    assertThat(scrape.value("kmirror_offsets_untranslatable", Map.of("group", "_other")))
        .isEqualTo(5);
    assertThat(scrape.value("kmirror_checkpoint_timestamp_seconds", AB)).isEqualTo(1.0);

    flow.offsets().cycle(false, 2_000, 0, 0, 0, Map.of("g001", 2L));
    scrape = scrape();
    assertThat(
            scrape.matching("kmirror_offsets_untranslatable", AB).stream()
                .map(s -> s.labels().get("group")))
        .containsExactlyInAnyOrder("_other", "g001");
    assertThat(scrape.value("kmirror_checkpoint_timestamp_seconds", AB))
        .as("a failed cycle does not move the checkpoint time")
        .isEqualTo(1.0);
  }

  @Test
  void aNameRegisteredAgainAsAnotherTypeFailsRegistrationAndAStrictRegistryThrows() {
    Counter.builder("kmirror.test.clash").tag("a", "1").register(metrics.registry());
    assertThatThrownBy(
            () -> Gauge.builder("kmirror.test.clash", () -> 1).register(metrics.registry()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("meter kmirror.test.clash: ");
  }

  @Test
  void twoFlowsOfOneProcessShareEachFamilyWithoutAClash() {
    metrics.flow(FLOW, MetricsSettings.defaults());
    metrics.flow(TestFlows.flow("B", "A").build(), MetricsSettings.defaults());
    assertThat(scrape().matching("kmirror_flow_up", Map.of())).hasSize(2);
  }

  @Test
  void theScrapeIsOpenMetricsWhenTheAcceptHeaderAsksForIt() {
    metrics.flow(FLOW, MetricsSettings.defaults());
    String accept = "application/openmetrics-text;version=1.0.0,text/plain;q=0.5";
    assertThat(Metrics.contentType(accept)).startsWith("application/openmetrics-text");
    assertThat(metrics.scrape(accept)).endsWith("# EOF\n");
    assertThat(Metrics.contentType("text/plain")).startsWith("text/plain; version=0.0.4");
  }
}
