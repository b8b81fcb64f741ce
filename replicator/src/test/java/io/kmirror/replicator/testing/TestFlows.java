package io.kmirror.replicator.testing;

import io.kmirror.topology.Bootstrap;
import io.kmirror.topology.ClientConfig;
import io.kmirror.topology.Cluster;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowClients;
import io.kmirror.topology.FlowId;
import io.kmirror.topology.GroupSettings;
import io.kmirror.topology.KmirrorSettings;
import io.kmirror.topology.NameFilter;
import io.kmirror.topology.OffsetSyncsLocation;
import io.kmirror.topology.Periodic;
import io.kmirror.topology.PolicyKind;
import io.kmirror.topology.ReplicationPolicySpec;
import io.kmirror.topology.TopicSettings;
import io.kmirror.topology.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds topology records by hand for tests, with kmirror's defaults: everything mirrored except
 * what the test excludes, configs synced, a short refresh interval.
 */
public final class TestFlows {

  private FlowId id = new FlowId("A", "B");
  private PolicyKind policy = PolicyKind.DEFAULT;
  private List<String> include = List.of(".*");
  private List<String> exclude = List.of();
  private List<String> configExclude = List.of();
  private Duration refresh = Duration.ofSeconds(1);
  private int replicationFactor = -1;
  private boolean syncConfigs = true;
  private boolean syncAcls;
  private boolean syncDeletions;
  private boolean loopPrevention;
  private int tasks = 1;
  private Map<String, String> consumer = Map.of();
  private Map<String, String> producer = Map.of();

  public static TestFlows flow(String source, String target) {
    TestFlows flows = new TestFlows();
    flows.id = new FlowId(source, target);
    return flows;
  }

  public TestFlows identity() {
    policy = PolicyKind.IDENTITY;
    return this;
  }

  public TestFlows topics(String... patterns) {
    include = List.of(patterns);
    return this;
  }

  public TestFlows exclude(String... patterns) {
    exclude = List.of(patterns);
    return this;
  }

  public TestFlows excludeConfigs(String... patterns) {
    configExclude = List.of(patterns);
    return this;
  }

  /** Copies topic ACLs (off by default: test clusters have no authorizer). */
  public TestFlows syncAcls(boolean sync) {
    syncAcls = sync;
    return this;
  }

  public TestFlows refresh(Duration interval) {
    refresh = interval;
    return this;
  }

  public TestFlows replicationFactor(int factor) {
    replicationFactor = factor;
    return this;
  }

  public TestFlows syncConfigs(boolean enabled) {
    syncConfigs = enabled;
    return this;
  }

  public TestFlows syncDeletions(boolean enabled) {
    syncDeletions = enabled;
    return this;
  }

  public TestFlows loopPrevention(boolean enabled) {
    loopPrevention = enabled;
    return this;
  }

  public TestFlows tasks(int count) {
    tasks = count;
    return this;
  }

  public TestFlows consumer(Map<String, String> config) {
    consumer = Map.copyOf(config);
    return this;
  }

  public TestFlows producer(Map<String, String> config) {
    producer = Map.copyOf(config);
    return this;
  }

  public Flow build() {
    Periodic off = new Periodic(false, Duration.ofSeconds(60));
    return new Flow(
        id,
        true,
        new ReplicationPolicySpec(policy, ReplicationPolicySpec.DEFAULT_SEPARATOR),
        new TopicSettings(
            new NameFilter(include, exclude),
            refresh,
            replicationFactor,
            new TopicSettings.ConfigSync(syncConfigs, new NameFilter(configExclude, List.of())),
            syncAcls,
            syncDeletions),
        new GroupSettings(
            new NameFilter(List.of(".*"), List.of()),
            Duration.ofSeconds(60),
            off,
            off,
            OffsetSyncsLocation.SOURCE),
        off,
        new FlowClients(
            ClientConfig.of(consumer),
            ClientConfig.empty(),
            ClientConfig.empty(),
            ClientConfig.of(producer),
            ClientConfig.empty(),
            ClientConfig.empty()),
        tasks,
        loopPrevention);
  }

  /** A topology of these flows over embedded clusters named after the flows' ends. */
  public static Topology topology(Flow... flows) {
    return topology(Map.of(), flows);
  }

  /** {@code topology} with {@code kmirror.exactly.once.enabled} set to {@code on}. */
  public static Topology exactlyOnce(Topology topology, boolean on) {
    KmirrorSettings s = topology.settings();
    return new Topology(
        topology.file(),
        topology.clusters(),
        topology.flows(),
        new KmirrorSettings(
            s.httpPort(),
            s.httpHost(),
            s.shutdownTimeout(),
            on,
            s.metrics(),
            s.run(),
            s.instanceId()));
  }

  /** As {@link #topology(Flow...)}, but the clusters in {@code external} are at those addresses. */
  public static Topology topology(Map<String, String> external, Flow... flows) {
    Set<String> names = new LinkedHashSet<>();
    for (Flow f : flows) {
      names.add(f.source());
      names.add(f.target());
    }
    List<Cluster> clusters = new ArrayList<>();
    for (String name : names) {
      clusters.add(
          new Cluster(
              name,
              external.containsKey(name)
                  ? new Bootstrap.External(external.get(name))
                  : new Bootstrap.Embedded(1),
              ClientConfig.empty(),
              ClientConfig.empty(),
              ClientConfig.empty(),
              ClientConfig.empty()));
    }
    return new Topology(Path.of("test.properties"), clusters, List.of(flows));
  }
}
