package io.kmirror.replicator.offsets;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.flow.FlowEndpoints;
import io.kmirror.replicator.offsets.index.OffsetIndex;
import io.kmirror.replicator.offsets.index.PartitionIndex;
import io.kmirror.replicator.offsets.index.ReverseTranslation;
import io.kmirror.replicator.offsets.index.Translation;
import io.kmirror.replicator.topics.TopicFilter;
import io.kmirror.topology.Flow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * Translates consumer groups' committed source offsets into target offsets for one flow, from the
 * offset index kmirror keeps on the target. Works in any process that can reach the two clusters (a
 * running kmirror, {@code kmirror failover}, {@code kmirror drill}); it reads, it never writes.
 *
 * <p>Typical use (blocking; not on an event loop):
 *
 * <pre>{@code
 * try (OffsetTranslator translator = OffsetTranslator.open(endpoints);
 *     Admin source = Admin.create(endpoints.sourceAdmin())) {
 *   List<PartitionPlan> plan = translator.plan(source, List.of("orders-app"), Duration.ofSeconds(30));
 *   for (PartitionPlan p : plan) {
 *     // p.group(), p.source(), p.committed(), p.target(), p.targetOffset(), p.notReplicated(),
 *     // p.translation().exact() / kind() / reason()
 *   }
 * }
 * }</pre>
 *
 * <p>Only partitions of topics the flow mirrors are planned; a group's offsets on other topics have
 * no counterpart on the target. A plan's translation is {@link Translation.Kind#EXACT} when kmirror
 * knows the exact answer; {@link Translation.Kind#NOT_YET_REPLICATED} gives where the group resumes
 * given what is on the target now and how many source offsets it would lose; the other kinds carry
 * no offset and say why. See {@link PartitionIndex} for the invariant behind "exact".
 *
 * <p>Where the source answers, each translation is checked against the source topic's current ID
 * ({@link TopicIds}): a group on a topic deleted and created again under the same name is never
 * translated with the old topic's runs ({@link Translation.Kind#RECREATED} until the new topic is
 * in the index; see {@link io.kmirror.replicator.offsets.index.PartitionEntries}). Where it does
 * not (failover from checkpoints with the source down), the index is trusted as it is.
 */
public final class OffsetTranslator implements AutoCloseable {

  private final FlowContext flowContext;
  private final Flow flow;
  private final ReplicationPolicy policy;
  private final TopicFilter topics;
  private final IndexReader reader;

  public OffsetTranslator(FlowContext flowContext, IndexReader reader) {
    this.flowContext = flowContext;
    this.flow = flowContext.flow();
    this.policy = flowContext.policy();
    this.topics = new TopicFilter(flow, policy);
    this.reader = reader;
  }

  /** A translator reading the flow's index on its target; close it when done. */
  public static OffsetTranslator open(FlowEndpoints endpoints) {
    Map<String, Object> config = endpoints.targetProgressConsumer(0);
    config.put(
        ConsumerConfig.CLIENT_ID_CONFIG,
        endpoints.groupId() + "-offset-index-" + System.identityHashCode(config));
    FlowContext context = endpoints.context();
    return new OffsetTranslator(
        context, new IndexReader(context.id(), context.indexTopic(), new KafkaConsumer<>(config)));
  }

  /** Reads what the mirroring workers wrote since the last call (all of it the first time). */
  public OffsetIndex refresh(Duration timeout) throws TimeoutException {
    return reader.catchUp(timeout);
  }

  /**
   * Plans one group from offsets already read, against the index as of the last {@link #refresh},
   * with the source's topic IDs unknown (the source is down): the index is trusted as it is. Pure:
   * no I/O.
   */
  public List<PartitionPlan> plan(String group, Map<TopicPartition, OffsetAndMetadata> committed) {
    return plan(group, committed, TopicIds.UNKNOWN);
  }

  /**
   * Plans one group from offsets already read, against the index as of the last {@link #refresh}; a
   * partition whose index is for an earlier topic than {@code sourceIds} names is {@link
   * Translation.Kind#RECREATED}. Pure: no I/O.
   */
  public List<PartitionPlan> plan(
      String group, Map<TopicPartition, OffsetAndMetadata> committed, TopicIds sourceIds) {
    List<PartitionPlan> plans = new ArrayList<>();
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
      TopicPartition tp = e.getKey();
      OffsetAndMetadata offset = e.getValue();
      if (offset == null || !topics.mirrors(tp.topic())) {
        continue;
      }
      TopicPartition remote =
          new TopicPartition(flowContext.remoteTopic(tp.topic()), tp.partition());
      plans.add(
          new PartitionPlan(
              group,
              tp,
              remote,
              offset.offset(),
              offset.metadata() == null ? "" : offset.metadata(),
              reader.index().translate(tp, offset.offset(), sourceIds.of(tp.topic()))));
    }
    plans.sort(
        Comparator.comparing((PartitionPlan p) -> p.source().topic())
            .thenComparingInt(p -> p.source().partition()));
    return plans;
  }

  /**
   * Per source partition of {@code sourceEnds}: how many records up to that end offset the target
   * does not have yet, against the index as of the last {@link #refresh} (0 when the end translates
   * exactly). A partition the index cannot answer for (no index yet, a re-created topic, an offset
   * before what was mirrored) is left out: "unknown", never a guessed 0. Pure: no I/O.
   */
  public Map<TopicPartition, Long> behindAt(
      Map<TopicPartition, Long> sourceEnds, TopicIds sourceIds) {
    Map<TopicPartition, Long> behind = new HashMap<>();
    sourceEnds.forEach(
        (tp, offset) -> {
          Translation end = reader.index().translate(tp, offset, sourceIds.of(tp.topic()));
          if (end.exact()) {
            behind.put(tp, 0L);
          } else if (end.kind() == Translation.Kind.NOT_YET_REPLICATED) {
            behind.put(tp, end.notReplicated());
          }
        });
    return behind;
  }

  /**
   * Blocking: the source's current IDs of the topics that this flow mirrors among those the groups
   * in {@code committed} committed on, to plan with; unknown for those the source does not describe
   * within {@code timeout}.
   */
  public TopicIds sourceTopicIds(
      Admin source, Map<String, Map<TopicPartition, OffsetAndMetadata>> committed, Duration timeout)
      throws InterruptedException {
    Set<String> mirrored = new TreeSet<>();
    committed.values().stream()
        .flatMap(offsets -> offsets.keySet().stream())
        .map(TopicPartition::topic)
        .filter(topics::mirrors)
        .forEach(mirrored::add);
    return TopicIds.read(source, mirrored, timeout);
  }

  /**
   * Plans one group's way back: its committed offsets on the target's copies of the source's
   * topics, translated to the source with this flow's index read in reverse (failback; see {@link
   * ReversePlans}). Against the index as of the last {@link #refresh}; an original whose index is
   * for an earlier topic than {@code originIds} names (the source's topic was re-created, say
   * because the source was rebuilt) is {@link ReverseTranslation.Kind#RECREATED}. Pure: no I/O.
   */
  public List<ReversePlan> planReverse(
      String group, Map<TopicPartition, OffsetAndMetadata> committedOnTarget, TopicIds originIds) {
    return ReversePlans.of(
        policy, flow.source(), reader.index(), group, committedOnTarget, originIds);
  }

  /** The source topic {@code copy} (a topic on the target) is this flow's copy of, if any. */
  public Optional<String> originOf(String copy) {
    return isCopy(copy) ? Optional.of(policy.upstreamTopic(copy)) : Optional.empty();
  }

  /** Whether {@code topic} on the target is this flow's copy of a source topic. */
  public boolean isCopy(String topic) {
    return ReversePlans.isCopy(policy, flow.source(), topic);
  }

  /**
   * Reads the groups' committed offsets on the source, refreshes the index and plans every group,
   * in the order given. Blocking.
   */
  public List<PartitionPlan> plan(Admin source, Collection<String> groups, Duration timeout)
      throws TimeoutException, InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed =
        SourceGroups.committed(source, List.copyOf(groups), timeout);
    refresh(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    TopicIds ids =
        sourceTopicIds(
            source, committed, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    List<PartitionPlan> plans = new ArrayList<>();
    for (String group : groups) {
      plans.addAll(plan(group, committed.getOrDefault(group, Map.of()), ids));
    }
    return plans;
  }

  @Override
  public void close() {
    reader.close();
  }
}
