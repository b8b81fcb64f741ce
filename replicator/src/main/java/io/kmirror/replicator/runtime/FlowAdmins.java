package io.kmirror.replicator.runtime;

import io.kmirror.replicator.flow.Causes;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.metrics.ClusterReachability;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * One start attempt's admin clients, one per cluster of the flow: opened together (off the event
 * loop: creating a client resolves its bootstrap addresses), asked whether their cluster answers,
 * closed together.
 */
record FlowAdmins(Admin source, Admin target) {

  /** Opens both clients; a failure closes the one already open. */
  static Future<FlowAdmins> open(Vertx vertx, FlowEndpoints endpoints) {
    return vertx.executeBlocking(
        () -> {
          Admin source =
              create(
                  endpoints.flow().source(), endpoints.sourceBootstrap(), endpoints.sourceAdmin());
          try {
            return new FlowAdmins(
                source,
                create(
                    endpoints.flow().target(),
                    endpoints.targetBootstrap(),
                    endpoints.targetAdmin()));
          } catch (RuntimeException e) {
            close(source);
            throw e;
          }
        },
        false);
  }

  /** Admin creation fails fast for an address that does not resolve: that is unreachable too. */
  static Admin create(String cluster, String bootstrap, Map<String, Object> config) {
    try {
      return Admin.create(config);
    } catch (RuntimeException e) {
      throw new ClusterUnreachableException(
          cluster, bootstrap, e.getCause() == null ? e : e.getCause());
    }
  }

  /**
   * Asks {@code cluster} for its id within {@code timeout} and records the answer in {@code
   * clusters}. A refusal of the credentials is a {@link ClusterAuthenticationException} naming the
   * mechanism and principal of {@code config}; any other failure is a {@link
   * ClusterUnreachableException}.
   */
  static Future<Void> probe(
      String cluster,
      String bootstrap,
      Admin admin,
      Map<String, Object> config,
      Duration timeout,
      ClusterReachability clusters,
      Context context) {
    if (admin == null) {
      return Future.failedFuture(
          new ClusterUnreachableException(
              cluster, bootstrap, new IllegalStateException("no client")));
    }
    return Future.fromCompletionStage(
            admin
                .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
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
              Throwable cause = Causes.unwrap(e);
              return Future.failedFuture(
                  cause instanceof AuthenticationException
                      ? ClusterAuthenticationException.of(cluster, config, cause)
                      : new ClusterUnreachableException(cluster, bootstrap, e));
            });
  }

  /** Closes both clients; blocks up to 5 s each. */
  void close() {
    close(source);
    close(target);
  }

  static void close(Admin admin) {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
