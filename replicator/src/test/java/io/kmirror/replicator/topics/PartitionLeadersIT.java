package io.kmirror.replicator.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.broker.KafkaCluster;
import io.kmirror.broker.KafkaClusterExtension;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Partitions count as led only once their leader answers, and are waited for until then. */
@ExtendWith(KafkaClusterExtension.class)
class PartitionLeadersIT {

  private static Admin admin;
  private static Vertx vertx;

  @BeforeAll
  static void start(KafkaCluster cluster) {
    admin = Admin.create(cluster.clientProperties());
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    admin.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Set<TopicPartition> led(List<TopicPartition> partitions, Duration patience)
      throws Exception {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Set<TopicPartition>> result = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          Future<Set<TopicPartition>> led =
              PartitionLeaders.led(admin, partitions, context, patience);
          led.onComplete(
              done -> {
                assertThat(Vertx.currentContext())
                    .as("completes on the caller's context")
                    .isSameAs(context);
                result.complete(done.result());
              });
        });
    return result.get(30, TimeUnit.SECONDS);
  }

  private static List<TopicPartition> partitions(String topic, int from, int to) {
    return IntStream.range(from, to).mapToObj(p -> new TopicPartition(topic, p)).toList();
  }

  @Test
  void newTopicsAndNewPartitionsAreLedRightAfterTheirCreationIsAcknowledged() throws Exception {
    // Given a topic created and grown, with no wait of the test's own
    admin
        .createTopics(List.of(new NewTopic("fresh", 6, (short) 1)))
        .all()
        .get(30, TimeUnit.SECONDS);
    assertThat(led(partitions("fresh", 0, 6), PartitionLeaders.PATIENCE))
        .containsExactlyInAnyOrderElementsOf(partitions("fresh", 0, 6));

    admin
        .createPartitions(Map.of("fresh", NewPartitions.increaseTo(9)))
        .all()
        .get(30, TimeUnit.SECONDS);
    assertThat(led(partitions("fresh", 6, 9), PartitionLeaders.PATIENCE))
        .containsExactlyInAnyOrderElementsOf(partitions("fresh", 6, 9));
  }

  @Test
  void partitionsWithoutALeaderAreLeftOutOnceThePatienceRunsOut() throws Exception {
    // Given a topic with two partitions, asked about four
    admin.createTopics(List.of(new NewTopic("pair", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    long start = System.nanoTime();

    Set<TopicPartition> led = led(partitions("pair", 0, 4), Duration.ofMillis(800));

    // Then only the two that exist are led, after the wait was given up
    assertThat(led).containsExactlyInAnyOrderElementsOf(partitions("pair", 0, 2));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(800));
  }
}
