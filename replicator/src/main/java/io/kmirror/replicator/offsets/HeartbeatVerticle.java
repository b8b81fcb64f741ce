package io.kmirror.replicator.offsets;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.periodic.PeriodicVerticle;
import io.kmirror.replicator.topics.TopicCreation;
import io.kmirror.topology.Flow;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.mirror.Heartbeat;
import org.apache.kafka.connect.mirror.KmirrorRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an MM2 {@link Heartbeat} (source alias, target alias, now), serialized by
 * connect-mirror-client, to the source's {@code heartbeats} topic every {@code
 * emit.heartbeats.interval.seconds}; the topic is created (compacted, one partition, as MM2 does)
 * when absent. The next beat is armed once the source has answered the last one ({@link
 * PeriodicVerticle}), so a source that is down never piles up sends. Heartbeats are mirrored like
 * any topic ({@code A.heartbeats} on the target), which is how MM2's {@code
 * RemoteClusterUtils.upstreamClusters} and {@code replicationHops} see the flow, and how a drill
 * measures end-to-end latency on an idle flow.
 */
public final class HeartbeatVerticle extends PeriodicVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatVerticle.class);

  private final FlowContext flowContext;
  private final Flow flow;
  private final Admin source;
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private boolean failing;

  /**
   * @param producer a producer to the source, owned and closed by the caller
   */
  public HeartbeatVerticle(
      FlowContext flowContext, Admin source, Producer<byte[], byte[]> producer) {
    super(STOP_BOUND);
    this.flowContext = flowContext;
    this.flow = flowContext.flow();
    this.source = source;
    this.producer = producer;
    this.topic = flowContext.heartbeatsTopic();
  }

  @Override
  public Future<?> start() {
    return TopicCreation.createIfAbsent(
            source, List.of(flowContext.heartbeatsOnSource()), context, topic, flow.source())
        .onSuccess(v -> runNow());
  }

  /** One beat; over once the source answered the send, or it failed. */
  @Override
  protected Future<?> runOnce() {
    Promise<Void> answered = Promise.promise();
    Heartbeat heartbeat = new Heartbeat(flow.source(), flow.target(), System.currentTimeMillis());
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, 0, KmirrorRecords.key(heartbeat), KmirrorRecords.value(heartbeat));
    // send() blocks while it waits for the source's metadata (for up to max.block.ms when the
    // source is down), so it runs on a worker thread, never on this verticle's event loop.
    vertx
        .executeBlocking(
            () ->
                producer.send(
                    record, (metadata, error) -> context.runOnContext(v -> sent(error, answered))))
        .onFailure(
            e -> sent(e instanceof Exception ex ? ex : new IllegalStateException(e), answered));
    return answered.future();
  }

  private void sent(Exception error, Promise<Void> answered) {
    if (error != null && !failing) {
      LOG.warn(
          "flow={} topic={} event=heartbeat-failed cluster={} reason=\"{}\"",
          flow.id(),
          topic,
          flow.source(),
          error.toString());
    } else if (error == null && failing) {
      LOG.info("flow={} topic={} event=heartbeat-resumed", flow.id(), topic);
    }
    failing = error != null;
    answered.tryComplete();
  }

  @Override
  protected Duration delayAfterRun() {
    return flow.heartbeats().interval();
  }
}
