package io.kmirror.replicator.preflight;

import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.runtime.StartFailures;
import io.kmirror.topology.Bootstrap;
import io.kmirror.topology.Cluster;
import io.kmirror.topology.Flow;
import io.kmirror.topology.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/**
 * {@code kmirror validate --connect}: what a file's clusters say before {@code run} relies on them.
 * For each enabled flow, with the flow's own admin client settings (config-provider references
 * resolved by the client as {@code run} would): the source and the target answer (cluster id and
 * broker count), and they grant the flow's principals every permission {@link FlowPermissions}
 * lists for the flow's settings ({@link PermissionCheck}), one problem line per missing one. Each
 * cluster is reached once, each call bounded by the timeout. Embedded clusters exist only inside
 * {@code run}, so they are skipped.
 */
public final class Preflight {

  /** One line of the preflight: a fact ({@code problem} false) or a problem. */
  public record Line(boolean problem, String text) {}

  private final Duration timeout;
  private final List<Line> lines = new ArrayList<>();
  private final Map<String, Optional<Admin>> admins = new HashMap<>();

  private Preflight(Duration timeout) {
    this.timeout = timeout;
  }

  /** Checks every enabled flow's clusters; the lines in the order checked. */
  public static List<Line> check(Topology topology, Duration timeout) {
    Preflight preflight = new Preflight(timeout);
    try {
      for (Flow flow : topology.enabledFlows()) {
        preflight.flow(topology, flow);
      }
    } finally {
      preflight.admins.values().forEach(a -> a.ifPresent(x -> x.close(Duration.ofSeconds(2))));
    }
    return List.copyOf(preflight.lines);
  }

  private void flow(Topology topology, Flow flow) {
    Cluster source = topology.cluster(flow.source()).orElseThrow();
    Cluster target = topology.cluster(flow.target()).orElseThrow();
    if (source.bootstrap() instanceof Bootstrap.Embedded
        || target.bootstrap() instanceof Bootstrap.Embedded) {
      fact("flow " + flow.id() + ": not checked, an embedded cluster exists only inside run");
      return;
    }
    FlowEndpoints endpoints =
        new FlowEndpoints(flow, source.bootstrap().toString(), target.bootstrap().toString())
            .withExactlyOnce(topology.settings().exactlyOnce());
    Optional<Admin> sourceAdmin = admin(source, endpoints.sourceAdmin());
    Optional<Admin> targetAdmin = admin(target, endpoints.targetAdmin());
    if (sourceAdmin.isPresent() && targetAdmin.isPresent()) {
      permissions(endpoints, sourceAdmin.get(), targetAdmin.get());
    } else {
      fact("flow " + flow.id() + ": permissions not checked, a cluster cannot be used");
    }
  }

  /** The cluster's admin client once it has answered; empty (and a problem said) otherwise. */
  private Optional<Admin> admin(Cluster cluster, Map<String, Object> config) {
    return admins.computeIfAbsent(cluster.name(), name -> connect(cluster, config));
  }

  private Optional<Admin> connect(Cluster cluster, Map<String, Object> config) {
    String where = "cluster " + cluster.name() + " at " + cluster.bootstrap();
    Map<String, Object> bounded = new HashMap<>(config);
    int millis = (int) timeout.toMillis();
    bounded.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    bounded.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    Admin admin;
    try {
      admin = Admin.create(bounded);
    } catch (RuntimeException e) {
      problem(where + ": cannot be used (" + reason(e) + ")");
      return Optional.empty();
    }
    try {
      DescribeClusterResult described =
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis));
      String id = get(described.clusterId().toCompletionStage().toCompletableFuture());
      int brokers = get(described.nodes().toCompletionStage().toCompletableFuture()).size();
      fact(where + ": reached, cluster id " + id + ", " + brokers + " broker(s)");
      return Optional.of(admin);
    } catch (ExecutionException | RuntimeException e) {
      problem(where + ": cannot be used within " + timeout.toSeconds() + " s (" + reason(e) + ")");
      admin.close(Duration.ofSeconds(2));
      return Optional.empty();
    }
  }

  private void permissions(FlowEndpoints endpoints, Admin source, Admin target) {
    Flow flow = endpoints.flow();
    String what = "flow " + flow.id() + ": ";
    PermissionCheck.Result result;
    try {
      result = PermissionCheck.check(endpoints.context(), source, target, timeout);
    } catch (ExecutionException | RuntimeException e) {
      problem(what + "cannot check permissions (" + reason(e) + ")");
      return;
    }
    result
        .notCreated()
        .forEach(
            (side, topics) ->
                fact(
                    what
                        + "not there yet on "
                        + (side == Permission.Side.SOURCE ? flow.source() : flow.target())
                        + ": "
                        + String.join(", ", topics)
                        + " (checked once they exist; Create on a topic is checked now)"));
    result.problems().forEach(p -> problem(what + p));
    fact(
        what
            + result.granted()
            + " permission(s) granted on "
            + flow.source()
            + " and "
            + flow.target()
            + (result.problems().isEmpty()
                ? ", none missing"
                : ", " + result.problems().size() + " missing or not checked")
            + (result.unchecked() == 0
                ? ""
                : ", " + result.unchecked() + " not checked where Describe is missing"));
  }

  private <T> T get(java.util.concurrent.CompletableFuture<T> future) throws ExecutionException {
    try {
      return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new ExecutionException(e);
    }
  }

  /** The first cause worth a line: a permanent refusal, else the innermost message. */
  static String reason(Throwable e) {
    Optional<String> permanent = StartFailures.permanent(e);
    if (permanent.isPresent()) {
      return permanent.get();
    }
    Throwable cause = e;
    while ((cause instanceof ExecutionException || cause.getMessage() == null)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage().strip());
  }

  private void fact(String text) {
    lines.add(new Line(false, text));
  }

  private void problem(String text) {
    lines.add(new Line(true, text));
  }
}
