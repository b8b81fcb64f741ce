package io.kmirror.replicator.cli;

import io.kmirror.topology.Bootstrap;
import io.kmirror.topology.ClientConfig;
import io.kmirror.topology.Cluster;
import io.kmirror.topology.Flow;
import io.kmirror.topology.FlowClients;
import io.kmirror.topology.GroupSettings;
import io.kmirror.topology.KmirrorSettings;
import io.kmirror.topology.NameFilter;
import io.kmirror.topology.ParsedTopology;
import io.kmirror.topology.Periodic;
import io.kmirror.topology.TopicSettings;
import io.kmirror.topology.Topology;
import io.kmirror.topology.TopologyPattern;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The resolved topology as JSON ({@code kmirror validate --json}): what every flow will do, with
 * every secret client value shown as {@value ClientConfig#HIDDEN}. Field names are a contract with
 * scripts: add fields, do not rename them.
 */
final class TopologyJson {

  private TopologyJson() {}

  static JsonObject of(ParsedTopology parsed) {
    Topology topology = parsed.topology();
    TopologyPattern pattern = topology.pattern();
    JsonArray clusters = new JsonArray();
    topology.clusters().forEach(c -> clusters.add(cluster(c)));
    JsonArray flows = new JsonArray();
    topology.flows().forEach(f -> flows.add(flow(f, pattern)));
    JsonArray warnings = new JsonArray();
    parsed.warnings().forEach(w -> warnings.add(w.line()));
    JsonArray ignored = new JsonArray();
    parsed
        .ignoredKeys()
        .forEach(k -> ignored.add(new JsonObject().put("key", k.key()).put("reason", k.reason())));
    return new JsonObject()
        .put("file", topology.file().toString())
        .put(
            "pattern",
            new JsonObject().put("name", pattern.name()).put("description", pattern.describe()))
        .put("settings", settings(topology.settings()))
        .put("clusters", clusters)
        .put("flows", flows)
        .put("warnings", warnings)
        .put("ignoredKeys", ignored);
  }

  private static JsonObject settings(KmirrorSettings settings) {
    return new JsonObject()
        .put("httpPort", settings.httpPort())
        .put("httpHost", settings.httpHost())
        .put("shutdownTimeoutSeconds", settings.shutdownTimeout().toSeconds())
        .put("exactlyOnce", settings.exactlyOnce());
  }

  private static JsonObject cluster(Cluster cluster) {
    JsonObject bootstrap =
        cluster.bootstrap() instanceof Bootstrap.Embedded embedded
            ? new JsonObject().put("embedded", true).put("brokers", embedded.brokers())
            : new JsonObject()
                .put("embedded", false)
                .put("servers", ((Bootstrap.External) cluster.bootstrap()).servers());
    return new JsonObject()
        .put("name", cluster.name())
        .put("bootstrap", bootstrap)
        .put("common", config(cluster.common()))
        .put("consumer", config(cluster.consumer()))
        .put("producer", config(cluster.producer()))
        .put("admin", config(cluster.admin()));
  }

  private static JsonObject flow(Flow flow, TopologyPattern pattern) {
    return new JsonObject()
        .put("id", flow.id().toString())
        .put("source", flow.source())
        .put("target", flow.target())
        .put("enabled", flow.enabled())
        .put("pattern", pattern.describe(flow.id()))
        .put(
            "policy",
            new JsonObject()
                .put("class", flow.policy().kind().className())
                .put("separator", flow.policy().separator())
                .put("example", RemoteNames.example(flow)))
        .put("topics", topics(flow.topics()))
        .put("groups", groups(flow.groups()))
        .put("heartbeats", periodic(flow.heartbeats()))
        .put("tasksMax", flow.tasksMax())
        .put("loopPrevention", flow.loopPrevention())
        .put("clients", clients(flow.clients()));
  }

  private static JsonObject topics(TopicSettings topics) {
    return filter(topics.filter())
        .put("refreshIntervalSeconds", seconds(topics.refreshInterval()))
        .put("replicationFactor", topics.replicationFactor())
        .put("syncConfigs", topics.configSync().enabled())
        .put("configPropertiesExclude", new JsonArray(topics.configSync().excluded().include()))
        .put("syncAcls", topics.syncAcls())
        .put("syncDeletions", topics.syncDeletions());
  }

  private static JsonObject groups(GroupSettings groups) {
    return filter(groups.filter())
        .put("refreshIntervalSeconds", seconds(groups.refreshInterval()))
        .put("checkpoints", periodic(groups.checkpoints()))
        .put("syncGroupOffsets", periodic(groups.offsetSync()))
        .put("offsetSyncsLocation", groups.offsetSyncsLocation().configValue());
  }

  private static JsonObject clients(FlowClients clients) {
    return new JsonObject()
        .put("sourceConsumer", config(clients.sourceConsumer()))
        .put("sourceAdmin", config(clients.sourceAdmin()))
        .put("sourceProducer", config(clients.sourceProducer()))
        .put("targetProducer", config(clients.targetProducer()))
        .put("targetAdmin", config(clients.targetAdmin()))
        .put("targetConsumer", config(clients.targetConsumer()));
  }

  private static JsonObject filter(NameFilter filter) {
    return new JsonObject()
        .put("include", new JsonArray(filter.include()))
        .put("exclude", new JsonArray(filter.exclude()));
  }

  private static JsonObject periodic(Periodic periodic) {
    return new JsonObject()
        .put("enabled", periodic.enabled())
        .put("intervalSeconds", seconds(periodic.interval()));
  }

  /** Only ever the masked view: a secret value never enters the JSON. */
  private static JsonObject config(ClientConfig config) {
    JsonObject json = new JsonObject();
    config.masked().forEach(json::put);
    return json;
  }

  private static long seconds(Duration duration) {
    return duration.toSeconds();
  }
}
