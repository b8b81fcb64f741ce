package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kmirror.broker.ClusterSpec;
import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.kmirror.replicator.testing.LogCapture;
import io.kmirror.replicator.testing.Records;
import io.kmirror.replicator.testing.Replicators;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flow whose start failed because its target did not answer retries as soon as the target answers
 * again, not when its backoff runs out: with a 60 s retry delay, the flow runs and mirrors well
 * within the delay after the target's only broker is back.
 */
@ExtendWith(KafkaClusterExtension.class)
class ClusterReturnIT {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterReturnIT.class);
  private static final FlowId FLOW = new FlowId("A", "B");
  private static final Duration RETRY_DELAY = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aFlowWaitingOutItsBackoffRetriesAsSoonAsTheDownClusterAnswers(
      @ClusterSpec(name = "A") EmbeddedKafkaCluster a,
      @ClusterSpec(name = "B") EmbeddedKafkaCluster b)
      throws Exception {
    // Given a record on A, and B's only broker down
    try (Admin admin = Admin.create(a.clientProperties())) {
      Records.createTopic(admin, "return-stream", 1, Map.of());
    }
    try (KafkaProducer<String, String> producer = Records.producer(a)) {
      producer.send(new ProducerRecord<>("return-stream", "k", "v")).get();
    }
    b.killBroker(0);
    RuntimeSettings settings = Replicators.FAST.withRetry(RETRY_DELAY, RETRY_DELAY);
    try (LogCapture log = LogCapture.start();
        Replicators replicator =
            Replicators.start(
                TestFlows.topology(TestFlows.flow("A", "B").topics("return-stream").build()),
                Map.of("A", a.bootstrapServers(), "B", b.bootstrapServers()),
                settings)) {
      // When the flow's start has failed on B and waits 60 s to retry
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                FlowStatus status = replicator.replicator().status().get(FLOW);
                assertThat(status.state()).isEqualTo(FlowStatus.State.RETRYING);
                assertThat(status.lastError())
                    .hasValueSatisfying(e -> assertThat(e).startsWith("cluster B at "));
              });
      long failedAt = System.nanoTime();
      // and B comes back
      b.restartBroker(0);
      long backAt = System.nanoTime();

      // Then the flow runs and the record is on B long before the retry delay is over
      await()
          .atMost(RETRY_DELAY.dividedBy(2))
          .ignoreExceptions()
          .until(() -> Records.endOffsetTotal(b, "A.return-stream") == 1);
      Duration sinceBack = Duration.ofNanos(System.nanoTime() - backAt);
      Duration sinceFailure = Duration.ofNanos(System.nanoTime() - failedAt);
      LOG.info(
          "target back to record mirrored: {} ms (failure seen to mirrored {} ms, retry delay {}"
              + " ms)",
          sinceBack.toMillis(),
          sinceFailure.toMillis(),
          RETRY_DELAY.toMillis());
      assertThat(sinceFailure).isLessThan(RETRY_DELAY);
      assertThat(replicator.replicator().status().get(FLOW).state())
          .isEqualTo(FlowStatus.State.RUNNING);
      assertThat(log.text()).contains("flow=A->B event=cluster-answers cluster=B");
      ConsumerRecord<String, String> copy =
          Records.readExactly(b, "A.return-stream", 1, WAIT).get(0);
      assertThat(copy.key()).isEqualTo("k");
      assertThat(copy.value()).isEqualTo("v");
    }
  }
}
