package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.replicator.testing.LogCapture;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.Scrape;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A flow whose source refuses its credentials says so, naming the cluster, mechanism and principal,
 * once in the log and in {@code /api/status}, instead of calling the cluster unreachable; the wrong
 * password itself appears nowhere.
 */
class AuthenticationFailureIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String WRONG = "not-the-password-93b1";
  private static final String EXPECTED =
      "authentication failed for cluster A (SASL/SCRAM-SHA-512, principal alice): ";

  @Test
  void refusedCredentialsAreNamedOnceInTheLogAndTheStatus() throws Exception {
    try (EmbeddedKafkaCluster a =
            EmbeddedKafkaCluster.builder().name("A").scram("alice", "alice-right-pw").build();
        EmbeddedKafkaCluster b = EmbeddedKafkaCluster.builder().name("B").build()) {
      a.start();
      b.start();
      // Given a flow whose source credentials carry the wrong password
      Topology topology =
          new TopologyParser()
              .parse(
                  Path.of("topology.properties"),
                  String.join(
                      "\n",
                      "clusters = A, B",
                      "A.bootstrap.servers = " + a.bootstrapServers(),
                      "B.bootstrap.servers = " + b.bootstrapServers(),
                      "A->B.enabled = true",
                      "A.security.protocol = SASL_PLAINTEXT",
                      "A.sasl.mechanism = SCRAM-SHA-512",
                      "A.sasl.jaas.config = org.apache.kafka.common.security.scram.ScramLoginModule"
                          + " required username=\"alice\" password=\""
                          + WRONG
                          + "\";"))
              .topology();
      try (LogCapture log = LogCapture.start()) {
        // When the flow starts and retries (several attempts within the wait)
        try (Replicators replicator =
            Replicators.start(
                topology,
                Map.of("A", a.bootstrapServers(), "B", b.bootstrapServers()),
                Replicators.FAST)) {
          int port = replicator.serveHttp();
          await()
              .atMost(WAIT)
              .untilAsserted(
                  () -> {
                    JsonObject flow =
                        new JsonObject(Scrape.get(port, "/api/status").body())
                            .getJsonArray("flows")
                            .getJsonObject(0);
                    assertThat(flow.getInteger("attempt")).isGreaterThanOrEqualTo(3);
                    assertThat(flow.getString("lastError")).startsWith(EXPECTED);
                  });
          assertThat(Scrape.get(port, "/api/status").body()).doesNotContain(WRONG);
        }

        // Then the log names the refusal once, never as unreachable, and never the password
        String text = log.text();
        assertThat(text.split("event=authentication-failed", -1)).hasSize(2);
        assertThat(text)
            .contains("flow=A->B event=authentication-failed cluster=A")
            .contains("reason=\"" + EXPECTED)
            .doesNotContain("unreachable")
            .doesNotContain(WRONG);
      }
    }
  }
}
