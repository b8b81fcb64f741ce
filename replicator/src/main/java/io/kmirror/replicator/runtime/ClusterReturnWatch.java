package io.kmirror.replicator.runtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * While a flow waits to retry a start that failed because a cluster did not answer, asks that
 * cluster once a {@link #POLL} whether it answers again, so the retry runs as soon as it does
 * instead of sleeping out a backoff of up to {@code retryMax} (60 s by default). The cost is one
 * admin client, created for the wait and closed when it ends, and one {@code describeCluster} a
 * second. Used on the flow's context only.
 */
final class ClusterReturnWatch {

  static final Duration POLL = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Context context;
  private final Runnable answered;
  private Admin admin;
  private long timer = -1;
  private boolean cancelled;

  private ClusterReturnWatch(Vertx vertx, Context context, Runnable answered) {
    this.vertx = vertx;
    this.context = context;
    this.answered = answered;
  }

  /**
   * Starts asking the cluster that {@code adminConfig} reaches; {@code answered} runs once, on
   * {@code context}, when it answers, unless {@link #cancel()} came first.
   */
  static ClusterReturnWatch start(
      Vertx vertx, Context context, Map<String, Object> adminConfig, Runnable answered) {
    ClusterReturnWatch watch = new ClusterReturnWatch(vertx, context, answered);
    vertx
        .executeBlocking(() -> Admin.create(adminConfig), false)
        .onSuccess(
            created -> {
              watch.admin = created;
              if (watch.cancelled) {
                watch.close();
              } else {
                watch.schedule();
              }
            });
    // An address that does not resolve cannot be asked; the backoff's retry still comes.
    return watch;
  }

  private void schedule() {
    timer = vertx.setTimer(POLL.toMillis(), id -> ask());
  }

  private void ask() {
    timer = -1;
    if (cancelled) {
      return;
    }
    Future.fromCompletionStage(
            admin
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) POLL.toMillis()))
                .clusterId()
                .toCompletionStage(),
            context)
        .onComplete(
            result -> {
              if (cancelled) {
                return;
              }
              if (result.succeeded()) {
                cancel();
                answered.run();
              } else {
                schedule();
              }
            });
  }

  /** Stops asking and closes the client; idempotent. */
  void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (admin != null) {
      close();
    }
  }

  private void close() {
    Admin client = admin;
    admin = null;
    vertx.executeBlocking(
        () -> {
          FlowAdmins.close(client);
          return null;
        },
        false);
  }
}
