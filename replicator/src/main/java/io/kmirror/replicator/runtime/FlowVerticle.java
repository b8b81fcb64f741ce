package io.kmirror.replicator.runtime;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.metrics.ClusterReachability;
import io.kmirror.replicator.metrics.ErrorMeters;
import io.kmirror.replicator.metrics.FlowMetrics;
import io.kmirror.replicator.mirror.ReadyTopics;
import io.kmirror.replicator.offsets.OffsetStatus;
import io.kmirror.topology.Flow;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (Over 300 lines on purpose: the start chain, its generation guard, the backoff and the wake on a
 * cluster's return are one state machine on one context; each step's work lives in FlowChildren.)
 *
 * <p>Supervises one flow: starts it as a flat chain of steps (open admin clients, probe the source
 * and the target, ensure kmirror's own topics, deploy topic sync, the mirroring workers, the
 * offsets verticles and the health probe; {@link FlowChildren} does each step) and, when any step
 * fails or a worker dies later, tears the flow's children down and tries again with capped
 * exponential backoff, one line per attempt ({@link StartFailureLog}). Its own start never fails,
 * so one flow's trouble never stops another flow.
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
  private final StartFailureLog failures;
  private volatile FlowChildren children;
  private long retryTimer = -1;
  private Optional<ClusterReturnWatch> returnWatch = Optional.empty();
  private long stableTimer = -1;
  private boolean stopped;
  private int generation;
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
    this.failures = new StartFailureLog(endpoints);
    this.status = FlowStatus.of(flow().id(), FlowStatus.State.STARTING);
  }

  FlowStatus status() {
    return status;
  }

  /** Checkpoints and group sync as last seen; safe from any thread. */
  OffsetStatus offsetStatus() {
    FlowChildren current = children;
    return current == null ? OffsetStatus.NONE : current.offsetStatus();
  }

  /** Any thread: whether the current start attempt has finished a first topic sync pass. */
  boolean topicsSynced() {
    FlowChildren current = children;
    return current != null && current.topicsSynced();
  }

  private Flow flow() {
    return endpoints.flow();
  }

  @Override
  public Future<?> start() {
    children = new FlowChildren(vertx, context, endpoints, settings, metrics, clusters);
    attempt();
    return Future.succeededFuture();
  }

  private void attempt() {
    retryTimer = -1;
    stopReturnWatch();
    if (stopped) {
      return;
    }
    int gen = ++generation;
    ReadyTopics ready = new ReadyTopics();
    StepTimes steps = new StepTimes();
    steps
        .time("admins", () -> openAdmins(gen))
        // Independent steps run side by side: start-up time is what a restart costs in lag.
        .compose(v -> steps.time("probes", children::probeClusters))
        // Topic sync needs only the admin clients: its first pass, which the workers wait for
        // before they subscribe, runs while kmirror's own topics and clients are set up. join,
        // not all: a failure must not tear down while the other step may still add a child.
        .compose(
            v ->
                Future.join(
                        steps.time("state-topics", children::stateTopics),
                        current(gen)
                            .compose(
                                x ->
                                    steps.time(
                                        "topic-sync", () -> children.deployTopicSync(ready))))
                    .<Void>mapEmpty())
        .compose(v -> current(gen))
        .compose(v -> steps.time("mirrors", () -> deployMirrors(ready, gen)))
        .compose(v -> current(gen))
        .compose(v -> steps.time("offsets", children::deployOffsets))
        .compose(v -> current(gen))
        .compose(v -> steps.time("probe", children::deployProbe))
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
    return FlowAdmins.open(vertx, endpoints)
        .compose(
            admins -> {
              if (gen != generation || stopped) {
                return vertx
                    .executeBlocking(
                        () -> {
                          admins.close();
                          return null;
                        },
                        false)
                    .compose(v -> current(gen));
              }
              children.use(admins);
              return Future.succeededFuture();
            });
  }

  private Future<Void> deployMirrors(ReadyTopics ready, int gen) {
    return children.deployMirrors(
        ready, error -> context.runOnContext(v -> workerDied(gen, error)));
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
    status = FlowStatus.of(flow().id(), FlowStatus.State.RUNNING);
    failures.running();
    metrics.up(true);
    new AssignmentWatch(vertx, flow().id(), metrics, settings.healthInterval())
        .start(() -> gen == generation && !stopped);
    LOG.info(
        "flow={} event=flow-started source={} target={} tasks={} start-ms={} steps=\"{}\"",
        flow().id(),
        endpoints.sourceBootstrap(),
        endpoints.targetBootstrap(),
        children.workers(),
        steps.totalMillis(),
        steps);
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
        FlowStatus.failed(
            flow().id(),
            FlowStatus.State.STOPPED,
            backoff.failures(),
            "instance id in use by another live process: " + error.getMessage());
    LOG.warn(
        "flow={} event=flow-stopped reason=instance-id-in-use action=\"not retried; restart"
            + " this process with its own kmirror.instance.id\"",
        flow().id());
    children.teardown();
  }

  private void retryLater(Throwable error) {
    generation++;
    cancelStableTimer();
    Duration delay = backoff.next();
    metrics.up(false);
    status = failures.failed(error, status, backoff.failures(), delay);
    children
        .teardown()
        .onComplete(
            v -> {
              if (!stopped) {
                retryTimer = vertx.setTimer(delay.toMillis(), id -> attempt());
                if (error instanceof ClusterUnreachableException unreachable) {
                  watchForReturn(unreachable);
                }
              }
            });
  }

  /**
   * While the retry waits, asks the cluster that did not answer whether it answers again, and
   * retries at once when it does: a cluster back after a minute's outage is mirrored from again
   * within about a second, not after the rest of a backoff of up to {@code retryMax}.
   */
  private void watchForReturn(ClusterUnreachableException unreachable) {
    int waiting = generation;
    Map<String, Object> config =
        unreachable.cluster().equals(flow().source())
            ? endpoints.sourceAdmin()
            : endpoints.targetAdmin();
    returnWatch =
        Optional.of(
            ClusterReturnWatch.start(
                vertx,
                context,
                config,
                () -> {
                  if (waiting != generation || stopped || retryTimer < 0) {
                    return;
                  }
                  vertx.cancelTimer(retryTimer);
                  LOG.info(
                      "flow={} event=cluster-answers cluster={} action=\"retrying now\"",
                      flow().id(),
                      unreachable.cluster());
                  attempt();
                }));
  }

  private void stopReturnWatch() {
    returnWatch.ifPresent(ClusterReturnWatch::cancel);
    returnWatch = Optional.empty();
  }

  /** Any thread: simulates a crash of every worker of this flow (no drain); undeploy afterwards. */
  void halt() {
    FlowChildren current = children;
    if (current != null) {
      current.halt();
    }
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    generation++;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    stopReturnWatch();
    cancelStableTimer();
    status = FlowStatus.of(flow().id(), FlowStatus.State.STOPPED);
    metrics.up(false);
    return children.teardown();
  }
}
