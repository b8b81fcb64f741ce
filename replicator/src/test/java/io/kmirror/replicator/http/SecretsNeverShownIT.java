package io.kmirror.replicator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.ClusterSpec;
import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.ClusterPair;
import io.kmirror.replicator.testing.LogCapture;
import io.kmirror.replicator.testing.PlantedSecrets;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.Scrape;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running flow whose topology carries a distinct secret in every secret-bearing key: none of them
 * is in {@code /api/status}, {@code /metrics} or the run's log (kmirror at DEBUG, Kafka's clients
 * at INFO, where they print their configs).
 */
@ExtendWith(KafkaClusterExtension.class)
class SecretsNeverShownIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void noPlantedSecretIsServedOrLogged(
      @ClusterSpec(name = "A") EmbeddedKafkaCluster a,
      @ClusterSpec(name = "B") EmbeddedKafkaCluster b)
      throws Exception {
    // Given a topology with planted secrets over two PLAINTEXT clusters, and a source topic
    PlantedSecrets planted = PlantedSecrets.write(dir, a.bootstrapServers(), b.bootstrapServers());
    Topology topology =
        new TopologyParser().parse(planted.file(), Files.readString(planted.file())).topology();
    try (ClusterPair clusters = ClusterPair.open(a, b);
        LogCapture log = LogCapture.start()) {
      Records.createTopic(clusters.adminA(), "orders", 1, Map.of());
      Records.produceSample(a, "A", "orders", 1, 0, 5);

      // When the flow runs and mirrors the records
      try (Replicators replicator = Replicators.start(topology, clusters)) {
        int port = replicator.serveHttp();
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(
                            new JsonObject(Scrape.get(port, "/api/status").body())
                                .getJsonArray("flows")
                                .getJsonObject(0)
                                .getLong("recordsReplicated"))
                        .isEqualTo(5));

        // Then no secret is served
        for (String path : new String[] {"/api/status", "/metrics", "/ready?verbose"}) {
          String body = Scrape.get(port, path).body();
          for (String secret : planted.secrets()) {
            assertThat(body).as(path).doesNotContain(secret);
          }
        }
      }

      // nor logged, while the run did log (the capture works)
      String text = log.text();
      assertThat(text).contains("flow=A->B");
      for (String secret : planted.secrets()) {
        assertThat(text).as("run log").doesNotContain(secret);
      }
    }
  }
}
