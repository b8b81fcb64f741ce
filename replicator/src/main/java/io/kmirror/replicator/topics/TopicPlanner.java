package io.kmirror.replicator.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.AlterConfigOp;

/**
 * Pure planning of one topic-sync pass; no I/O, so every rule is unit-tested.
 *
 * <p>A topic that was listed but could not be described in this pass (deleted meanwhile, a
 * transient error) keeps the readiness it had, so a hiccup never makes the mirror drop and re-take
 * its partitions. A topic counts as deleted only when the source positively says it is gone: it is
 * missing from the listing <em>and</em> a describe of it answered "unknown topic" ({@code
 * sourceGone}). A topic missing from the listing for any other reason (a describe ACL taken away, a
 * lagging broker, a failed describe) keeps its readiness and its remote topic.
 */
public final class TopicPlanner {

  /**
   * What a pass saw and remembers.
   *
   * @param sourceListed every topic name the source listed
   * @param source the mirrored candidates the source described
   * @param targetListed every topic name the target listed
   * @param target the existing remote topics the target described, by remote name
   * @param remoteName the replication policy's naming, source topic to remote topic
   * @param previousReady the ready set the previous pass published
   * @param copiedBefore per source topic, the config keys stored as copied ({@link CopiedConfigs})
   * @param syncConfigs whether configs are copied at all
   * @param sourceGone topics mirrored until now that the source positively said no longer exist
   */
  public record Inputs(
      Set<String> sourceListed,
      Map<String, TopicPlan.SourceTopic> source,
      Set<String> targetListed,
      Map<String, TopicPlan.TargetTopic> target,
      UnaryOperator<String> remoteName,
      Map<String, Integer> previousReady,
      Map<String, Set<String>> copiedBefore,
      boolean syncConfigs,
      Set<String> sourceGone) {}

  private TopicPlanner() {}

  public static TopicPlan plan(Inputs in) {
    List<TopicPlan.Create> creates = new ArrayList<>();
    List<TopicPlan.Grow> grows = new ArrayList<>();
    List<TopicPlan.Alter> alters = new ArrayList<>();
    Map<String, Integer> ready = new HashMap<>();
    Bookkeeping books = new Bookkeeping(in.copiedBefore());
    for (TopicPlan.SourceTopic topic : in.source().values()) {
      String remote = in.remoteName().apply(topic.name());
      TopicPlan.TargetTopic existing = in.target().get(remote);
      if (!in.targetListed().contains(remote)) {
        Map<String, String> configs = in.syncConfigs() ? topic.configs() : Map.of();
        creates.add(new TopicPlan.Create(topic.name(), remote, topic.partitions(), configs));
        if (in.syncConfigs()) {
          books.copies(topic.name(), configs.keySet());
        }
      } else if (existing == null) {
        carry(in, topic.name(), ready);
      } else {
        ready.put(topic.name(), existing.partitions());
        if (existing.partitions() < topic.partitions()) {
          grows.add(
              new TopicPlan.Grow(topic.name(), remote, existing.partitions(), topic.partitions()));
        }
        if (in.syncConfigs()) {
          Set<String> before = in.copiedBefore().getOrDefault(topic.name(), Set.of());
          List<AlterConfigOp> ops =
              ConfigDiff.diff(topic.configs(), existing.values(), existing.overrides(), before);
          if (!ops.isEmpty()) {
            alters.add(new TopicPlan.Alter(topic.name(), remote, ops));
          }
          books.copies(topic.name(), topic.configs().keySet());
        }
      }
    }
    Set<String> deleted = new HashSet<>();
    for (String topic : in.previousReady().keySet()) {
      if (in.sourceGone().contains(topic) && !in.sourceListed().contains(topic)) {
        deleted.add(topic);
        books.forgets(topic);
      } else if (!in.source().containsKey(topic)) {
        carry(in, topic, ready);
      }
    }
    return new TopicPlan(creates, grows, alters, ready, deleted, books.after, books.ahead);
  }

  /**
   * What to store of the copied keys: only topics whose keys change, each with what it has after
   * the pass, and, where keys are added, the union with what was stored, to store ahead.
   */
  private static final class Bookkeeping {
    private final Map<String, Set<String>> before;
    private final Map<String, Set<String>> after = new HashMap<>();
    private final Map<String, Set<String>> ahead = new HashMap<>();

    Bookkeeping(Map<String, Set<String>> before) {
      this.before = before;
    }

    void copies(String topic, Set<String> keys) {
      Set<String> stored = before.getOrDefault(topic, Set.of());
      if (keys.equals(stored)) {
        return;
      }
      after.put(topic, keys);
      if (!stored.containsAll(keys)) {
        Set<String> union = new HashSet<>(stored);
        union.addAll(keys);
        ahead.put(topic, union);
      }
    }

    void forgets(String topic) {
      if (before.containsKey(topic)) {
        after.put(topic, Set.of());
      }
    }
  }

  private static void carry(Inputs in, String topic, Map<String, Integer> ready) {
    Integer before = in.previousReady().get(topic);
    if (before != null) {
      ready.put(topic, before);
    }
  }
}
