package io.kmirror.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where every node of one embedded cluster listens and keeps its data, and the node configurations
 * that follow from it. Pure: it neither binds ports nor touches the disk.
 *
 * <p>One dedicated controller (node id {@value #CONTROLLER_ID}) and brokers with node ids {@code 0}
 * to {@code n-1}, so a broker's index is its node id. Every listener is on {@value #HOST}: clients
 * reach only loopback, and the address never depends on name resolution. Config precedence is
 * defaults, then the caller's overrides, then the keys this layout manages ({@link #MANAGED_KEYS});
 * an override of a managed key is refused up front, because it would break ports, directories or
 * the stop/kill distinction silently.
 */
record ClusterLayout(
    String name,
    int controllerPort,
    List<Integer> brokerPorts,
    Path baseDir,
    Map<String, String> overrides,
    Optional<ScramUser> scram,
    Optional<TlsMaterial> tls) {

  static final String HOST = "127.0.0.1";
  static final int CONTROLLER_ID = 3000;
  static final String CLIENT_LISTENER = "CLIENT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** Keys that encode the layout itself; callers may not override them. */
  static final Set<String> MANAGED_KEYS =
      Set.of(
          "process.roles",
          "node.id",
          "broker.id",
          "listeners",
          "advertised.listeners",
          "listener.security.protocol.map",
          "inter.broker.listener.name",
          "security.inter.broker.protocol",
          "controller.listener.names",
          "controller.quorum.voters",
          "controller.quorum.bootstrap.servers",
          "log.dir",
          "log.dirs",
          "metadata.log.dir",
          "controlled.shutdown.enable");

  /**
   * Settings a KRaft controller applies on the brokers' behalf (topic creation defaults and
   * policies); Kafka warns when a broker-only node carries them, so only the controller gets them.
   */
  static final Set<String> CONTROLLER_ONLY_KEYS =
      Set.of(
          "num.partitions",
          "default.replication.factor",
          "create.topic.policy.class.name",
          "alter.config.policy.class.name");

  ClusterLayout {
    brokerPorts = List.copyOf(brokerPorts);
    overrides = Map.copyOf(overrides);
    rejectManagedKeys(overrides);
  }

  /** A cluster without TLS. */
  ClusterLayout(
      String name,
      int controllerPort,
      List<Integer> brokerPorts,
      Path baseDir,
      Map<String, String> overrides,
      Optional<ScramUser> scram) {
    this(name, controllerPort, brokerPorts, baseDir, overrides, scram, Optional.empty());
  }

  /** Fails on every override of a managed key at once, naming each. */
  static void rejectManagedKeys(Map<String, String> overrides) {
    Set<String> clashes = new TreeSet<>(overrides.keySet());
    clashes.retainAll(MANAGED_KEYS);
    if (!clashes.isEmpty()) {
      throw new IllegalArgumentException(
          "broker config "
              + clashes.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "))
              + " is managed by EmbeddedKafkaCluster (it assigns node ids, ports and directories);"
              + " remove it");
    }
  }

  /**
   * Defaults sized for a small cluster on a small machine: internal topics as replicated as the
   * cluster allows, fewer threads and partitions than a production broker, and a short broker
   * session so a killed broker is fenced within seconds.
   */
  static Map<String, String> defaults(int brokers) {
    String replicas = Integer.toString(brokers);
    String minIsr = Integer.toString(Math.min(2, brokers));
    Map<String, String> d = new LinkedHashMap<>();
    d.put("offsets.topic.replication.factor", replicas);
    d.put("offsets.topic.num.partitions", "5");
    d.put("transaction.state.log.replication.factor", replicas);
    d.put("transaction.state.log.min.isr", minIsr);
    d.put("transaction.state.log.num.partitions", "5");
    d.put("share.coordinator.state.topic.replication.factor", replicas);
    d.put("share.coordinator.state.topic.min.isr", minIsr);
    d.put("group.initial.rebalance.delay.ms", "0");
    d.put("num.network.threads", "2");
    d.put("num.io.threads", "4");
    d.put("background.threads", "4");
    d.put("num.recovery.threads.per.data.dir", "1");
    // The cleaner allocates this buffer up front; Kafka's 128 MiB per broker is most of a test
    // heap.
    d.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    // A restarted broker waits for its previous session to expire before it may register again.
    d.put("broker.heartbeat.interval.ms", "500");
    d.put("broker.session.timeout.ms", "3000");
    return d;
  }

  int brokerCount() {
    return brokerPorts.size();
  }

  Path controllerDir() {
    return baseDir.resolve("controller");
  }

  Path brokerDir(int index) {
    return baseDir.resolve("broker-" + index);
  }

  String bootstrapServers() {
    return brokerPorts.stream().map(p -> HOST + ":" + p).collect(Collectors.joining(","));
  }

  /**
   * PLAINTEXT; SASL_PLAINTEXT with SCRAM; SSL with client certificates required (mTLS) with TLS;
   * SASL_SSL with both, the client then authenticated by SCRAM over TLS, not by a certificate.
   */
  String clientSecurityProtocol() {
    if (tls.isPresent()) {
      return scram.isPresent() ? "SASL_SSL" : "SSL";
    }
    return scram.isPresent() ? "SASL_PLAINTEXT" : "PLAINTEXT";
  }

  Map<String, String> controllerConfig() {
    Map<String, String> c = common();
    c.put("process.roles", "controller");
    c.put("node.id", Integer.toString(CONTROLLER_ID));
    c.put("listeners", CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
    c.put("log.dirs", controllerDir().toString());
    c.put("metadata.log.dir", controllerDir().toString());
    return c;
  }

  Map<String, String> brokerConfig(int index) {
    Map<String, String> c = common();
    c.keySet().removeAll(CONTROLLER_ONLY_KEYS);
    String listener = CLIENT_LISTENER + "://" + HOST + ":" + brokerPorts.get(index);
    c.put("process.roles", "broker");
    c.put("node.id", Integer.toString(index));
    c.put("listeners", listener);
    c.put("advertised.listeners", listener);
    c.put("log.dirs", brokerDir(index).toString());
    c.put("metadata.log.dir", brokerDir(index).toString());
    // Off so that a plain shutdown is a kill; stopBroker performs the controlled part itself.
    c.put("controlled.shutdown.enable", "false");
    return c;
  }

  /** What a client needs: bootstrap servers and, with SCRAM, the mechanism and credentials. */
  Map<String, Object> clientProperties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("bootstrap.servers", bootstrapServers());
    if (scram.isPresent() || tls.isPresent()) {
      p.put("security.protocol", clientSecurityProtocol());
    }
    scram.ifPresent(
        user -> {
          p.put("sasl.mechanism", ScramUser.MECHANISM);
          p.put("sasl.jaas.config", user.jaasConfig());
        });
    tls.ifPresent(t -> p.putAll(t.clientConfig(scram.isEmpty())));
    return Map.copyOf(p);
  }

  private Map<String, String> common() {
    Map<String, String> c = defaults(brokerCount());
    c.putAll(overrides);
    c.put(
        "listener.security.protocol.map",
        CLIENT_LISTENER
            + ":"
            + clientSecurityProtocol()
            + ","
            + CONTROLLER_LISTENER
            + ":PLAINTEXT");
    c.put("inter.broker.listener.name", CLIENT_LISTENER);
    c.put("controller.listener.names", CONTROLLER_LISTENER);
    c.put("controller.quorum.voters", CONTROLLER_ID + "@" + HOST + ":" + controllerPort);
    scram.ifPresent(user -> c.putAll(saslConfig(user)));
    tls.ifPresent(t -> c.putAll(t.brokerConfig(scram.isEmpty())));
    return c;
  }

  private static Map<String, String> saslConfig(ScramUser user) {
    Map<String, String> c = new LinkedHashMap<>();
    String prefix = "listener.name." + CLIENT_LISTENER.toLowerCase(Locale.ROOT) + ".";
    c.put(
        "sasl.enabled.mechanisms",
        String.join(",", ScramUser.MECHANISMS) + "," + ScramUser.PLAIN_MECHANISM);
    c.put("sasl.mechanism.inter.broker.protocol", ScramUser.MECHANISM);
    for (String mechanism : ScramUser.MECHANISMS) {
      c.put(prefix + mechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", user.jaasConfig());
    }
    c.put(prefix + "plain.sasl.jaas.config", user.plainBrokerJaasConfig());
    return c;
  }
}
