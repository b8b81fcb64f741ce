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
 * lists for the flow's settings ({@link PermissionCheck}), one problem line per missing one, and
 * one line per cluster naming what could not be checked and why (topics and groups not there yet
 * whose ACLs cannot be read or judged, {@link AclGrants}). Each call is bounded by the timeout.
 * Embedded clusters exist only inside {@code run}, so they are skipped.
 *
 * <p>One admin client per cluster and distinct client settings, never per cluster alone: two flows
 * may reach one cluster as two principals ({@code A->B.source.admin.sasl.jaas.config} beside {@code
 * A->C.source.admin.sasl.jaas.config}), and each flow's permissions are the grants of its own
 * principal. Settings that differ only in {@code client.id} (which names the flow) share a client,
 * so a cluster every flow reaches alike is still asked once.
 */
public final class Preflight {

  /** One line of the preflight: a fact ({@code problem} false) or a problem. */
  public record Line(boolean problem, String text) {}

  private final Duration timeout;
  private final List<Line> lines = new ArrayList<>();
  private final Map<AdminKey, Optional<Admin>> admins = new HashMap<>();

  /** A cluster and the client settings an admin client reaches it with, {@code client.id} aside. */
  private record AdminKey(String cluster, Map<String, Object> settings) {}

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
    Optional<Admin> sourceAdmin = admin(flow, source, endpoints.sourceAdmin());
    Optional<Admin> targetAdmin = admin(flow, target, endpoints.targetAdmin());
    if (sourceAdmin.isPresent() && targetAdmin.isPresent()) {
      permissions(endpoints, sourceAdmin.get(), targetAdmin.get());
    } else {
      fact("flow " + flow.id() + ": permissions not checked, a cluster cannot be used");
    }
  }

  /**
   * The admin client for {@code cluster} with {@code config}'s settings once it has answered; empty
   * (and a problem said) otherwise. A cluster reached with settings another flow did not use is
   * named with the flow, so that each of its lines says whose principal it speaks for.
   */
  private Optional<Admin> admin(Flow flow, Cluster cluster, Map<String, Object> config) {
    Map<String, Object> settings = new HashMap<>(config);
    settings.remove(AdminClientConfig.CLIENT_ID_CONFIG);
    AdminKey key = new AdminKey(cluster.name(), settings);
    Optional<Admin> known = admins.get(key);
    if (known != null) {
      return known;
    }
    boolean another = admins.keySet().stream().anyMatch(k -> k.cluster().equals(cluster.name()));
    String where =
        "cluster "
            + cluster.name()
            + " at "
            + cluster.bootstrap()
            + (another ? " with flow " + flow.id() + "'s client settings" : "");
    Optional<Admin> admin = connect(where, config);
    admins.put(key, admin);
    return admin;
  }

  private Optional<Admin> connect(String where, Map<String, Object> config) {
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
      result =
          PermissionCheck.check(
              endpoints.context(),
              source,
              endpoints.sourceAdmin(),
              target,
              endpoints.targetAdmin(),
              timeout);
    } catch (ExecutionException | RuntimeException e) {
      problem(what + "cannot check permissions (" + reason(e) + ")");
      return;
    }
    result
        .notCreated()
        .forEach(
            (side, names) ->
                fact(
                    what
                        + "not there yet on "
                        + (side == Permission.Side.SOURCE ? flow.source() : flow.target())
                        + ": "
                        + String.join(", ", names)
                        + " (Create on a topic is checked now, the rest once they exist: "
                        + result.notCheckedWhy().getOrDefault(side, "not read")
                        + ")"));
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
