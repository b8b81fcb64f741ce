package io.kmirror.replicator.runtime;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.health.FlowProbe;
import io.kmirror.replicator.metrics.ClusterReachability;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.MirrorVerticle;
import io.kmirror.replicator.mirror.MirrorWorker;
import io.kmirror.replicator.mirror.PartitionPosition;
import io.kmirror.replicator.mirror.ReadyTopics;
import io.kmirror.replicator.offsets.FlowOffsets;
import io.kmirror.replicator.offsets.OffsetStatus;
import io.kmirror.replicator.topics.TopicCreation;
import io.kmirror.replicator.topics.TopicSyncVerticle;
import io.kmirror.topology.Flow;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (Over 300 lines on purpose: the start chain, the generation guard, retry and teardown are one
 * state machine on one context, and splitting them would scatter the guard that keeps a stale
 * attempt from deploying children.)
 *
 * <p>Supervises one flow: starts it as a flat chain of steps (open admin clients, probe the source,
 * probe the target, ensure the progress topic, deploy topic sync, deploy the mirroring workers, the
 * offsets verticles and the health probe) and, when any step fails or a worker dies later, tears
 * the flow's children down and tries again with capped exponential backoff, logging one line per
 * attempt that names the cluster and its bootstrap address. Its own start never fails, so one
 * flow's trouble never stops another flow.
 *
 * <p>All state is touched on this verticle's context only; each start attempt has a generation
 * number, and an event of an older generation (a late step, a crash of a worker already torn down)
 * is ignored.
 */
final class FlowVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FlowVerticle.class);

  private final FlowEndpoints endpoints;
  private final RuntimeSettings settings;
  private final FlowMetrics metrics;
  private final ClusterReachability clusters;
  private final Backoff backoff;
  private final List<String> children = new ArrayList<>();
  private final List<MirrorVerticle> mirrors = new CopyOnWriteArrayList<>();
  private Admin sourceAdmin;
  private Admin targetAdmin;
  private volatile FlowOffsets offsets;
  private volatile TopicSyncVerticle topicSync;
  private long retryTimer = -1;
  private long stableTimer = -1;
  private boolean stopped;
  private int generation;
  private String lastAuthenticationFailure = "";
  private volatile FlowStatus status;

  FlowVerticle(
      FlowEndpoints endpoints,
      RuntimeSettings settings,
      FlowMetrics metrics,
      ClusterReachability clusters) {
    this.endpoints = endpoints;
    this.settings = settings;
    this.metrics = metrics;
    this.clusters = clusters;
    this.backoff = new Backoff(settings.retryInitial(), settings.retryMax());
    this.status = new FlowStatus(flow().id(), FlowStatus.State.STARTING, 0, "");
  }

  FlowStatus status() {
    return status;
  }

  /** Checkpoints and group sync as last seen; safe from any thread. */
  OffsetStatus offsetStatus() {
    FlowOffsets current = offsets;
    return current == null ? OffsetStatus.NONE : current.status();
  }

  /** Any thread: whether the current start attempt has finished a first topic sync pass. */
  boolean topicsSynced() {
    TopicSyncVerticle sync = topicSync;
    return sync != null && sync.firstPassDone();
  }

  private Flow flow() {
    return endpoints.flow();
  }

  @Override
  public Future<?> start() {
    attempt();
    return Future.succeededFuture();
  }

  private void attempt() {
    retryTimer = -1;
    if (stopped) {
      return;
    }
    int gen = ++generation;
    ReadyTopics ready = new ReadyTopics();
    StepTimes steps = new StepTimes();
    steps
        .time("admins", () -> openAdmins(gen))
        // Independent steps run side by side: start-up time is what a restart costs in lag.
        .compose(
            v ->
                steps.time(
                    "probes",
                    () ->
                        Future.all(
                                probe(
                                    flow().source(),
                                    endpoints.sourceBootstrap(),
                                    sourceAdmin,
                                    endpoints.sourceAdmin()),
                                probe(
                                    flow().target(),
                                    endpoints.targetBootstrap(),
                                    targetAdmin,
                                    endpoints.targetAdmin()))
                            .mapEmpty()))
        // Topic sync needs only the admin clients: its first pass, which the workers wait for
        // before they subscribe, runs while kmirror's own topics and clients are set up. join,
        // not all: a failure must not tear down while the other step may still add a child.
        .compose(
            v ->
                Future.join(
                        steps.time(
                            "state-topics",
                            () -> Future.all(ensureProgressTopic(), openOffsets()).mapEmpty()),
                        current(gen)
                            .compose(x -> steps.time("topic-sync", () -> deployTopicSync(ready))))
                    .<Void>mapEmpty())
        .compose(v -> current(gen))
        .compose(v -> steps.time("mirrors", () -> deployMirrors(ready, gen)))
        .compose(v -> current(gen))
        .compose(v -> steps.time("offsets", this::deployOffsets))
        .compose(v -> current(gen))
        .compose(v -> steps.time("probe", this::deployProbe))
        .onSuccess(
            v -> {
              if (gen == generation) {
                running(gen, steps);
              }
            })
        .onFailure(
            e -> {
              if (gen == generation) {
                metrics.errors().record(ErrorMeters.Stage.ADMIN, e);
                retryLater(e);
              }
            });
  }

  /**
   * Fails the chain when this attempt was superseded (the flow stopped, or a worker crash started a
   * retry meanwhile), so a stale attempt never deploys children.
   */
  private Future<Void> current(int gen) {
    return gen == generation && !stopped
        ? Future.succeededFuture()
        : Future.failedFuture("flow " + flow().id() + ": start attempt superseded");
  }

  private Future<Void> openAdmins(int gen) {
    return vertx
        .executeBlocking(
            () -> {
              Admin source =
                  createAdmin(
                      flow().source(), endpoints.sourceBootstrap(), endpoints.sourceAdmin());
              try {
                return List.of(
                    source,
                    createAdmin(
                        flow().target(), endpoints.targetBootstrap(), endpoints.targetAdmin()));
              } catch (RuntimeException e) {
                closeAdmin(source);
                throw e;
              }
            },
            false)
        .compose(
            admins -> {
              if (gen != generation || stopped) {
                return vertx
                    .executeBlocking(
                        () -> {
                          admins.forEach(FlowVerticle::closeAdmin);
                          return null;
                        },
                        false)
                    .compose(v -> current(gen));
              }
              sourceAdmin = admins.get(0);
              targetAdmin = admins.get(1);
              return Future.succeededFuture();
            });
  }

  /** Admin creation fails fast for an address that does not resolve: that is unreachable too. */
  private static Admin createAdmin(String cluster, String bootstrap, Map<String, Object> config) {
    try {
      return Admin.create(config);
    } catch (RuntimeException e) {
      throw new ClusterUnreachableException(
          cluster, bootstrap, e.getCause() == null ? e : e.getCause());
    }
  }

  /**
   * Asks the cluster for its id. A refusal of the credentials is an {@link
   * ClusterAuthenticationException} naming the mechanism and principal of {@code config}; any other
   * failure is a {@link ClusterUnreachableException}.
   */
  private Future<Void> probe(
      String cluster, String bootstrap, Admin admin, Map<String, Object> config) {
    if (admin == null) {
      return Future.failedFuture(
          new ClusterUnreachableException(
              cluster, bootstrap, new IllegalStateException("no client")));
    }
    int timeout = (int) settings.probeTimeout().toMillis();
    return Future.fromCompletionStage(
            admin
                .describeCluster(new DescribeClusterOptions().timeoutMs(timeout))
                .clusterId()
                .toCompletionStage(),
            context)
        .<Void>map(
            v -> {
              clusters.answered(cluster, System.currentTimeMillis());
              return null;
            })
        .recover(
            e -> {
              clusters.unreachable(cluster);
              Throwable cause = rootOf(e);
              return Future.failedFuture(
                  cause instanceof AuthenticationException
                      ? ClusterAuthenticationException.of(cluster, config, cause)
                      : new ClusterUnreachableException(cluster, bootstrap, e));
            });
  }

  private static Throwable rootOf(Throwable e) {
    Throwable current = e;
    while ((current instanceof java.util.concurrent.CompletionException
            || current instanceof java.util.concurrent.ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private Future<Void> ensureProgressTopic() {
    String progress = endpoints.context().progressTopic();
    return TopicCreation.createIfAbsent(
        targetAdmin,
        List.of(endpoints.context().compactedOnTarget(progress)),
        context,
        "progress topic " + progress,
        flow().target());
  }

  /** Offset index and checkpoint topics on the target, and the clients for them. */
  private Future<Void> openOffsets() {
    offsets =
        new FlowOffsets(endpoints, settings.mirror().closeTimeout(), settings.indexPruneInterval());
    return offsets.open(vertx, context, targetAdmin);
  }

  /** Checkpoints, group offset sync and heartbeats, each as its own verticle. */
  private Future<Void> deployOffsets() {
    List<Future<String>> deployments = new ArrayList<>();
    for (Deployable verticle : offsets.verticles(sourceAdmin, targetAdmin, metrics)) {
      deployments.add(vertx.deployVerticle(verticle).onSuccess(children::add));
    }
    return Future.all(deployments).mapEmpty();
  }

  /** Cluster reachability and lag, from now on measured every health interval. */
  private Future<Void> deployProbe() {
    FlowOffsets flowOffsets = offsets;
    FlowProbe probe =
        new FlowProbe(
            flow(),
            sourceAdmin,
            targetAdmin,
            this::positions,
            flowOffsets::leading,
            metrics,
            clusters,
            settings.healthInterval());
    return vertx.deployVerticle(probe).onSuccess(children::add).mapEmpty();
  }

  /** Any thread: every worker's owned partitions and where mirroring stands on each. */
  private Map<TopicPartition, PartitionPosition> positions() {
    Map<TopicPartition, PartitionPosition> all = new HashMap<>();
    mirrors.forEach(m -> all.putAll(m.positions()));
    return all;
  }

  private Future<Void> deployTopicSync(ReadyTopics ready) {
    TopicSyncVerticle sync =
        new TopicSyncVerticle(endpoints.context(), sourceAdmin, targetAdmin, ready, metrics);
    topicSync = sync;
    return vertx
        .deployVerticle(sync)
        .map(
            id -> {
              children.add(id);
              return null;
            });
  }

  private Future<Void> deployMirrors(ReadyTopics ready, int gen) {
    List<Future<String>> deployments = new ArrayList<>();
    for (int task = 0; task < Math.max(1, flow().tasksMax()); task++) {
      MirrorWorker worker =
          new MirrorWorker(endpoints, task, ready, metrics, offsets.journal(), settings.mirror());
      MirrorVerticle mirror =
          new MirrorVerticle(
              worker,
              settings.stopTimeout(),
              error -> context.runOnContext(v -> workerDied(gen, error)));
      mirrors.add(mirror);
      deployments.add(vertx.deployVerticle(mirror).onSuccess(children::add));
    }
    return Future.all(deployments).mapEmpty();
  }

  /**
   * The start chain succeeded. The backoff is reset only once the flow has stayed up for {@code
   * retryMax}: a worker that dies right after every start (a consumer config the client rejects, a
   * progress topic it cannot read) would otherwise be retried at the initial delay forever, one
   * error line each time, instead of backing off to the cap.
   */
  private void running(int gen, StepTimes steps) {
    stableTimer =
        vertx.setTimer(
            settings.retryMax().toMillis(),
            id -> {
              stableTimer = -1;
              if (gen == generation) {
                backoff.reset();
              }
            });
    status = new FlowStatus(flow().id(), FlowStatus.State.RUNNING, 0, "");
    lastAuthenticationFailure = "";
    metrics.up(true);
    watchAssignment(gen, false);
    LOG.info(
        "flow={} event=flow-started source={} target={} tasks={} start-ms={} steps=\"{}\"",
        flow().id(),
        endpoints.sourceBootstrap(),
        endpoints.targetBootstrap(),
        mirrors.size(),
        steps.totalMillis(),
        steps);
  }

  /**
   * Says, once per start, when the workers run but own no partition while there are topics to
   * mirror: after a process was killed, the consumer group keeps its partitions for the dead member
   * until that member's session times out, and without this line the wait looks like a hang.
   * Checked every health interval (which is how often the assignment is measured).
   */
  private void watchAssignment(int gen, boolean said) {
    vertx.setTimer(
        settings.healthInterval().multipliedBy(2).toMillis(),
        id -> {
          if (gen != generation || stopped) {
            return;
          }
          long assigned = metrics.lag().partitionsAssigned();
          if (assigned > 0) {
            if (said) {
              LOG.info("flow={} event=partitions-assigned partitions={}", flow().id(), assigned);
            }
            return;
          }
          boolean waiting = metrics.topicsMirrored() > 0;
          if (waiting && !said) {
            LOG.info(
                "flow={} event=waiting-for-partitions topics={} reason=\"the consumer group has"
                    + " not assigned this process any partition yet; after a crash Kafka holds"
                    + " them for the dead member until its session times out (consumer"
                    + " session.timeout.ms, 10 s unless set); with more processes than partitions,"
                    + " this one may get none at all\"",
                flow().id(),
                metrics.topicsMirrored());
          }
          watchAssignment(gen, said || waiting);
        });
  }

  private void cancelStableTimer() {
    if (stableTimer >= 0) {
      vertx.cancelTimer(stableTimer);
      stableTimer = -1;
    }
  }

  /**
   * On this verticle's context: a worker of attempt {@code gen} died. One fenced by a process with
   * the same instance id is not retried: the retry would fence that process in turn.
   */
  private void workerDied(int gen, Throwable error) {
    if (stopped || gen != generation) {
      return;
    }
    if (error instanceof FencedInstanceIdException) {
      stopForGood(error);
    } else {
      retryLater(error);
    }
  }

  /** Tears the flow down in this process and leaves it stopped, naming why in its status. */
  private void stopForGood(Throwable error) {
    generation++;
    cancelStableTimer();
    metrics.up(false);
    status =
        new FlowStatus(
            flow().id(),
            FlowStatus.State.STOPPED,
            backoff.failures(),
            "instance id in use by another live process: " + error.getMessage());
    LOG.warn(
        "flow={} event=flow-stopped reason=instance-id-in-use action=\"not retried; restart"
            + " this process with its own kmirror.instance.id\"",
        flow().id());
    teardown();
  }

  private void retryLater(Throwable error) {
    generation++;
    cancelStableTimer();
    Duration delay = backoff.next();
    metrics.up(false);
    Optional<String> permanent =
        error instanceof ClusterAuthenticationException refused
            ? Optional.of(refused.getMessage())
            : StartFailures.permanent(error);
    String reason = permanent.orElse(String.valueOf(error.getMessage()));
    boolean repeated = reason.equals(status.lastError());
    status =
        new FlowStatus(
            flow().id(),
            permanent.isPresent() ? FlowStatus.State.REFUSED : FlowStatus.State.RETRYING,
            backoff.failures(),
            reason);
    if (error instanceof ClusterAuthenticationException refused) {
      // Once per distinct refusal: retrying with the same credentials is refused the same way.
      if (!reason.equals(lastAuthenticationFailure)) {
        lastAuthenticationFailure = reason;
        LOG.error(
            "flow={} event=authentication-failed cluster={} retry-in={}ms reason=\"{}\"",
            flow().id(),
            refused.cluster(),
            delay.toMillis(),
            reason);
      }
    } else if (permanent.isPresent()) {
      // Once at error level: the same refusal on every retry would bury everything else.
      if (!repeated) {
        LOG.error(
            "flow={} event=flow-refused source={} target={} reason=\"{}\" action=\"fix the"
                + " configuration or credentials; retrying in {}ms, but this will not heal by"
                + " itself\"",
            flow().id(),
            endpoints.sourceBootstrap(),
            endpoints.targetBootstrap(),
            reason,
            delay.toMillis());
      }
    } else if (error instanceof ClusterUnreachableException unreachable) {
      LOG.warn(
          "flow={} event=flow-start-failed cluster={} bootstrap={} attempt={} retry-in={}ms"
              + " reason=\"{}\"",
          flow().id(),
          unreachable.cluster(),
          unreachable.bootstrap(),
          backoff.failures(),
          delay.toMillis(),
          unreachable.getMessage());
    } else {
      LOG.warn(
          "flow={} event=flow-failed source={} target={} attempt={} retry-in={}ms reason=\"{}\"",
          flow().id(),
          endpoints.sourceBootstrap(),
          endpoints.targetBootstrap(),
          backoff.failures(),
          delay.toMillis(),
          String.valueOf(error));
    }
    teardown()
        .onComplete(
            v -> {
              if (!stopped) {
                retryTimer = vertx.setTimer(delay.toMillis(), id -> attempt());
              }
            });
  }

  /** Undeploys this flow's children, then closes the admin clients; never fails. */
  private Future<Void> teardown() {
    List<Future<Void>> undeploys = new ArrayList<>();
    for (String id : children) {
      undeploys.add(vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    children.clear();
    mirrors.clear();
    topicSync = null;
    Admin source = sourceAdmin;
    Admin target = targetAdmin;
    FlowOffsets flowOffsets = offsets;
    sourceAdmin = null;
    targetAdmin = null;
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
                      closeAdmin(source);
                      closeAdmin(target);
                      return null;
                    },
                    false));
  }

  private static void closeAdmin(Admin admin) {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }

  /** Any thread: simulates a crash of every worker of this flow (no drain); undeploy afterwards. */
  void halt() {
    mirrors.forEach(MirrorVerticle::halt);
    FlowOffsets flowOffsets = offsets;
    if (flowOffsets != null) {
      flowOffsets.halt();
    }
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    generation++;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    cancelStableTimer();
    status = new FlowStatus(flow().id(), FlowStatus.State.STOPPED, 0, "");
    metrics.up(false);
    return teardown();
  }
}
