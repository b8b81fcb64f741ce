package io.kmirror.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * (Over 300 lines on purpose: about 130 are the nested {@link Builder}, which checks a cluster's
 * description before it exists; the rest is one lifecycle, start to close, under one lock.)
 *
 * <p>A real Kafka cluster in KRaft mode, running inside this JVM: one controller plus 1 to 3
 * brokers, all on 127.0.0.1, built from Kafka's own server classes.
 *
 * <p>Invariants:
 *
 * <ul>
 *   <li>Ports are bound when {@link #start()} begins and stay this cluster's until {@link
 *       #close()}: {@link #bootstrapServers()} never changes, and {@link #restartBroker(int)}
 *       brings a broker back on the port and log directory it had.
 *   <li>Nothing is shared between clusters: each has its own cluster id, ports, directory under the
 *       system temp folder, and no JVM-wide settings (SASL credentials are per listener, not a JAAS
 *       file), so several clusters in one JVM never see each other's topics.
 *   <li>{@link #close()} is idempotent and may run from a shutdown hook; afterwards no broker
 *       thread, port or file of this cluster remains. A closed cluster cannot be started again.
 *       {@link #start()} registers a shutdown hook that closes the cluster if the JVM exits first,
 *       and {@link #close()} removes it.
 * </ul>
 *
 * <p>Broker indexes run from {@code 0} to {@code brokers - 1} and equal the brokers' node ids.
 * Broker config overrides apply to every node; keys that describe the layout itself (listeners,
 * node ids, directories) are refused when the cluster is built.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster a = EmbeddedKafkaCluster.builder().name("A").brokers(3)
 *     .brokerConfig("auto.create.topics.enable", "false").build()) {
 *   a.start();
 *   Admin admin = Admin.create(a.clientProperties());
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements KafkaCluster {

  /** Fewest and most brokers a cluster may have. */
  public static final int MIN_BROKERS = 1;

  public static final int MAX_BROKERS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
  private static final Duration CONTROLLED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger LIFECYCLE_THREADS = new AtomicInteger();

  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  private final String name;
  private final int brokers;
  private final Map<String, String> brokerConfig;
  private final Optional<ScramUser> scram;
  private final boolean tls;
  private final Optional<String> kafkaLogLevel;
  private final boolean closeOnJvmExit;

  private State state = State.NEW;
  private ClusterLayout layout;
  private PreboundSockets sockets;
  private ControllerNode controller;
  private List<BrokerNode> brokerNodes = List.of();
  private String clusterId;
  private Thread closeOnExit;

  private EmbeddedKafkaCluster(Builder builder) {
    this.name = builder.name;
    this.brokers = builder.brokers;
    this.brokerConfig = Map.copyOf(builder.brokerConfig);
    this.scram = builder.scram;
    this.tls = builder.tls;
    this.kafkaLogLevel = builder.kafkaLogLevel;
    this.closeOnJvmExit = builder.closeOnJvmExit;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  public int brokerCount() {
    return brokers;
  }

  /**
   * Formats the directories, starts the controller and the brokers, and returns once every broker
   * is registered and unfenced: topics with replication factor {@link #brokerCount()} can be
   * created at once.
   *
   * @throws EmbeddedClusterException if a node fails to start; whatever had started is closed
   * @throws IllegalStateException if the cluster was started or closed before
   */
  @Override
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("cluster " + name + " is " + describe(state));
    }
    long startedAt = System.nanoTime();
    KafkaLogLevels.apply(kafkaLogLevel.orElse("WARN"), kafkaLogLevel.isPresent());
    state = State.RUNNING;
    // A JVM that exits without close() (a test run interrupted, a CLI stopped) still cleans up,
    // unless the owner closes the cluster from a shutdown hook of its own, in its own order.
    if (closeOnJvmExit) {
      closeOnExit = new Thread(this::close, "kmirror-" + name + "-close-on-exit");
      Runtime.getRuntime().addShutdownHook(closeOnExit);
    }
    try {
      sockets = new PreboundSockets();
      layout = allocate(sockets);
      clusterId = Uuid.randomUuid().toString();
      format();
      controller = new ControllerNode(name, layout, sockets);
      controller.start();
      brokerNodes = new ArrayList<>();
      for (int i = 0; i < brokers; i++) {
        brokerNodes.add(new BrokerNode(name, i, layout, sockets));
      }
      inParallel(brokerNodes, BrokerNode::start);
    } catch (RuntimeException | Error e) {
      state = State.CLOSED;
      shutDownAndDelete();
      if (e instanceof Error error) {
        throw error;
      }
      throw new EmbeddedClusterException(
          "cluster " + name + " failed to start: " + rootMessage(e), e);
    }
    LOG.info(
        "cluster {} ready at {} ({} broker{}, {} ms)",
        name,
        layout.bootstrapServers(),
        brokers,
        brokers == 1 ? "" : "s",
        Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
  }

  @Override
  public synchronized String bootstrapServers() {
    return started().bootstrapServers();
  }

  @Override
  public synchronized Map<String, Object> clientProperties() {
    return started().clientProperties();
  }

  /** The id the cluster was formatted with; differs between clusters. */
  public synchronized String clusterId() {
    started();
    return clusterId;
  }

  /** The folder holding every node's data; deleted by {@link #close()}. */
  public synchronized Path dataDirectory() {
    return started().baseDir();
  }

  /** The port broker {@code index} listens on, the same across restarts. */
  public synchronized int brokerPort(int index) {
    checkIndex(index);
    return started().brokerPorts().get(index);
  }

  /** Every port this cluster holds, the controller's first; for tests that check it frees them. */
  synchronized List<Integer> ports() {
    ClusterLayout running = started();
    List<Integer> ports = new ArrayList<>();
    ports.add(running.controllerPort());
    ports.addAll(running.brokerPorts());
    return ports;
  }

  public synchronized boolean isBrokerRunning(int index) {
    checkIndex(index);
    return state == State.RUNNING && brokerNodes.get(index).isRunning();
  }

  /**
   * Controlled shutdown of one broker: the controller moves its leaderships away first. Does
   * nothing if the broker is already down.
   */
  public synchronized void stopBroker(int index) {
    running(index).stop(CONTROLLED_SHUTDOWN_TIMEOUT);
    LOG.info("cluster {} broker {} stopped", name, index);
  }

  /**
   * Stops one broker as a crash would: no controlled shutdown (its partitions stay led by it until
   * the controller fences it, within {@code broker.session.timeout.ms}) and no clean-shutdown
   * marker (its next start recovers the log). Does nothing if the broker is already down.
   */
  public synchronized void killBroker(int index) {
    running(index).kill();
    LOG.info("cluster {} broker {} killed", name, index);
  }

  /**
   * Starts broker {@code index} again on the same port and log directory, stopping it first (with a
   * controlled shutdown) if it is running. Returns once the broker is unfenced.
   */
  public synchronized void restartBroker(int index) {
    BrokerNode broker = running(index);
    broker.stop(CONTROLLED_SHUTDOWN_TIMEOUT);
    try {
      broker.start();
    } catch (RuntimeException e) {
      throw new EmbeddedClusterException(
          "cluster " + name + " broker " + index + " failed to restart: " + rootMessage(e), e);
    }
    LOG.info("cluster {} broker {} restarted at {}", name, index, layout.brokerPorts().get(index));
  }

  /**
   * Stops every broker and the controller, frees the ports and deletes the data directory. Brokers
   * stop without controlled shutdown: the whole cluster goes, so there is nowhere to move
   * leadership to.
   */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    boolean wasRunning = state == State.RUNNING;
    long closingAt = System.nanoTime();
    state = State.CLOSED;
    shutDownAndDelete();
    if (wasRunning) {
      LOG.info(
          "cluster {} closed ({} ms)",
          name,
          Duration.ofNanos(System.nanoTime() - closingAt).toMillis());
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaCluster[" + name + ", " + brokers + " broker(s)]";
  }

  private ClusterLayout allocate(PreboundSockets ports) {
    int controllerPort = ports.reserve();
    List<Integer> brokerPorts = new ArrayList<>();
    for (int i = 0; i < brokers; i++) {
      brokerPorts.add(ports.reserve());
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("kmirror-" + name + "-");
    } catch (IOException e) {
      throw new EmbeddedClusterException("cannot create a data directory for cluster " + name, e);
    }
    Optional<TlsMaterial> material =
        tls ? Optional.of(TlsMaterial.generate(dir.resolve("tls"))) : Optional.empty();
    return new ClusterLayout(name, controllerPort, brokerPorts, dir, brokerConfig, scram, material);
  }

  private void format() {
    KafkaNodes.format(
        ClusterLayout.CONTROLLER_ID, clusterId, layout.controllerDir().toString(), scram);
    for (int i = 0; i < brokers; i++) {
      KafkaNodes.format(i, clusterId, layout.brokerDir(i).toString(), scram);
    }
  }

  /** Best effort, never throws: it runs on failed starts and from shutdown hooks. */
  private void shutDownAndDelete() {
    forgetCloseOnExit();
    try {
      inParallel(brokerNodes, BrokerNode::stopReplicaFetchers);
      inParallel(brokerNodes, BrokerNode::kill);
    } catch (RuntimeException e) {
      LOG.warn("cluster {}: a broker failed to shut down: {}", name, rootMessage(e));
    }
    if (controller != null) {
      try {
        controller.stop();
      } catch (RuntimeException e) {
        LOG.warn("cluster {}: the controller failed to shut down: {}", name, rootMessage(e));
      }
    }
    if (sockets != null) {
      sockets.close();
    }
    if (layout != null) {
      try {
        Utils.delete(layout.baseDir().toFile());
      } catch (IOException e) {
        LOG.warn("cluster {}: cannot delete {}: {}", name, layout.baseDir(), e.toString());
      }
    }
  }

  private void forgetCloseOnExit() {
    if (closeOnExit == null || Thread.currentThread() == closeOnExit) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(closeOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting and the hook may be running this very close(); nothing to undo.
    }
    closeOnExit = null;
  }

  /** Brokers start and stop concurrently: most of the time goes to waiting on the controller. */
  private void inParallel(List<BrokerNode> nodes, Consumer<BrokerNode> action) {
    if (nodes.isEmpty()) {
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            nodes.size(),
            task -> {
              Thread t =
                  new Thread(
                      task,
                      "kmirror-" + name + "-lifecycle-" + LIFECYCLE_THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      CompletableFuture.allOf(
              nodes.stream()
                  .map(node -> CompletableFuture.runAsync(() -> action.accept(node), pool))
                  .toArray(CompletableFuture[]::new))
          .join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      pool.shutdownNow();
      awaitTermination(pool);
    }
  }

  /** So that no lifecycle thread outlives the call that created it. */
  private void awaitTermination(ExecutorService pool) {
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("cluster {}: lifecycle threads still running after 10 s", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ClusterLayout started() {
    if (state != State.RUNNING) {
      throw new IllegalStateException("cluster " + name + " is " + describe(state));
    }
    return layout;
  }

  private BrokerNode running(int index) {
    checkIndex(index);
    started();
    return brokerNodes.get(index);
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= brokers) {
      throw new IllegalArgumentException(
          "cluster " + name + " has brokers 0.." + (brokers - 1) + "; there is no broker " + index);
    }
  }

  private static String describe(State state) {
    return switch (state) {
      case NEW -> "not started";
      case RUNNING -> "already started";
      case CLOSED -> "closed";
    };
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }

  /**
   * Describes a cluster before it exists; {@link #build()} checks everything at once. Defaults:
   * name {@code "embedded"}, one broker, no overrides, PLAINTEXT, Kafka logging at WARN.
   */
  public static final class Builder {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String STANDARD_AUTHORIZER =
        "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    private String name = "embedded";
    private int brokers = MIN_BROKERS;
    private final Map<String, String> brokerConfig = new LinkedHashMap<>();
    private Optional<ScramUser> scram = Optional.empty();
    private Optional<String> kafkaLogLevel = Optional.empty();
    private boolean closeOnJvmExit = true;
    private boolean standardAuthorizer;
    private boolean tls;

    private Builder() {}

    /** Appears in logs and in the data directory's name: letters, digits, '.', '_', '-'. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** How many brokers, {@value #MIN_BROKERS} to {@value #MAX_BROKERS}, besides the controller. */
    public Builder brokers(int brokers) {
      this.brokers = brokers;
      return this;
    }

    /** A broker setting for every node, e.g. {@code auto.create.topics.enable=false}. */
    public Builder brokerConfig(String key, String value) {
      brokerConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
      return this;
    }

    public Builder brokerConfig(Map<String, String> config) {
      config.forEach(this::brokerConfig);
      return this;
    }

    /**
     * Makes the client listener SASL_PLAINTEXT with SCRAM-SHA-256 and SCRAM-SHA-512 credentials for
     * this one user, who may also log in with SASL/PLAIN; {@link #clientProperties()} then carries
     * them (SCRAM-SHA-256).
     */
    public Builder scram(String user, String password) {
      this.scram = Optional.of(new ScramUser(user, password));
      return this;
    }

    /**
     * Makes the client listener TLS with certificates generated at start ({@code TlsMaterial}): SSL
     * with a client certificate required (mTLS, principal {@code User:CN=kmirror-client}), or
     * SASL_SSL with {@link #scram}. {@link #clientProperties()} then carries the trust store and,
     * for mTLS, the client key store.
     */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /**
     * Turns on Kafka's {@code StandardAuthorizer} on every node (ACLs live in the KRaft metadata),
     * with {@code User:ANONYMOUS} (the PLAINTEXT controller link, and PLAINTEXT clients) and the
     * SCRAM user, if any, as super users, and {@code allow.everyone.if.no.acl.found=true} so
     * clients without ACLs keep working. A {@link #brokerConfig} of the same key wins.
     */
    public Builder standardAuthorizer() {
      this.standardAuthorizer = true;
      return this;
    }

    /**
     * The level for the brokers' own loggers when Log4j 2 is the backend, overriding the logging
     * configuration. Without it they are set to WARN unless the configuration names them.
     */
    public Builder kafkaLogLevel(String level) {
      this.kafkaLogLevel = Optional.of(Objects.requireNonNull(level, "level"));
      return this;
    }

    /**
     * Whether {@link #start()} registers a shutdown hook that closes the cluster if the JVM exits
     * first (default true). An owner that must stop its clients before the brokers go (a replicator
     * draining on SIGTERM) turns it off and closes the cluster from its own hook, since the JVM
     * runs shutdown hooks concurrently, in no order.
     */
    public Builder closeOnJvmExit(boolean close) {
      this.closeOnJvmExit = close;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming every problem: the name, the broker count, or
     *     overrides of keys the cluster manages itself
     */
    public EmbeddedKafkaCluster build() {
      List<String> problems = new ArrayList<>();
      if (name == null || !NAME.matcher(name).matches()) {
        problems.add(
            "cluster name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
      }
      if (brokers < MIN_BROKERS || brokers > MAX_BROKERS) {
        problems.add(
            "cluster "
                + name
                + " broker count "
                + brokers
                + " must be "
                + MIN_BROKERS
                + " to "
                + MAX_BROKERS);
      }
      try {
        ClusterLayout.rejectManagedKeys(brokerConfig);
      } catch (IllegalArgumentException e) {
        problems.add("cluster " + name + " " + e.getMessage());
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      if (standardAuthorizer) {
        brokerConfig.putIfAbsent("authorizer.class.name", STANDARD_AUTHORIZER);
        brokerConfig.putIfAbsent(
            "super.users", "User:ANONYMOUS" + scram.map(u -> ";User:" + u.name()).orElse(""));
        brokerConfig.putIfAbsent("allow.everyone.if.no.acl.found", "true");
      }
      return new EmbeddedKafkaCluster(this);
    }
  }
}
