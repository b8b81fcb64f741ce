package io.kmirror.replicator.preflight;

import io.kmirror.topology.Flow;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.kafka.common.acl.AclOperation;

/**
 * One ACL a flow's principal needs: an operation on a resource of the flow's source or target
 * cluster, for one purpose, under one condition of the flow's settings.
 *
 * @param side the cluster it is needed on
 * @param resource what it is granted on; a {@link Resource.Scope#TOPIC} or {@link
 *     Resource.Scope#GROUP} names one resource, the other scopes stand for a set the flow finds at
 *     run time (the mirrored topics, their remote copies, the carried groups)
 * @param operation the Kafka ACL operation, never one implied by another in the list (Read and
 *     Write imply Describe, AlterConfigs implies DescribeConfigs), so each entry is necessary
 * @param purpose why the flow needs it, in a few words
 * @param when the settings under which it is needed
 */
public record Permission(
    Side side, Resource resource, AclOperation operation, String purpose, Condition when) {

  /** Which of the flow's clusters. */
  public enum Side {
    SOURCE,
    TARGET
  }

  public Permission {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(when, "when");
  }

  /** A resource of a permission: the cluster, one named topic or group, or a set found at run. */
  public record Resource(Scope scope, String name) {

    /** The kinds of resource. */
    public enum Scope {
      CLUSTER,
      TOPIC,
      GROUP,
      MIRRORED_TOPICS,
      REMOTE_TOPICS,
      CARRIED_GROUPS,
      /** Every transactional ID starting with {@code name} (a prefixed ACL). */
      TRANSACTIONAL_IDS
    }

    public Resource {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(name, "name");
    }

    static Resource cluster() {
      return new Resource(Scope.CLUSTER, "");
    }

    static Resource topic(String name) {
      return new Resource(Scope.TOPIC, name);
    }

    static Resource group(String name) {
      return new Resource(Scope.GROUP, name);
    }

    static Resource transactionalIds(String prefix) {
      return new Resource(Scope.TRANSACTIONAL_IDS, prefix);
    }

    static Resource of(Scope scope) {
      return new Resource(scope, "");
    }

    /** How docs and problem lines name it: {@code topic kmirror-offsets.A.internal}. */
    public String describe() {
      return switch (scope) {
        case CLUSTER -> "the cluster";
        case TOPIC -> "topic " + name;
        case GROUP -> "group " + name;
        case MIRRORED_TOPICS -> "every mirrored topic";
        case REMOTE_TOPICS -> "every remote topic";
        case CARRIED_GROUPS -> "every carried group";
        case TRANSACTIONAL_IDS -> "transactional IDs " + name + "*";
      };
    }
  }

  /** The flow settings a permission depends on. */
  public enum Condition {
    ALWAYS("always", f -> true),
    CONFIG_SYNC("sync.topic.configs.enabled", f -> f.topics().configSync().enabled()),
    ACL_SYNC("sync.topic.acls.enabled", f -> f.topics().syncAcls()),
    DELETION_SYNC("sync.topic.deletions.enabled", f -> f.topics().syncDeletions()),
    HEARTBEATS("emit.heartbeats.enabled", f -> f.heartbeats().enabled()),
    GROUP_WORK(
        "emit.checkpoints.enabled or sync.group.offsets.enabled",
        f -> f.groups().checkpoints().enabled() || f.groups().offsetSync().enabled()),
    CHECKPOINTS("emit.checkpoints.enabled", f -> f.groups().checkpoints().enabled()),
    OFFSET_SYNC("sync.group.offsets.enabled", f -> f.groups().offsetSync().enabled()),
    /**
     * A process-wide key, not a flow's: {@link FlowPermissions#required} asks the flow's context,
     * so this predicate on the flow alone never holds.
     */
    EXACTLY_ONCE("kmirror.exactly.once.enabled", f -> false);

    private final String label;
    private final Predicate<Flow> holds;

    Condition(String label, Predicate<Flow> holds) {
      this.label = label;
      this.holds = holds;
    }

    /** The settings, as a user writes them. */
    public String label() {
      return label;
    }

    public boolean holds(Flow flow) {
      return holds.test(flow);
    }
  }
}
