package io.kmirror.replicator.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.ReadyTopics;
import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Flow;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Topic sync against in-memory clusters ({@link FakeAdmin}): batched admin calls at 1,000 topics,
 * topics whose describe fails are neither dropped, created blind nor deleted, and the copied-config
 * bookkeeping outlives a topic sync (a new {@link TopicSync} over the same store is a restart).
 */
class TopicSyncTest {

  private final Vertx vertx = Vertx.vertx();
  private final FakeAdmin source = new FakeAdmin();
  private final FakeAdmin target = new FakeAdmin();
  private final ReadyTopics ready = new ReadyTopics();
  private final InMemoryCopiedConfigs copied = new InMemoryCopiedConfigs();
  private FlowMetrics metrics;
  private TopicSync sync;
  private Context context;

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void start(Flow flow) {
    metrics = FlowMetrics.unregistered(flow.id());
    context = vertx.getOrCreateContext();
    sync =
        new TopicSync(
            FlowContext.of(flow),
            source.admin(),
            target.admin(),
            ready,
            copied,
            metrics,
            context,
            Duration.ofMillis(300));
  }

  private void pass() throws Exception {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> sync.runOnce().onComplete(done));
    done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void thousandTopicsTakeOneBatchedCallPerKindAndPass() throws Exception {
    start(TestFlows.flow("A", "B").build());
    for (int i = 0; i < 1000; i++) {
      source.topics.put("t" + i, 8);
    }

    pass();

    assertThat(target.topics).hasSize(1000).containsEntry("A.t999", 8);
    assertThat(ready.current().partitions()).hasSize(1000).containsEntry("t0", 8);
    assertThat(source.calls)
        .containsOnlyKeys("listTopics", "describeTopics", "describeConfigs")
        .allSatisfy((method, n) -> assertThat(n).hasValue(1));
    assertThat(target.calls)
        .containsOnlyKeys("listTopics", "createTopics", "listOffsets")
        .allSatisfy((method, n) -> assertThat(n).hasValue(1));

    pass();

    assertThat(source.calls("describeTopics")).isEqualTo(2);
    assertThat(source.calls("describeConfigs")).isEqualTo(2);
    assertThat(target.calls("describeTopics")).isEqualTo(1);
    assertThat(target.calls("describeConfigs")).isEqualTo(1);
    assertThat(target.calls("createTopics")).isEqualTo(1);
  }

  @Test
  void topicWhoseDescribeFailsIsCountedKeptAndTriedAgainNextPass() throws Exception {
    start(TestFlows.flow("A", "B").build());
    source.topics.putAll(Map.of("orders", 4, "payments", 2));
    source.describeFailures.put("payments", new TimeoutException("describe timed out"));

    pass();

    assertThat(target.topics).containsOnlyKeys("A.orders");
    assertThat(ready.current().partitions()).containsOnlyKeys("orders");
    assertThat(metrics.errors().count(ErrorMeters.Stage.TOPIC_SYNC)).isEqualTo(1);
    assertThat(sync.unreadTopics()).isEqualTo(1);

    source.describeFailures.clear();
    pass();

    assertThat(target.topics).containsEntry("A.payments", 2);
    assertThat(ready.current().partitions()).containsEntry("payments", 2);
    assertThat(sync.unreadTopics()).isZero();

    source.describeFailures.put("orders", new TimeoutException("describe timed out"));
    pass();

    assertThat(ready.current().partitions()).containsEntry("orders", 4);
    assertThat(metrics.errors().count(ErrorMeters.Stage.TOPIC_SYNC)).isEqualTo(2);
  }

  @Test
  void remoteTopicIsDeletedOnlyWhenTheSourceSaysItsTopicIsGone() throws Exception {
    start(TestFlows.flow("A", "B").syncDeletions(true).build());
    source.topics.putAll(Map.of("orders", 1, "payments", 1));
    pass();
    assertThat(ready.current().partitions()).containsOnlyKeys("orders", "payments");

    // A describe ACL taken away: the listing omits the topic and its describe is refused.
    source.hiddenFromListing.add("payments");
    source.describeFailures.put("payments", new TopicAuthorizationException("no describe"));
    pass();

    assertThat(target.deleted).isEmpty();
    assertThat(target.topics).containsKey("A.payments");
    assertThat(ready.current().partitions()).containsOnlyKeys("orders", "payments");
    assertThat(metrics.errors().count(ErrorMeters.Stage.TOPIC_SYNC)).isEqualTo(1);

    // A listing that lags behind: the topic is missing but its describe answers.
    source.describeFailures.clear();
    pass();
    assertThat(target.deleted).isEmpty();

    source.topics.remove("payments");
    pass();

    assertThat(target.deleted).containsExactly("A.payments");
    assertThat(ready.current().partitions()).containsOnlyKeys("orders");
    assertThat(source.calls("describeTopics")).isEqualTo(4 + 3);
  }

  @Test
  void unlistedTopicsAreConfirmedInOneDescribe() throws Exception {
    start(TestFlows.flow("A", "B").syncDeletions(true).build());
    for (int i = 0; i < 100; i++) {
      source.topics.put("t" + i, 1);
    }
    pass();
    for (int i = 0; i < 50; i++) {
      source.topics.remove("t" + i);
    }
    int before = source.calls("describeTopics");

    pass();

    assertThat(source.calls("describeTopics") - before).isEqualTo(2);
    assertThat(target.deleted).hasSize(50);
    assertThat(target.calls("deleteTopics")).isEqualTo(1);
    assertThat(ready.current().partitions()).hasSize(50);
    assertThat(List.copyOf(target.topics.keySet())).doesNotContain("A.t0");
  }

  @Test
  void remoteTopicBecomesReadyOnlyOnceTheTargetLeadsItsPartitionsHoweverManyPassesThatTakes()
      throws Exception {
    start(TestFlows.flow("A", "B").build());
    source.topics.putAll(Map.of("orders", 2, "slow", 3));
    target.leaderless.add("A.slow");

    pass();

    assertThat(target.topics).containsKeys("A.orders", "A.slow");
    assertThat(ready.current().partitions()).containsOnlyKeys("orders");
    assertThat(sync.unledTopics()).isEqualTo(1);

    // The remote topic exists now, but it still has no leader: not ready yet.
    pass();

    assertThat(ready.current().partitions()).containsOnlyKeys("orders");
    assertThat(sync.unledTopics()).isEqualTo(1);

    target.leaderless.clear();
    pass();

    assertThat(ready.current().partitions()).containsEntry("slow", 3).containsEntry("orders", 2);
    assertThat(sync.unledTopics()).isZero();
  }

  @Test
  void aConfigTheSourceDroppedIsDeletedByATopicSyncThatStartsAfreshAndATargetOnlyOneStays()
      throws Exception {
    // Given a topic mirrored with its retention.ms, and a key set on the remote topic by a person
    Flow flow = TestFlows.flow("A", "B").build();
    start(flow);
    source.topics.put("orders", 1);
    source.configs.put("orders", new HashMap<>(Map.of("retention.ms", "1000")));
    pass();
    assertThat(target.configs.get("A.orders")).isEqualTo(Map.of("retention.ms", "1000"));
    assertThat(copied.stored).isEqualTo(Map.of("orders", Set.of("retention.ms")));
    target.configs.get("A.orders").put("max.message.bytes", "2000000");

    // When the source drops it and a new topic sync (a restarted process) makes its first pass
    source.configs.get("orders").remove("retention.ms");
    start(flow);
    pass();

    // Then the remote topic loses it, keeps the person's key, and the bookkeeping forgets it
    assertThat(target.configs.get("A.orders")).isEqualTo(Map.of("max.message.bytes", "2000000"));
    assertThat(copied.stored).isEmpty();
  }

  @Test
  void keysAboutToBeSetAreStoredAheadAndStayStoredWhileTheTargetRefusesTheChange()
      throws Exception {
    // Given a mirrored topic whose copied key changes to another one, the target refusing alters
    start(TestFlows.flow("A", "B").build());
    source.topics.put("orders", 1);
    source.configs.put("orders", new HashMap<>(Map.of("retention.ms", "1000")));
    pass();
    source.configs.put("orders", new HashMap<>(Map.of("segment.ms", "60000")));
    target.refusedAlters.add("A.orders");

    // When a pass tries the change
    pass();

    // Then both keys stay stored: the one to delete and the one being set
    assertThat(target.configs.get("A.orders")).isEqualTo(Map.of("retention.ms", "1000"));
    assertThat(copied.stored).isEqualTo(Map.of("orders", Set.of("retention.ms", "segment.ms")));

    // And once the target accepts, only the source's key is left, on both
    target.refusedAlters.clear();
    pass();
    assertThat(target.configs.get("A.orders")).isEqualTo(Map.of("segment.ms", "60000"));
    assertThat(copied.stored).isEqualTo(Map.of("orders", Set.of("segment.ms")));
  }
}
