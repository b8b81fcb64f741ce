package io.kmirror.replicator.failover;

import io.kmirror.broker.EmbeddedKafkaCluster;
import io.kmirror.replicator.console.Polls;
import io.kmirror.replicator.failover.CheckpointReader.Seen;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.process.ReplicatorProcess;
import io.kmirror.replicator.runtime.RuntimeSettings;
import io.kmirror.replicator.sample.Traffic;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * {@code kmirror drill --embedded}: a whole disaster-recovery drill on a laptop. Starts the
 * built-in topology (embedded {@code primary} and {@code dr}, one broker each) with the replicator,
 * produces keyed sample traffic (the demo's) to {@code orders} and {@code payments}, commits three
 * consumer groups on primary at different positions (at the head, far behind, near the start),
 * waits until the checkpoints on dr show them, then stops the primary cluster while the traffic
 * runs, and runs the {@link Drill}: RPO, failover from the checkpoints (primary is gone),
 * verification, RTO.
 */
public final class EmbeddedDrill implements AutoCloseable {

  static final String RESOURCE = "drill-embedded.properties";
  static final FlowId FLOW = new FlowId("primary", "dr");
  static final List<String> TOPICS = List.of("orders", "payments");
  static final int PARTITIONS = 3;
  private static final int RATE = 200;
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration CHECK = Duration.ofMillis(250);

  private final Consumer<String> out;
  private final Duration sourceTimeout;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kmirror-drill-embedded"));
  private ReplicatorProcess process;
  private Traffic traffic;

  /**
   * @param sourceTimeout how long failover waits for the (stopped) primary before it uses the
   *     checkpoints: part of the measured RTO, as it would be in a real disaster
   */
  public EmbeddedDrill(Duration sourceTimeout, Consumer<String> out) {
    this.sourceTimeout = sourceTimeout;
    this.out = out;
  }

  /** The built-in topology, from the jar. */
  public static Topology topology() {
    try (InputStream in = EmbeddedDrill.class.getResourceAsStream(RESOURCE)) {
      String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new TopologyParser().parse(Path.of("(built-in) " + RESOURCE), content).topology();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DrillReport run() throws Exception {
    Topology topology = ReplicatorProcess.withHttpPortOrAnyFree(topology());
    Flow flow = topology.flow(FLOW).orElseThrow();
    out.accept(
        "starting embedded clusters primary and dr and the replicator (" + topology.file() + ")");
    process = ReplicatorProcess.start(topology, RuntimeSettings.defaults(), this::createTopics);
    out.accept(
        "metrics, health and status at " + process.httpUrl() + "/metrics /ready /api/status");
    Map<String, String> addresses = process.embeddedAddresses();
    FlowEndpoints endpoints =
        new FlowEndpoints(flow, addresses.get("primary"), addresses.get("dr"));
    awaitMirroring();
    traffic = new Traffic(Map.of("primary", TOPICS), addresses, RATE);
    traffic.start();
    out.accept(
        "producing " + RATE + " records/s to each of " + String.join(", ", TOPICS) + " on primary");
    await(() -> produced() >= RATE * TOPICS.size() * WARM_UP.toSeconds(), "sample traffic");
    Map<String, Map<TopicPartition, OffsetAndMetadata>> groups = commitGroups(endpoints);
    await(() -> checkpointed(endpoints, groups), "checkpoints on dr for every group");
    out.accept("checkpoints on dr show every group's position; the outage follows");
    Drill.Settings settings =
        new Drill.Settings(
            List.copyOf(groups.keySet()), sourceTimeout, Duration.ofSeconds(30), "embedded", true);
    EmbeddedKafkaCluster primary = process.embeddedCluster("primary").orElseThrow();
    return new Drill(endpoints, settings, out)
        .run(
            () -> {
              primary.close();
              traffic.close();
            });
  }

  private void createTopics(Map<String, String> addresses)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", addresses.get("primary")))) {
      List<NewTopic> topics =
          TOPICS.stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
  }

  private void awaitMirroring() throws InterruptedException, TimeoutException {
    await(
        () -> process.replicator().counters(FLOW).topicsMirrored() >= TOPICS.size(),
        "topics on dr");
  }

  private long produced() {
    return traffic.acknowledged().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Groups at the head, far behind and near the start of every partition, committed on primary. */
  private Map<String, Map<TopicPartition, OffsetAndMetadata>> commitGroups(FlowEndpoints endpoints)
      throws Exception {
    Map<String, LongUnaryOperator> positions = new LinkedHashMap<>();
    positions.put("billing", end -> end);
    positions.put("analytics", end -> end / 3);
    positions.put("audit", end -> Math.min(2, end));
    Map<String, Map<TopicPartition, OffsetAndMetadata>> groups = new LinkedHashMap<>();
    try (Admin admin = Admin.create(endpoints.sourceAdmin())) {
      Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
      for (String topic : TOPICS) {
        for (int p = 0; p < PARTITIONS; p++) {
          specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(specs)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, i) -> ends.put(tp, i.offset()));
      for (Map.Entry<String, LongUnaryOperator> e : positions.entrySet()) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        ends.forEach(
            (tp, end) -> offsets.put(tp, new OffsetAndMetadata(e.getValue().applyAsLong(end))));
        admin.alterConsumerGroupOffsets(e.getKey(), offsets).all().get(30, TimeUnit.SECONDS);
        groups.put(e.getKey(), offsets);
        out.accept(
            "group "
                + e.getKey()
                + " committed on primary at "
                + describe(offsets)
                + " of "
                + describe(ends));
      }
    }
    return groups;
  }

  private static String describe(Map<TopicPartition, ?> offsets) {
    long total =
        offsets.values().stream()
            .mapToLong(v -> v instanceof OffsetAndMetadata om ? om.offset() : (Long) v)
            .sum();
    return Long.toString(total);
  }

  private boolean checkpointed(
      FlowEndpoints endpoints, Map<String, Map<TopicPartition, OffsetAndMetadata>> groups)
      throws TimeoutException {
    ReplicationPolicy policy = endpoints.context().policy();
    Map<String, Map<TopicPartition, Seen>> seen =
        CheckpointReader.read(endpoints, Duration.ofSeconds(10));
    for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> group : groups.entrySet()) {
      Map<TopicPartition, Seen> checkpoints = seen.getOrDefault(group.getKey(), Map.of());
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : group.getValue().entrySet()) {
        TopicPartition remote =
            new TopicPartition(
                policy.formatRemoteTopic("primary", e.getKey().topic()), e.getKey().partition());
        Seen checkpoint = checkpoints.get(remote);
        if (checkpoint == null || checkpoint.upstream() != e.getValue().offset()) {
          return false;
        }
      }
    }
    return true;
  }

  private void await(Callable<Boolean> condition, String what)
      throws InterruptedException, TimeoutException {
    if (!Polls.until(scheduler, condition, WAIT, CHECK)) {
      throw new TimeoutException("waited " + WAIT.toSeconds() + " s for " + what);
    }
  }

  /** Stops the traffic, the replicator and what is left of the clusters. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    if (traffic != null) {
      traffic.close();
    }
    if (process != null) {
      process.close();
    }
  }
}
