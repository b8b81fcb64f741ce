package io.kmirror.replicator.topics;

import io.kmirror.replicator.flow.Causes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates kmirror's own topics (progress, offset index, checkpoints, heartbeats), which another
 * process or an earlier run may already have made. Each topic is judged on its own: an existing
 * topic counts as created, and an "exists" on one topic never hides a real failure on another.
 */
public final class TopicCreation {

  private TopicCreation() {}

  /**
   * Completes on {@code context} once every topic exists; fails with {@code cannot create <what> on
   * <cluster>: <reason>} otherwise.
   */
  public static Future<Void> createIfAbsent(
      Admin admin, Collection<NewTopic> topics, Context context, String what, String cluster) {
    List<Future<Void>> each =
        admin.createTopics(topics).values().values().stream()
            .map(f -> AdminCalls.of(f, context).recover(TopicCreation::existsIsFine))
            .toList();
    return Future.all(each)
        .<Void>mapEmpty()
        .recover(
            e -> {
              Throwable cause = Causes.unwrap(e);
              return Future.failedFuture(
                  new IllegalStateException(
                      "cannot create " + what + " on " + cluster + ": " + cause.getMessage(),
                      cause));
            });
  }

  private static Future<Void> existsIsFine(Throwable e) {
    return Causes.unwrap(e) instanceof TopicExistsException
        ? Future.succeededFuture()
        : Future.failedFuture(e);
  }
}
