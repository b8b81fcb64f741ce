package io.kmirror.replicator.topics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AlterConfigOp;

/**
 * What one topic-sync pass does on the target, computed from what it saw.
 *
 * @param creates remote topics to create, each with its source's partition count and configs
 * @param grows remote topics with fewer partitions than their source
 * @param alters remote topics whose copied configs drifted from their source
 * @param ready source topics whose remote topic already exists, with its partition count
 * @param deleted source topics mirrored until now that the source no longer has
 * @param copied the bookkeeping ({@link CopiedConfigs}) to store, per source topic, once its create
 *     or alter has landed: the keys its remote topic then has from the source (empty: forget it)
 * @param copiedAhead the bookkeeping to store before any change is made: the keys stored so far
 *     plus those about to be set, so a crash in between never forgets a key kmirror set
 */
public record TopicPlan(
    List<Create> creates,
    List<Grow> grows,
    List<Alter> alters,
    Map<String, Integer> ready,
    Set<String> deleted,
    Map<String, Set<String>> copied,
    Map<String, Set<String>> copiedAhead) {

  public TopicPlan {
    creates = List.copyOf(creates);
    grows = List.copyOf(grows);
    alters = List.copyOf(alters);
    ready = Map.copyOf(ready);
    deleted = Set.copyOf(deleted);
    copied = Map.copyOf(copied);
    copiedAhead = Map.copyOf(copiedAhead);
  }

  public record Create(String source, String remote, int partitions, Map<String, String> configs) {
    public Create {
      configs = Map.copyOf(configs);
    }
  }

  public record Grow(String source, String remote, int from, int to) {}

  public record Alter(String source, String remote, List<AlterConfigOp> ops) {
    public Alter {
      ops = List.copyOf(ops);
    }
  }

  /** A source topic as described in this pass. */
  public record SourceTopic(String name, int partitions, Map<String, String> configs) {
    public SourceTopic {
      configs = Map.copyOf(configs);
    }
  }

  /**
   * A remote topic as described in this pass.
   *
   * @param values every config value of the topic
   * @param overrides the keys set on the topic itself
   */
  public record TargetTopic(
      String name, int partitions, Map<String, String> values, Set<String> overrides) {
    public TargetTopic {
      values = Map.copyOf(values);
      overrides = Set.copyOf(overrides);
    }
  }
}
