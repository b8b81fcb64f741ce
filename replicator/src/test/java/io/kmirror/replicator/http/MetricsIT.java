package io.kmirror.replicator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.ClusterSpec;
import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.Scrape;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Topology;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metrics and HTTP endpoints of a running replicator on embedded clusters: exact counts, lag
 * back to zero, readiness that follows a cluster outage, and no secret in anything served.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String SECRET = "planted-secret-7f3a9";
  private static final Map<String, String> AB =
      Map.of("flow", "A->B", "source", "A", "target", "B");

  @AutoClose private static ClusterPair clusters;
  private static EmbeddedKafkaCluster a;

  @BeforeAll
  static void start(
      @ClusterSpec(name = "A") EmbeddedKafkaCluster source,
      @ClusterSpec(name = "B") EmbeddedKafkaCluster target) {
    a = source;
    clusters = ClusterPair.open(source, target);
  }

  /** A flow of one topic whose client configs carry secrets the clients ignore (PLAINTEXT). */
  private static Topology topology(String topic) {
    return TestFlows.topology(
        TestFlows.flow("A", "B")
            .topics(topic)
            .producer(Map.of("ssl.truststore.password", SECRET))
            .consumer(
                Map.of(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"u\" password=\""
                        + SECRET
                        + "\";"))
            .build());
  }

  @Test
  @Order(1)
  void replicatedRecordsAndBytesAreCountedExactlyAndLagReturnsToZero() throws Exception {
    // Given a mirrored topic of three partitions and the HTTP endpoints
    Records.createTopic(clusters.adminA(), "orders", 3, Map.of());
    try (Replicators replicator = Replicators.start(topology("orders"), clusters)) {
      int port = replicator.serveHttp();

      // When 300 records with a known key, value and header size are written
      int count = 300;
      long bytes = produce("orders", count);

      // Then the counters say exactly that, the lag is 0, and every record had its latency seen
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Scrape scrape = Scrape.from(port);
                assertThat(
                        scrape.value("kmirror_records_replicated_total", Map.of("topic", "orders")))
                    .isEqualTo(count);
                assertThat(
                        scrape.value("kmirror_replication_lag_records", Map.of("topic", "orders")))
                    .isZero();
                assertThat(scrape.value("kmirror_partitions_assigned", AB)).isEqualTo(3);
              });
      Scrape scrape = Scrape.from(port);
      assertThat(scrape.value("kmirror_bytes_replicated_total", Map.of("topic", "orders")))
          .isEqualTo(bytes);
      assertThat(scrape.value("kmirror_replication_latency_seconds_count", AB)).isEqualTo(count);
      assertThat(scrape.value("kmirror_replication_lag_seconds", Map.of("topic", "orders")))
          .isZero();
      assertThat(scrape.value("kmirror_topics_mirrored", AB)).isEqualTo(1);
      assertThat(scrape.value("kmirror_flow_up", AB)).isEqualTo(1);
      assertThat(
              scrape.value(
                  "kmirror_topic_sync_operations_total",
                  Map.of("operation", "create", "result", "success")))
          .isEqualTo(1);
      assertThat(scrape.value("kmirror_caught_up_timestamp_seconds", AB) * 1000)
          .isGreaterThan(System.currentTimeMillis() - 30_000);

      // and the endpoints answer
      assertThat(Scrape.get(port, "/health").statusCode()).isEqualTo(200);
      await().atMost(WAIT).until(() -> Scrape.get(port, "/ready").statusCode() == 200);
      assertThat(Scrape.from(port).value("kmirror_ready", Map.of())).isEqualTo(1);
      JsonObject status = new JsonObject(Scrape.get(port, "/api/status").body());
      JsonObject flow = status.getJsonArray("flows").getJsonObject(0);
      assertThat(flow.getString("flow")).isEqualTo("A->B");
      assertThat(flow.getString("state")).isEqualTo("RUNNING");
      assertThat(flow.getLong("recordsReplicated")).isEqualTo(count);
      assertThat(flow.getJsonObject("lag").getLong("records")).isZero();
      assertThat(status.getBoolean("ready")).isTrue();
      assertThat(Scrape.get(port, "/nowhere").statusCode()).isEqualTo(404);
      HttpResponse<String> open =
          Scrape.get(port, "/metrics", "application/openmetrics-text; version=1.0.0");
      assertThat(open.headers().firstValue("content-type").orElseThrow())
          .startsWith("application/openmetrics-text");
      assertThat(open.body()).endsWith("# EOF\n");

      // and no secret of the topology is in anything served
      for (String path : List.of("/api/status", "/ready?verbose", "/metrics", "/health")) {
        assertThat(Scrape.get(port, path).body()).as(path).doesNotContain(SECRET);
      }
    }
  }

  /** Writes {@code count} records; returns their key, value and header bytes. */
  private static long produce(String topic, int count) throws Exception {
    long bytes = 0;
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<String, String> producer = Records.producer(clusters.a())) {
      for (int i = 0; i < count; i++) {
        String key = "k" + i;
        String value = "value-" + i;
        byte[] header = "h".repeat(i % 4).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, i % 3, key, value);
        record.headers().add(new RecordHeader("hdr", header));
        bytes += key.length() + value.length() + "hdr".length() + header.length;
        acks.add(producer.send(record));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get(30, TimeUnit.SECONDS);
      }
    }
    return bytes;
  }

  @Test
  @Order(2)
  void readinessTurnsAwayWhileTheSourceIsDownAndReturnsWithIt() throws Exception {
    // Given a ready replicator
    Records.createTopic(clusters.adminA(), "payments", 1, Map.of());
    try (Replicators replicator = Replicators.start(topology("payments"), clusters)) {
      int port = replicator.serveHttp();
      await().atMost(WAIT).until(() -> Scrape.get(port, "/ready").statusCode() == 200);

      // When the source cluster's broker stops
      a.stopBroker(0);
      try {
        // Then /ready answers 503 naming the cluster, and the cluster counts as unreachable
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  HttpResponse<String> ready = Scrape.get(port, "/ready");
                  assertThat(ready.statusCode()).isEqualTo(503);
                  assertThat(ready.body()).contains("cluster A reachable");
                  Scrape scrape = Scrape.from(port);
                  assertThat(scrape.value("kmirror_cluster_reachable", Map.of("cluster", "A")))
                      .isZero();
                  assertThat(scrape.value("kmirror_cluster_reachable", Map.of("cluster", "B")))
                      .isEqualTo(1);
                  assertThat(scrape.value("kmirror_ready", Map.of())).isZero();
                });
        assertThat(Scrape.get(port, "/ready?verbose").body())
            .contains("[-] flow A->B cluster A reachable")
            .contains("[+] flow A->B cluster B reachable");
      } finally {
        a.restartBroker(0);
      }

      // And once it is back, so is readiness
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(Scrape.get(port, "/ready").statusCode()).isEqualTo(200);
                assertThat(
                        Scrape.from(port)
                            .value("kmirror_cluster_reachable", Map.of("cluster", "A")))
                    .isEqualTo(1);
              });
    }
  }
}
