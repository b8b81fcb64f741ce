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
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@code kmirror validate --connect}: what a file's clusters say before {@code run} relies on them.
 * For each enabled flow, with the flow's own admin client settings (config-provider references
 * resolved by the client as {@code run} would): the source and the target answer (cluster id and
 * broker count), the source lets kmirror list topics (how many it sees), and the target lets it
 * create topics (a validate-only creation of the flow's progress topic, which the broker authorizes
 * like a real one without creating anything). Each cluster is asked once, each call bounded by the
 * timeout. Embedded clusters exist only inside {@code run}, so they are skipped.
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
        new FlowEndpoints(flow, source.bootstrap().toString(), target.bootstrap().toString());
    Optional<Admin> sourceAdmin = admin(source, endpoints.sourceAdmin());
    Optional<Admin> targetAdmin = admin(target, endpoints.targetAdmin());
    sourceAdmin.ifPresent(a -> listTopics(flow, a));
    targetAdmin.ifPresent(a -> createTopics(flow, endpoints, a));
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

  private void listTopics(Flow flow, Admin admin) {
    String what = "flow " + flow.id() + ": list topics on source " + flow.source();
    try {
      int visible =
          get(admin
                  .listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis()))
                  .names()
                  .toCompletionStage()
                  .toCompletableFuture())
              .size();
      fact(what + ": allowed, " + visible + " topic(s) visible");
    } catch (ExecutionException | RuntimeException e) {
      problem(what + ": refused (" + reason(e) + ")");
    }
  }

  private void createTopics(Flow flow, FlowEndpoints endpoints, Admin admin) {
    String topic = endpoints.context().progressTopic();
    String what = "flow " + flow.id() + ": create topics on target " + flow.target();
    try {
      get(
          admin
              .createTopics(
                  List.of(new NewTopic(topic, Optional.empty(), Optional.empty())),
                  new CreateTopicsOptions().validateOnly(true).timeoutMs((int) timeout.toMillis()))
              .all()
              .toCompletionStage()
              .toCompletableFuture());
      fact(what + ": allowed (validate-only creation of " + topic + ")");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        fact(what + ": " + topic + " exists already");
      } else {
        problem(what + ": refused (" + reason(e) + "); expected CREATE on the cluster or topics");
      }
    } catch (RuntimeException e) {
      problem(what + ": refused (" + reason(e) + "); expected CREATE on the cluster or topics");
    }
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
  private static String reason(Throwable e) {
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
