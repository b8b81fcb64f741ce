package io.kmirror.replicator.demo;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.sample.ClusterTopic;
import io.kmirror.replicator.topics.TopicFilter;
import io.kmirror.topology.Cluster;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.Topology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the demo does with a topology: which sample topics it fills on which cluster, and which
 * (flow, source topic, remote topic) routes the replicator should carry them on.
 *
 * <p>Each source cluster gets the sample topics ({@link SampleTopics}) of every enabled flow that
 * leaves it; a route exists for every flow whose own filter mirrors a sample topic of its source,
 * decided by the replicator's {@link TopicFilter}, so fan-out flows with different filters each get
 * the topics they really mirror. Counting is one hop deep: a remote topic is expected to hold what
 * the demo produced on its target (identity naming) plus what each route into it carries.
 *
 * @param sourceTopics sample topics per cluster, in topology order
 * @param routes every route, grouped by flow in topology order
 */
public record DemoPlan(Map<String, List<String>> sourceTopics, List<Route> routes) {

  /** One source topic of one flow, and the topic the flow writes it to on the target. */
  public record Route(FlowId flow, String sourceTopic, String remoteTopic) {

    public ClusterTopic source() {
      return new ClusterTopic(flow.source(), sourceTopic);
    }

    public ClusterTopic target() {
      return new ClusterTopic(flow.target(), remoteTopic);
    }
  }

  public DemoPlan {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    sourceTopics.forEach((cluster, topics) -> copy.put(cluster, List.copyOf(topics)));
    sourceTopics = Collections.unmodifiableMap(copy);
    routes = List.copyOf(routes);
  }

  /**
   * @throws DemoSetupException naming every problem: no enabled flow, a cluster that is not
   *     embedded, a flow without a sample topic
   */
  public static DemoPlan of(Topology topology) {
    List<String> problems = new ArrayList<>();
    List<Flow> flows = topology.enabledFlows();
    if (flows.isEmpty()) {
      problems.add(topology.file() + ": no enabled flow (set A->B.enabled = true)");
    }
    Set<String> used = new LinkedHashSet<>();
    flows.forEach(f -> used.addAll(List.of(f.source(), f.target())));
    for (Cluster cluster : topology.clusters()) {
      if (used.contains(cluster.name()) && !cluster.embedded()) {
        problems.add(
            "cluster "
                + cluster.name()
                + " has bootstrap.servers = "
                + cluster.bootstrap()
                + "; the demo fills topics with sample records, so it runs on embedded clusters"
                + " only (set "
                + cluster.name()
                + ".bootstrap.servers = embedded)");
      }
    }
    // One context per flow: its policy is resolved once and shared by sampling and routing.
    List<FlowContext> contexts = flows.stream().map(FlowContext::of).toList();
    Map<String, List<String>> sources = sampleTopics(contexts, problems);
    if (!problems.isEmpty()) {
      throw new DemoSetupException(String.join(System.lineSeparator(), problems));
    }
    return new DemoPlan(sources, routes(contexts, sources));
  }

  private static Map<String, List<String>> sampleTopics(
      List<FlowContext> contexts, List<String> problems) {
    Map<String, Set<String>> topics = new LinkedHashMap<>();
    for (FlowContext context : contexts) {
      Flow flow = context.flow();
      TopicFilter filter = new TopicFilter(flow, context.policy());
      List<String> names =
          SampleTopics.from(flow.topics().filter().include()).stream()
              .filter(filter::mirrors)
              .toList();
      if (names.isEmpty()) {
        problems.add(
            "flow "
                + flow.id()
                + ": no sample topic name can be derived from topics = "
                + String.join(", ", flow.topics().filter().include())
                + " (the demo needs a literal name like orders or a prefix like orders.* that the"
                + " flow mirrors)");
      }
      topics.computeIfAbsent(flow.source(), k -> new LinkedHashSet<>()).addAll(names);
    }
    Map<String, List<String>> result = new LinkedHashMap<>();
    topics.forEach((cluster, names) -> result.put(cluster, List.copyOf(names)));
    return result;
  }

  private static List<Route> routes(List<FlowContext> contexts, Map<String, List<String>> sources) {
    List<Route> routes = new ArrayList<>();
    for (FlowContext context : contexts) {
      TopicFilter filter = new TopicFilter(context.flow(), context.policy());
      for (String topic : sources.getOrDefault(context.flow().source(), List.of())) {
        if (filter.mirrors(topic)) {
          routes.add(new Route(context.id(), topic, context.remoteTopic(topic)));
        }
      }
    }
    return routes;
  }

  public List<FlowId> flows() {
    return routes.stream().map(Route::flow).distinct().toList();
  }

  public List<Route> routes(FlowId flow) {
    return routes.stream().filter(r -> r.flow().equals(flow)).toList();
  }

  /** Every topic the demo counts records in: the sample topics and their remote topics. */
  public Set<ClusterTopic> countedTopics() {
    Set<ClusterTopic> topics = new LinkedHashSet<>();
    sourceTopics.forEach(
        (cluster, names) -> names.forEach(t -> topics.add(new ClusterTopic(cluster, t))));
    routes.forEach(r -> topics.add(r.target()));
    return topics;
  }

  /**
   * How many records each counted topic should hold once the replicator has caught up, given what
   * the demo produced (acknowledged) on each sample topic.
   */
  public Map<ClusterTopic, Long> expected(Map<ClusterTopic, Long> produced) {
    Map<ClusterTopic, Long> expected = new HashMap<>();
    for (ClusterTopic topic : countedTopics()) {
      expected.put(topic, produced.getOrDefault(topic, 0L));
    }
    for (Route route : routes) {
      expected.merge(route.target(), produced.getOrDefault(route.source(), 0L), Long::sum);
    }
    return expected;
  }
}
