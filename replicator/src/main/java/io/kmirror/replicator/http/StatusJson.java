package io.kmirror.replicator.http;

import io.kmirror.replicator.metrics.FlowIncidents;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.offsets.OffsetStatus;
import io.kmirror.replicator.runtime.FlowStatus;
import io.kmirror.replicator.runtime.ReplicatorVerticle;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * The body of {@code GET /api/status}: per flow its state, leader role, topics and partitions, lag,
 * records skipped and where (the gaps retention left), partitions stopped and why, last checkpoint
 * and heartbeat, groups synced and skipped (and why), and last error; per cluster whether it
 * answers. No client config is included, and all text passes the {@link SecretScrubber}.
 */
final class StatusJson {

  private final ReplicatorVerticle replicator;
  private final SecretScrubber scrubber;

  StatusJson(ReplicatorVerticle replicator) {
    this.replicator = replicator;
    this.scrubber = new SecretScrubber(replicator.topology());
  }

  String scrub(String text) {
    return scrubber.scrub(text);
  }

  String render() {
    Map<FlowId, FlowStatus> statuses = replicator.status();
    JsonArray flows = new JsonArray();
    for (Flow flow : replicator.topology().enabledFlows()) {
      FlowStatus status = statuses.get(flow.id());
      if (status != null) {
        flows.add(flow(flow, status));
      }
    }
    JsonObject clusters = new JsonObject();
    replicator
        .topology()
        .clusters()
        .forEach(
            c ->
                clusters.put(
                    c.name(),
                    new JsonObject()
                        .put("reachable", replicator.metrics().clusters().reachable(c.name()))
                        .put(
                            "lastAnswered",
                            replicator
                                .metrics()
                                .clusters()
                                .lastAnswered(c.name())
                                .map(StatusJson::time)
                                .orElse(null))));
    JsonObject body =
        new JsonObject()
            .put("ready", replicator.readiness().ready())
            .put("flows", flows)
            .put("clusters", clusters);
    return scrubber.scrub(body.encodePrettily());
  }

  private JsonObject flow(Flow flow, FlowStatus status) {
    FlowMetrics m = replicator.counters(flow.id());
    OffsetStatus offsets = replicator.offsetStatus(flow.id());
    long now = System.currentTimeMillis();
    return new JsonObject()
        .put("flow", flow.id().toString())
        .put("source", flow.source())
        .put("target", flow.target())
        .put("state", status.state().name())
        .put("attempt", status.attempt())
        .put("lastError", status.lastError().orElse(null))
        .put("leader", offsets.leading())
        .put("topicsMirrored", m.topicsMirrored())
        .put("partitionsAssigned", m.lag().partitionsAssigned())
        .put("recordsReplicated", m.recordsAcknowledged())
        .put(
            "lag",
            new JsonObject()
                .put("records", m.lag().records())
                .put("caughtUp", time(m.lag().caughtUpMillis()))
                .put(
                    "seconds",
                    m.lag().caughtUpMillis() == 0
                        ? null
                        : Math.max(0, now - m.lag().caughtUpMillis()) / 1000.0)
                .put("stalledPartitions", m.lag().stalledPartitions())
                .put("fetchStalledTasks", m.sourceFetchStalledTasks()))
        .put(
            "recordsSkipped",
            new JsonObject()
                .put("retention", m.recordsSkippedByRetention())
                .put("loopPrevention", m.recordsDroppedByProvenance()))
        .put("gaps", gaps(m.incidents()))
        .put("stoppedPartitions", stopped(m.incidents()))
        .put("lastHeartbeat", time(m.heartbeatMillis()))
        .put(
            "checkpoints",
            new JsonObject()
                .put("written", offsets.checkpointsWritten())
                .put("lastCycle", offsets.lastRun().map(Instant::toString).orElse(null))
                .put("lastError", offsets.lastError().orElse(null)))
        .put(
            "groups",
            new JsonObject()
                .put("synced", m.offsets().groupsSynced())
                .put("offsetsCommitted", offsets.groupOffsetsCommitted())
                .put(
                    "skipped",
                    new JsonArray(
                        offsets.activeOnTarget().stream()
                            .sorted()
                            .map(
                                g ->
                                    (Object)
                                        new JsonObject()
                                            .put("group", g)
                                            .put(
                                                "why",
                                                "has active members on "
                                                    + flow.target()
                                                    + "; its offsets are left alone"))
                            .toList())));
  }

  /** The latest gaps retention left, newest last: where records are missing on the target. */
  private static JsonArray gaps(FlowIncidents incidents) {
    JsonArray gaps = new JsonArray();
    for (FlowIncidents.Gap gap : incidents.gaps()) {
      gaps.add(
          new JsonObject()
              .put("topic", gap.topic())
              .put("partition", gap.partition())
              .put("from", gap.from())
              .put("to", gap.to())
              .put("count", gap.count())
              .put("reason", "retention")
              .put("at", time(gap.atMillis())));
    }
    return gaps;
  }

  /** The partitions held now because the target refused a record, and why. */
  private static JsonArray stopped(FlowIncidents incidents) {
    JsonArray stopped = new JsonArray();
    for (FlowIncidents.Stop stop : incidents.stoppedPartitions()) {
      stopped.add(
          new JsonObject()
              .put("topic", stop.topic())
              .put("partition", stop.partition())
              .put("offset", stop.offset())
              .put("reason", stop.reason())
              .put("since", time(stop.sinceMillis())));
    }
    return stopped;
  }

  private static String time(long millis) {
    return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
  }
}
