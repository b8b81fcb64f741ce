package io.kmirror.replicator.mirror;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.topology.Flow;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.LogTruncationException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mirroring task of a flow: a source consumer in the flow's consumer group, a producer to the
 * target and a reader of the progress topic, all owned by one dedicated thread that this class
 * runs. No other thread touches the consumers; other threads only call {@link #requestStop()},
 * {@link #halt()} and {@link #abortDrain()}, which use the thread-safe {@code wakeup()} and {@code
 * close()} paths.
 *
 * <p>Stop is bounded: {@link #requestStop()} wakes the consumer; the thread then flushes the
 * producer, stores the progress of acknowledged records, commits, and closes its clients with
 * timeouts. If the target does not answer, the owner calls {@link #abortDrain()}, which closes the
 * producer at once: unacknowledged records stay uncommitted and are re-sent by whoever reads the
 * partition next. {@link #halt()} simulates a crash: nothing is flushed, stored or committed, and
 * the consumer stays in the group until its session times out.
 *
 * <p>A clean stop leaves the consumer group explicitly, static member or not, so the partitions
 * move to another process at once; a crashed static member is replaced by its own restart, which
 * takes the same {@code group.instance.id} (see {@link FlowEndpoints}). A worker whose identity a
 * second live process took over ({@link FencedInstanceIdException}) stops for good with one {@code
 * event=instance-id-in-use} error: retrying would fence the other process in turn, and the two
 * would take the partitions from each other forever.
 */
public final class MirrorWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorWorker.class);
  private static final long REPORT_INTERVAL_MILLIS = 1000;

  /**
   * Exactly-once: another worker's open transaction older than this is fenced when partitions are
   * gained; live workers commit every second.
   */
  private static final Duration STALE_TRANSACTION = Duration.ofSeconds(10);

  private final FlowEndpoints endpoints;
  private final int task;
  private final ReadyTopics readyTopics;
  private final FlowMetrics metrics;
  private final OffsetMappingSink mappings;
  private final MirrorSettings settings;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private volatile boolean running = true;
  private volatile boolean halted;
  private volatile boolean fenced;
  private volatile Consumer<byte[], byte[]> consumer;
  private volatile WorkerProducer producer;
  private ProgressStore store;
  private Admin sourceAdmin;
  private Admin targetAdmin;
  private volatile MirrorPartitions partitions;
  private FetchWatch fetchWatch;
  private Set<String> subscribed = Set.of();
  private long seenVersion = -1;
  private long nextPersistAt;
  private long nextReportAt;

  public MirrorWorker(
      FlowEndpoints endpoints,
      int task,
      ReadyTopics readyTopics,
      FlowMetrics metrics,
      OffsetMappingSink mappings,
      MirrorSettings settings) {
    this.endpoints = endpoints;
    this.task = task;
    this.readyTopics = readyTopics;
    this.metrics = metrics;
    this.mappings = mappings;
    this.settings = settings;
  }

  /** Thread name: {@code kmirror-mirror-A-B-0}. */
  public String threadName() {
    Flow flow = endpoints.flow();
    return "kmirror-mirror-" + flow.source() + "-" + flow.target() + "-" + task;
  }

  /** Completes when the thread has closed its clients; exceptionally if it died of an error. */
  public CompletionStage<Void> finished() {
    return finished;
  }

  @Override
  public void run() {
    Throwable error = null;
    try {
      open();
      while (running) {
        step();
      }
    } catch (WakeupException | InterruptException e) {
      if (running) {
        error = e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = running ? e : null;
    } catch (FencedInstanceIdException e) {
      fenced = true;
      error = e;
    } catch (RuntimeException | Error e) {
      error = e;
    }
    if (error != null) {
      if (!(error instanceof FatalProducerException)) {
        // A fatal producer error was counted as a produce error when it was classified.
        metrics.errors().record(ErrorMeters.Stage.CONSUME, error);
      }
      logFailure(error);
    }
    close();
    if (error == null) {
      finished.complete(null);
    } else {
      finished.completeExceptionally(error);
    }
  }

  private void logFailure(Throwable error) {
    if (fenced) {
      LOG.error(
          "flow={} task={} event=instance-id-in-use group={} group-instance-id={} action=\"this"
              + " worker stops; another live process runs with the same kmirror.instance.id: give"
              + " each process its own (KMIRROR_INSTANCE_ID)\"",
          flowId(),
          task,
          endpoints.groupId(),
          endpoints.sourceConsumer(task).get("group.instance.id"));
    } else {
      LOG.error("flow={} task={} event=worker-failed reason=\"{}\"", flowId(), task, error, error);
    }
  }

  private void open() {
    Flow flow = endpoints.flow();
    consumer = new KafkaConsumer<>(endpoints.sourceConsumer(task));
    sourceAdmin = Admin.create(endpoints.sourceAdmin());
    boolean exactlyOnce = endpoints.context().exactlyOnce();
    // Without an instance id, a name unique to this life of the worker (see transactionalProducer).
    String member = exactlyOnce ? UUID.randomUUID().toString() : "";
    producer =
        new WorkerProducer(
            flow.id(),
            task,
            exactlyOnce
                ? () -> transactionalProducer(member)
                : () -> new KafkaProducer<>(endpoints.targetProducer(task)));
    store =
        new ProgressStore(
            flow.id(),
            endpoints.context().progressTopic(),
            new KafkaConsumer<>(endpoints.targetProgressConsumer(task)),
            producer,
            SourceTopicIds.from(sourceAdmin, settings.catchUpTimeout()));
    Provenance provenance =
        flow.loopPrevention() ? new Provenance(flow.source(), flow.target()) : null;
    OffsetMappingSink sink = exactlyOnce ? mappings.transactional(producer) : mappings;
    partitions =
        new MirrorPartitions(
            endpoints.context(),
            consumer,
            producer,
            store,
            new RecordCopier(producer, provenance, metrics, endpoints.context().heartbeatsTopic()),
            metrics,
            sink,
            settings);
    if (exactlyOnce) {
      openTransactions(member, sink);
    } else {
      partitions.fencedBy(producer);
    }
    fetchWatch =
        new FetchWatch(
            flow.id(),
            task,
            new FetchCount(consumer),
            metrics,
            Duration.ofMillis(requestTimeoutMillis(endpoints.sourceConsumer(task))));
    nextPersistAt = System.currentTimeMillis() + settings.progressInterval().toMillis();
    LOG.info("flow={} task={} event=worker-started group={}", flowId(), task, endpoints.groupId());
  }

  /** The source consumer's {@code request.timeout.ms}: Kafka's 30 s unless the flow sets it. */
  private static long requestTimeoutMillis(Map<String, Object> consumerConfig) {
    Object set = consumerConfig.get(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    return set == null ? 30_000 : Long.parseLong(set.toString().trim());
  }

  private Producer<byte[], byte[]> transactionalProducer(String member) {
    Producer<byte[], byte[]> p = new KafkaProducer<>(endpoints.transactionalProducer(task, member));
    try {
      p.initTransactions();
    } catch (RuntimeException e) {
      p.close(Duration.ZERO);
      throw e;
    }
    return p;
  }

  /** Exactly-once: the worker's transactions and the fencing of zombies on partition gain. */
  private void openTransactions(String member, OffsetMappingSink sink) {
    String id = endpoints.transactionalId(task, member);
    TransactionalMirror tx =
        new TransactionalMirror(endpoints.flow().id(), id, producer, store, sink, metrics);
    targetAdmin = Admin.create(endpoints.targetAdmin());
    ZombieFence zombies =
        new ZombieFence(
            endpoints.flow().id(),
            targetAdmin,
            endpoints.context().transactionalIdPrefix(),
            id,
            STALE_TRANSACTION,
            settings.catchUpTimeout());
    tx.open();
    partitions.transactional(tx, zombies);
  }

  private void step() throws InterruptedException {
    followReadyTopics();
    if (subscribed.isEmpty()) {
      readyTopics.awaitNewerThan(seenVersion, settings.pollTimeout().toMillis());
      return;
    }
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = consumer.poll(settings.pollTimeout());
    } catch (LogTruncationException e) {
      partitions.truncated(e.divergentOffsets());
      records = ConsumerRecords.empty();
    } catch (OffsetOutOfRangeException e) {
      partitions.outOfRange(e.offsetOutOfRangePartitions());
      records = ConsumerRecords.empty();
    }
    partitions.handOver(records);
    fetchWatch.polled(records.count());
    if (endpoints.context().exactlyOnce()) {
      partitions.settleTransaction(System.currentTimeMillis());
      if (partitions.fencedOut()) {
        rejoin();
        return;
      }
    }
    // Before the failures are looked at: a failure that closed the producer is settled by then.
    producer.rebuildIfClosed();
    long now = System.currentTimeMillis();
    partitions.check(now);
    partitions.settleProgress();
    if (now >= nextReportAt) {
      partitions.reportMetrics();
      fetchWatch.check(now, consumer.assignment().size() - consumer.paused().size());
      nextReportAt = now + REPORT_INTERVAL_MILLIS;
    }
    if (now >= nextPersistAt) {
      partitions.persistAll();
      nextPersistAt = now + settings.progressInterval().toMillis();
    }
  }

  /**
   * Exactly-once, after this worker was fenced: leaves its partitions (nothing written) and joins
   * again, so it mirrors only what the group gives it, each partition fenced and claimed anew.
   */
  private void rejoin() {
    consumer.unsubscribe();
    partitions.rejoined();
    subscribed = Set.of();
    seenVersion = -1;
  }

  private void followReadyTopics() {
    ReadyTopics.Snapshot snapshot = readyTopics.current();
    if (snapshot.version() == seenVersion) {
      return;
    }
    seenVersion = snapshot.version();
    partitions.ready(snapshot);
    if (snapshot.topics().equals(subscribed)) {
      return;
    }
    subscribed = Set.copyOf(snapshot.topics());
    if (subscribed.isEmpty()) {
      consumer.unsubscribe();
    } else {
      consumer.subscribe(subscribed, partitions);
    }
    LOG.info("flow={} task={} event=subscribed topics={}", flowId(), task, subscribed.size());
  }

  private void close() {
    Duration timeout = settings.closeTimeout();
    if (halted || fenced) {
      // A fenced worker must not leave either: its identity now belongs to the other process.
      closeQuietly(() -> producer.close(Duration.ZERO));
      closeQuietly(
          () ->
              consumer.close(
                  CloseOptions.groupMembershipOperation(
                          CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                      .withTimeout(Duration.ZERO)));
    } else {
      if (partitions != null) {
        closeQuietly(partitions::drain);
      }
      closeQuietly(
          () ->
              consumer.close(
                  CloseOptions.groupMembershipOperation(
                          CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                      .withTimeout(timeout)));
      closeQuietly(() -> producer.close(timeout));
    }
    if (fetchWatch != null) {
      fetchWatch.close();
    }
    closeQuietly(() -> store.close());
    closeQuietly(() -> sourceAdmin.close(Duration.ZERO));
    if (targetAdmin != null) {
      closeQuietly(() -> targetAdmin.close(Duration.ZERO));
    }
    LOG.info(
        "flow={} task={} event=worker-stopped halted={} left-group={}",
        flowId(),
        task,
        halted,
        !halted && !fenced);
  }

  private void closeQuietly(Runnable action) {
    try {
      action.run();
    } catch (WakeupException e) {
      // A stop request can leave one wakeup pending: the call is worth a second try.
      retryQuietly(action);
    } catch (RuntimeException e) {
      LOG.debug(
          "flow={} task={} event=close-step-failed reason=\"{}\"", flowId(), task, e.toString());
    }
  }

  private void retryQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.debug(
          "flow={} task={} event=close-step-failed reason=\"{}\"", flowId(), task, e.toString());
    }
  }

  private String flowId() {
    return endpoints.flow().id().toString();
  }

  /**
   * Any thread: the next offset to copy of each partition this worker owns, refreshed each second.
   */
  public Map<TopicPartition, PartitionPosition> positions() {
    MirrorPartitions p = partitions;
    return p == null ? Map.of() : p.positions();
  }

  /** Any thread: ask for a drained stop; returns at once. */
  public void requestStop() {
    running = false;
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Any thread: stop as if the process had crashed (tests, disaster-recovery drills). */
  public void halt() {
    halted = true;
    MirrorPartitions p = partitions;
    if (p != null) {
      p.halt();
    }
    requestStop();
  }

  /** Any thread: give up waiting for the target during a stop; unacknowledged records stay. */
  public void abortDrain() {
    Producer<byte[], byte[]> p = producer;
    if (p != null) {
      p.close(Duration.ZERO);
    }
  }
}
