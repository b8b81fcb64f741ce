package io.kmirror.replicator.flow;

import io.kmirror.topology.ClientConfig;
import io.kmirror.topology.Flow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * (Over 300 lines on purpose: every Kafka client config of a flow is built here, so the three
 * layers below and the keys a guarantee depends on are applied alike to every client role.)
 *
 * <p>One flow bound to its clusters' runtime addresses, and the only place that turns the flow's
 * client settings into Kafka client configs.
 *
 * <p>Each config is built in three layers: kmirror's defaults (tuned for throughput), then the
 * user's keys verbatim (they win), then the keys the guarantees depend on, which the user cannot
 * override: byte-array (de)serializers, no auto-commit (progress is committed only for records the
 * target acknowledged), a source consumer that never asks the broker to create a topic (a
 * subscribed topic deleted on the source would otherwise be recreated empty at the consumer's next
 * metadata request, and the deletion never seen), a source consumer that never moves its position
 * on its own ({@code auto.offset.reset=none}: every partition is sought to its stored progress or
 * its log start, and a position the source no longer holds is an error the worker reports as a gap
 * instead of a silent jump), and an idempotent {@code acks=all} producer (an acknowledged record is
 * on every in-sync replica and a retry never duplicates or reorders inside a partition).
 *
 * <p>Group membership: with an {@code instanceId} ({@code kmirror.instance.id}) every group member
 * of the flow is static ({@code group.instance.id} = {@code <id>-<source>-<target>-<task>}, and
 * {@code <id>-<source>-<target>-leader} for the election), so a process restarted with the same id
 * takes its partitions back at once instead of waiting for the dead member's session to time out.
 * The id is kmirror's to set: a {@code group.instance.id} among the user's keys is dropped, since
 * one value shared by several tasks would fence them against each other. Without an id (demo,
 * drill, tests) members join dynamically.
 *
 * @param instanceId the process's {@code kmirror.instance.id}; empty: dynamic membership
 */
public record FlowEndpoints(
    FlowContext context,
    String sourceBootstrap,
    String targetBootstrap,
    Optional<String> instanceId,
    ClientMemory memory) {

  /**
   * The source consumers' session: a process that really died hands its partitions over after this
   * (a restarted one does not wait for it, see the class comment). Kafka's 45 s default made every
   * crash cost 45 s of replication before static membership; 10 s still rides out a coordinator
   * move or a long GC pause.
   */
  static final String SESSION_TIMEOUT_MS = "10000";

  /**
   * A member learns that a rebalance has begun from its next heartbeat, and a cooperative rebalance
   * has two rounds: so when a process joins, the partitions that move stand still for about two
   * heartbeat intervals. 1 s instead of Kafka's 3 s halved that stall (4.0 to 2.0 s) in {@code
   * bench --scenario scaleout}; it costs one small request a second per consumer and leaves ten
   * chances per session.
   */
  static final String HEARTBEAT_INTERVAL_MS = "1000";

  /**
   * How long the target producer's {@code send()} may block the mirroring thread waiting for
   * metadata or buffer space. Kafka's 60 s left a worker stuck inside {@code send()} for a minute
   * of a target outage, counting no error and checking nothing else; 5 s makes a blocked send a
   * retriable send error the worker counts and backs off from. The user's {@code
   * A->B.producer.max.block.ms} still wins, as with every sized default.
   */
  static final String TARGET_MAX_BLOCK_MS = "5000";

  private static final String CONFIG_PROVIDERS = "config.providers";

  public FlowEndpoints {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(sourceBootstrap, "sourceBootstrap");
    Objects.requireNonNull(targetBootstrap, "targetBootstrap");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(memory, "memory");
  }

  /**
   * Endpoints of a flow that has the process's heap to itself (commands, tests), dynamic members.
   */
  public FlowEndpoints(FlowContext context, String sourceBootstrap, String targetBootstrap) {
    this(
        context,
        sourceBootstrap,
        targetBootstrap,
        Optional.empty(),
        ClientMemory.of(List.of(context.flow())));
  }

  /** The flow's endpoints with its context built now: call once per flow and pass it down. */
  public FlowEndpoints(Flow flow, String sourceBootstrap, String targetBootstrap) {
    this(FlowContext.of(Objects.requireNonNull(flow, "flow")), sourceBootstrap, targetBootstrap);
  }

  /** The same endpoints with the flow mirrored exactly once, or not. */
  public FlowEndpoints withExactlyOnce(boolean on) {
    return new FlowEndpoints(
        context.withExactlyOnce(on), sourceBootstrap, targetBootstrap, instanceId, memory);
  }

  /** The same endpoints with static group membership under {@code id}; empty: dynamic. */
  public FlowEndpoints withInstanceId(Optional<String> id) {
    return new FlowEndpoints(context, sourceBootstrap, targetBootstrap, id, memory);
  }

  /** The flow's endpoints in a process whose clients share the heap as {@code memory} says. */
  public FlowEndpoints(
      Flow flow, String sourceBootstrap, String targetBootstrap, ClientMemory memory) {
    this(
        FlowContext.of(Objects.requireNonNull(flow, "flow")),
        sourceBootstrap,
        targetBootstrap,
        Optional.empty(),
        memory);
  }

  public Flow flow() {
    return context.flow();
  }

  /** {@code kmirror-A-B}: the consumer group the mirroring consumers of this flow share. */
  public String groupId() {
    return context.groupId();
  }

  private String clientPrefix() {
    return context.groupId();
  }

  public Map<String, Object> sourceConsumer(int task) {
    ClientConfig user = flow().clients().sourceConsumer();
    Map<String, Object> config =
        defaults(
            Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG,
                clientPrefix() + "-mirror-" + task,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                // fetch.min.bytes stays at Kafka's 1: a backlog fills every fetch anyway, and at a
                // steady rate a larger minimum only holds records back (256 KiB with a 100 ms wait
                // added about 50 ms to p50 at 5,000 records/s, docs/benchmark.md).
                // Bounded fetches: the JDK reads a socket into a heap buffer through a cached
                // temporary direct buffer as large as the response, which stays resident. 1 MiB
                // per partition and 16 MiB per response cost no throughput (docs/benchmark.md) and
                // cut peak RSS by about 100 MiB against 4 MiB / 50 MiB; smaller heaps or more
                // consumers get less (ClientMemory).
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Long.toString(memory.partitionFetchBytes()),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                "4000",
                ConsumerConfig.RECEIVE_BUFFER_CONFIG,
                "1048576",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                SESSION_TIMEOUT_MS,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                HEARTBEAT_INTERVAL_MS,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                Long.toString(Math.max(1000, flow().topics().refreshInterval().toMillis()))));
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Long.toString(memory.fetchMaxBytes()));
    preferStickyAssignment(user, config);
    putUser(config, user);
    byteConsumerWithoutAutoCommit(config, sourceBootstrap);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    staticMember(config, Integer.toString(task));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    return config;
  }

  public Map<String, Object> targetProducer(int task) {
    Map<String, Object> config =
        defaults(
            Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientPrefix() + "-producer-" + task,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, TARGET_MAX_BLOCK_MS,
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, Long.toString(memory.batchBytes()),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5",
                ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(memory.producerBufferBytes()),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "16777216",
                ProducerConfig.SEND_BUFFER_CONFIG, "1048576"));
    putUser(config, flow().clients().targetProducer());
    byteProducerWithAcksAll(config, targetBootstrap);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return config;
  }

  /**
   * Exactly-once: worker {@code task}'s transactional producer, {@link #targetProducer} plus {@code
   * transactional.id} = {@code kmirror-A-B.tx.<member>-<task>}, {@code member} the process's
   * instance id (so a restarted process takes its own ids back and {@code initTransactions} fences
   * its previous life) or, without one, a name unique to this worker's life. The transaction
   * timeout is short (15 s unless the user sets one): a transaction a dead process left open holds
   * back every {@code read_committed} reader of the flow's progress and index until the broker
   * aborts it, and kmirror commits every second, so 15 s is never reached by a live worker.
   */
  public Map<String, Object> transactionalProducer(int task, String member) {
    Map<String, Object> config = targetProducer(task);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(task, member));
    config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
    return config;
  }

  /** {@code kmirror-A-B.tx.<instance id or member>-<task>}. */
  public String transactionalId(int task, String member) {
    return context.transactionalIdPrefix() + instanceId.orElse(member) + "-" + task;
  }

  /**
   * Writes heartbeats on the source: the source cluster's producer keys, never the flow's ({@code
   * A->B.producer.*} is for the target). With the source down, {@code send()} waits for metadata up
   * to {@code max.block.ms} (default 60 s) on the worker thread that sends the beat; a short bound
   * frees that thread and lets the flow stop promptly. A failed beat is retried at the next
   * interval.
   */
  public Map<String, Object> heartbeatProducer() {
    Map<String, Object> config =
        defaults(
            Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientPrefix() + "-heartbeats",
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "500"));
    putUser(config, flow().clients().sourceProducer());
    byteProducerWithAcksAll(config, sourceBootstrap);
    return config;
  }

  /** Reads back kmirror's own progress topic on the target; no group, manual assignment. */
  public Map<String, Object> targetProgressConsumer(int task) {
    Map<String, Object> config =
        defaults(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientPrefix() + "-progress-" + task));
    putUser(config, flow().clients().targetConsumer());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    byteConsumerWithoutAutoCommit(config, targetBootstrap);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return config;
  }

  /**
   * The consumer that takes part in electing the process that does the flow's group work: a member
   * of {@code kmirror-<source>-<target>-leader} on the target that never reads a record. A dead
   * leader is replaced after its session timeout, 10 s here unless the user sets one; a restarted
   * one with the same instance id takes its place back at once.
   */
  public Map<String, Object> leaderConsumer() {
    Map<String, Object> config =
        defaults(
            Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientPrefix() + "-leader",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS));
    ClientConfig user = flow().clients().targetConsumer();
    // Sticky here too: a process joining the flow does not take the leadership from its holder.
    preferStickyAssignment(user, config);
    putUser(config, user);
    byteConsumerWithoutAutoCommit(config, targetBootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId() + "-leader");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    staticMember(config, "leader");
    return config;
  }

  /**
   * {@code <id>-<source>-<target>-<member>} as the member's {@code group.instance.id}, or dynamic
   * membership without an instance id.
   */
  private void staticMember(Map<String, Object> config, String member) {
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    instanceId.ifPresent(
        id ->
            config.put(
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                id + "-" + flow().source() + "-" + flow().target() + "-" + member));
  }

  /** What kmirror's producers never leave to the user: the address, bytes in and out, acks=all. */
  private static void byteProducerWithAcksAll(Map<String, Object> config, String bootstrap) {
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
  }

  /**
   * The keys every consumer of the flow is built with, over the user's: none commits on its own.
   */
  private static void byteConsumerWithoutAutoCommit(Map<String, Object> config, String bootstrap) {
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
  }

  /**
   * Cooperative-sticky assignment: partitions stay with their owner when members come and go. Not
   * with the consumer group protocol of KIP-848 ({@code group.protocol=consumer}), whose broker
   * assigns (stickily) and whose client refuses the setting.
   */
  private static void preferStickyAssignment(ClientConfig user, Map<String, Object> config) {
    if (!"consumer".equalsIgnoreCase(user.entries().getOrDefault("group.protocol", "classic"))) {
      config.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
  }

  public Map<String, Object> sourceAdmin() {
    return admin(flow().clients().sourceAdmin(), sourceBootstrap, "source-admin");
  }

  public Map<String, Object> targetAdmin() {
    return admin(flow().clients().targetAdmin(), targetBootstrap, "target-admin");
  }

  private Map<String, Object> admin(ClientConfig user, String bootstrap, String role) {
    Map<String, Object> config =
        defaults(Map.of(CommonClientConfigs.CLIENT_ID_CONFIG, clientPrefix() + "-" + role));
    putUser(config, user);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return config;
  }

  /**
   * The user's keys, verbatim but for {@code config.providers}: Kafka splits that list on commas
   * without trimming, so {@code env, file} (as MM2 users and our docs write it) declared a provider
   * named {@code " file"} and every {@code ${file:...}} reached the broker unresolved, while {@code
   * validate}, which trims, had found it resolvable.
   */
  private static void putUser(Map<String, Object> config, ClientConfig user) {
    config.putAll(user.entries());
    String providers = user.entries().get(CONFIG_PROVIDERS);
    if (providers != null) {
      config.put(
          CONFIG_PROVIDERS,
          String.join(
              ",",
              java.util.Arrays.stream(providers.split(","))
                  .map(String::strip)
                  .filter(n -> !n.isEmpty())
                  .toList()));
    }
  }

  private static Map<String, Object> defaults(Map<String, String> defaults) {
    return new HashMap<>(defaults);
  }
}
