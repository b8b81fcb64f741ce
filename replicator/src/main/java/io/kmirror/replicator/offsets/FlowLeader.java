package io.kmirror.replicator.offsets;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects, among the processes running one flow, the one that does its consumer-group work
 * (checkpoints and target group sync): the process whose consumer owns the single partition of
 * {@code kmirror-leader.<source>.internal} on the target, in group {@code
 * kmirror-<source>-<target>-leader}. Kafka's group coordinator does the electing; no home-made
 * consensus.
 *
 * <p>Why one: two processes writing checkpoints each write what they read a moment apart, so a
 * slower one can overwrite a newer checkpoint with an older one, and a group sync that checked the
 * target group's position just before another process moved it can move it back.
 *
 * <p>The consumer never reads a record (nothing is written to the topic); it polls only to keep its
 * membership, on a thread of its own. A process that stops leaves the group explicitly (a static
 * member would otherwise stay), so another takes over at once; one that dies is replaced after the
 * session timeout (10 s unless the flow's target consumer settings say otherwise), or at once by
 * its own restart under the same {@code kmirror.instance.id}. If another live process takes this
 * one's instance id, this one stops electing, with one {@code event=instance-id-in-use} error,
 * rather than take the id back and forth.
 */
public final class FlowLeader implements Runnable, ConsumerRebalanceListener {

  private static final Logger LOG = LoggerFactory.getLogger(FlowLeader.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration CLOSE = Duration.ofSeconds(5);

  private final FlowId flow;
  private final Map<String, Object> config;
  private final String topic;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  // The current leadership term, -1 while standing by: a new number each time this process
  // becomes the leader, so work started in one term can tell that leadership moved meanwhile,
  // even if it came back.
  private volatile long term = -1;
  private long terms;
  private volatile boolean running = true;
  private volatile boolean halted;
  private volatile boolean fenced;
  private volatile Consumer<byte[], byte[]> consumer;
  private Thread thread;
  private String lastError = "";

  FlowLeader(FlowEndpoints endpoints) {
    this.flow = endpoints.flow().id();
    this.config = endpoints.leaderConsumer();
    this.topic = endpoints.context().leaderTopic();
  }

  /** Starts taking part in the election, on a daemon thread. */
  void start() {
    thread = new Thread(this, "kmirror-leader-" + flow.source() + "-" + flow.target());
    thread.setDaemon(true);
    thread.start();
  }

  /** Any thread: whether this process does the flow's group work right now. */
  public boolean leading() {
    return term >= 0;
  }

  /**
   * Any thread: the current leadership term, -1 when not leading. Work that writes as the leader
   * captures it when it starts and checks it again right before each write.
   */
  public long term() {
    return term;
  }

  @Override
  public void run() {
    Consumer<byte[], byte[]> c = null;
    try {
      c = new KafkaConsumer<>(config);
      consumer = c;
      c.subscribe(List.of(topic), this);
      while (running) {
        pollOnce(c);
      }
    } catch (WakeupException | InterruptException e) {
      // Stopping.
    } catch (FencedInstanceIdException e) {
      fenced = true;
      LOG.error(
          "flow={} event=instance-id-in-use group={} group-instance-id={} action=\"this process"
              + " stops taking part in the election; another live process runs with the same"
              + " kmirror.instance.id: give each process its own (KMIRROR_INSTANCE_ID)\"",
          flow,
          config.get("group.id"),
          config.get("group.instance.id"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      LOG.warn(
          "flow={} event=leader-election-failed topic={} reason=\"{}\" action=\"no group work"
              + " in this process until the flow restarts\"",
          flow,
          topic,
          e.toString());
    } finally {
      changeTo(false);
      if (c != null) {
        closeLeavingGroup(c);
      }
    }
  }

  private void pollOnce(Consumer<byte[], byte[]> c) throws InterruptedException {
    try {
      c.poll(POLL);
      lastError = "";
    } catch (WakeupException | InterruptException | FencedInstanceIdException e) {
      throw e;
    } catch (KafkaException e) {
      // A denied group or a target that is down: not leading until a poll succeeds again.
      changeTo(false);
      if (!e.toString().equals(lastError)) {
        lastError = e.toString();
        LOG.warn(
            "flow={} event=leader-election-failed topic={} reason=\"{}\" action=\"retrying\"",
            flow,
            topic,
            lastError);
      }
      // Some errors make poll() return at once; without a pause a denied group would spin. The
      // pause ends early when the flow stops.
      stopRequested.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void closeLeavingGroup(Consumer<byte[], byte[]> c) {
    try {
      if (halted || fenced) {
        c.close(
            CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                .withTimeout(Duration.ZERO));
      } else {
        c.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE));
      }
    } catch (KafkaException e) {
      LOG.debug("flow={} event=leader-close-failed reason=\"{}\"", flow, e.toString());
    }
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      changeTo(true);
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      changeTo(false);
    }
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    changeTo(false);
  }

  private void changeTo(boolean lead) {
    if (leading() != lead) {
      term = lead ? terms++ : -1;
      LOG.info(
          "flow={} event={} work=\"checkpoints, group sync\"",
          flow,
          lead ? "group-work-leader" : "group-work-standby");
    }
  }

  /**
   * Any thread: from now on stop as a crash would, staying in the group until the session times out
   * (tests, disaster-recovery drills).
   */
  void halt() {
    halted = true;
  }

  /**
   * Blocking: leaves the group (another process takes over at once), unless halted, and ends the
   * thread.
   */
  void stop(Duration timeout) throws InterruptedException {
    running = false;
    stopRequested.countDown();
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      thread.join(timeout.toMillis());
    }
  }
}
