package io.kmirror.replicator.runtime;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.health.FlowProbe;
import io.kmirror.replicator.metrics.ClusterReachability;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.MirrorVerticle;
import io.kmirror.replicator.mirror.MirrorWorker;
import io.kmirror.replicator.mirror.PartitionPosition;
import io.kmirror.replicator.mirror.ReadyTopics;
import io.kmirror.replicator.offsets.FlowOffsets;
import io.kmirror.replicator.offsets.OffsetStatus;
import io.kmirror.replicator.topics.CopiedConfigTopic;
import io.kmirror.replicator.topics.CopiedConfigs;
import io.kmirror.replicator.topics.TopicCreation;
import io.kmirror.replicator.topics.TopicSyncVerticle;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * What one start attempt of a flow deploys (topic sync, the mirroring workers, the offsets
 * verticles, the health probe) and the clients and state topics they share (progress, offset index,
 * checkpoints, copied configs); {@link #teardown()} undeploys all of it and closes the clients.
 * Which steps run, in which order and whether the attempt is still current is {@link
 * FlowVerticle}'s job; the deploying methods are called on its context only, the reading ones from
 * any thread.
 */
final class FlowChildren {

  private final Vertx vertx;
  private final Context context;
  private final FlowEndpoints endpoints;
  private final RuntimeSettings settings;
  private final FlowMetrics metrics;
  private final ClusterReachability clusters;
  private final List<String> deployed = new ArrayList<>();
  private final List<MirrorVerticle> mirrors = new CopyOnWriteArrayList<>();
  private FlowAdmins admins;
  private volatile FlowOffsets offsets;
  private volatile TopicSyncVerticle topicSync;
  private volatile CopiedConfigTopic copiedConfigs;

  FlowChildren(
      Vertx vertx,
      Context context,
      FlowEndpoints endpoints,
      RuntimeSettings settings,
      FlowMetrics metrics,
      ClusterReachability clusters) {
    this.vertx = vertx;
    this.context = context;
    this.endpoints = endpoints;
    this.settings = settings;
    this.metrics = metrics;
    this.clusters = clusters;
  }

  /** The attempt's admin clients; closed by {@link #teardown()}. */
  void use(FlowAdmins admins) {
    this.admins = admins;
  }

  /** Both clusters asked for their id side by side. */
  Future<Void> probeClusters() {
    return Future.all(
            FlowAdmins.probe(
                endpoints.flow().source(),
                endpoints.sourceBootstrap(),
                sourceAdmin(),
                endpoints.sourceAdmin(),
                settings.probeTimeout(),
                clusters,
                context),
            FlowAdmins.probe(
                endpoints.flow().target(),
                endpoints.targetBootstrap(),
                targetAdmin(),
                endpoints.targetAdmin(),
                settings.probeTimeout(),
                clusters,
                context))
        .mapEmpty();
  }

  /** Null once torn down: a late step then fails as the probe of a missing client does. */
  private Admin sourceAdmin() {
    FlowAdmins clients = admins;
    return clients == null ? null : clients.source();
  }

  private Admin targetAdmin() {
    FlowAdmins clients = admins;
    return clients == null ? null : clients.target();
  }

  /** kmirror's own topics on the target (progress, offset index, checkpoints) and their clients. */
  Future<Void> stateTopics() {
    return Future.all(ensureProgressTopic(), openOffsets()).mapEmpty();
  }

  private Future<Void> ensureProgressTopic() {
    String progress = endpoints.context().progressTopic();
    return TopicCreation.createIfAbsent(
        targetAdmin(),
        List.of(endpoints.context().compactedOnTarget(progress)),
        context,
        "progress topic " + progress,
        endpoints.flow().target());
  }

  /** Offset index and checkpoint topics on the target, and the clients for them. */
  private Future<Void> openOffsets() {
    offsets =
        new FlowOffsets(endpoints, settings.mirror().closeTimeout(), settings.indexPruneInterval());
    return offsets.open(vertx, context, targetAdmin());
  }

  /** Topic sync, after its copied-config topic and that topic's clients when configs are synced. */
  Future<Void> deployTopicSync(ReadyTopics ready) {
    if (!endpoints.flow().topics().configSync().enabled()) {
      return deployTopicSync(ready, CopiedConfigs.NONE);
    }
    return CopiedConfigTopic.open(vertx, context, endpoints, targetAdmin())
        .compose(
            copied -> {
              if (admins == null) {
                // Torn down while the clients were made: nobody else would close them.
                return vertx.<Void>executeBlocking(
                    () -> {
                      copied.close();
                      throw new IllegalStateException("flow torn down during start");
                    },
                    false);
              }
              copiedConfigs = copied;
              return deployTopicSync(ready, copied);
            });
  }

  private Future<Void> deployTopicSync(ReadyTopics ready, CopiedConfigs copied) {
    TopicSyncVerticle sync =
        new TopicSyncVerticle(
            endpoints.context(), sourceAdmin(), targetAdmin(), ready, copied, metrics);
    topicSync = sync;
    return deploy(sync);
  }

  /** {@code tasks.max} workers; {@code died} hears of a worker that stopped on its own. */
  Future<Void> deployMirrors(ReadyTopics ready, Handler<Throwable> died) {
    List<Future<Void>> deployments = new ArrayList<>();
    for (int task = 0; task < Math.max(1, endpoints.flow().tasksMax()); task++) {
      MirrorWorker worker =
          new MirrorWorker(endpoints, task, ready, metrics, offsets.journal(), settings.mirror());
      MirrorVerticle mirror = new MirrorVerticle(worker, settings.stopTimeout(), died);
      mirrors.add(mirror);
      deployments.add(deploy(mirror));
    }
    return Future.all(deployments).mapEmpty();
  }

  /** Checkpoints, group offset sync and heartbeats, each as its own verticle. */
  Future<Void> deployOffsets() {
    List<Future<Void>> deployments = new ArrayList<>();
    for (Deployable verticle : offsets.verticles(sourceAdmin(), targetAdmin(), metrics)) {
      deployments.add(deploy(verticle));
    }
    return Future.all(deployments).mapEmpty();
  }

  /** Cluster reachability and lag, from now on measured every health interval. */
  Future<Void> deployProbe() {
    FlowOffsets flowOffsets = offsets;
    return deploy(
        new FlowProbe(
            endpoints.flow(),
            sourceAdmin(),
            targetAdmin(),
            this::positions,
            flowOffsets::leading,
            metrics,
            clusters,
            settings.healthInterval()));
  }

  private Future<Void> deploy(Deployable verticle) {
    return vertx.deployVerticle(verticle).onSuccess(deployed::add).mapEmpty();
  }

  /** Any thread: every worker's owned partitions and where mirroring stands on each. */
  private Map<TopicPartition, PartitionPosition> positions() {
    Map<TopicPartition, PartitionPosition> all = new HashMap<>();
    mirrors.forEach(m -> all.putAll(m.positions()));
    return all;
  }

  int workers() {
    return mirrors.size();
  }

  /** Any thread: checkpoints and group sync as last seen. */
  OffsetStatus offsetStatus() {
    FlowOffsets current = offsets;
    return current == null ? OffsetStatus.NONE : current.status();
  }

  /** Any thread: whether the current attempt has finished a first topic sync pass. */
  boolean topicsSynced() {
    TopicSyncVerticle sync = topicSync;
    return sync != null && sync.firstPassDone();
  }

  /** Any thread: simulates a crash of every worker (no drain); undeploy afterwards. */
  void halt() {
    mirrors.forEach(MirrorVerticle::halt);
    FlowOffsets flowOffsets = offsets;
    if (flowOffsets != null) {
      flowOffsets.halt();
    }
  }

  /** Undeploys every child, then closes the state-topic and admin clients; never fails. */
  Future<Void> teardown() {
    List<Future<Void>> undeploys = new ArrayList<>();
    for (String id : deployed) {
      undeploys.add(vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    deployed.clear();
    mirrors.clear();
    topicSync = null;
    FlowAdmins clients = admins;
    FlowOffsets flowOffsets = offsets;
    CopiedConfigTopic copied = copiedConfigs;
    copiedConfigs = null;
    admins = null;
    return Future.join(undeploys)
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture())
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      if (flowOffsets != null) {
                        flowOffsets.close();
                      }
                      if (copied != null) {
                        copied.close();
                      }
                      if (clients != null) {
                        clients.close();
                      }
                      return null;
                    },
                    false));
  }
}
