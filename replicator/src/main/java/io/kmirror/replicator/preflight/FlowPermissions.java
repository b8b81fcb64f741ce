package io.kmirror.replicator.preflight;

import static io.kmirror.replicator.preflight.Permission.Condition.ACL_SYNC;
import static io.kmirror.replicator.preflight.Permission.Condition.ALWAYS;
import static io.kmirror.replicator.preflight.Permission.Condition.CHECKPOINTS;
import static io.kmirror.replicator.preflight.Permission.Condition.CONFIG_SYNC;
import static io.kmirror.replicator.preflight.Permission.Condition.DELETION_SYNC;
import static io.kmirror.replicator.preflight.Permission.Condition.EXACTLY_ONCE;
import static io.kmirror.replicator.preflight.Permission.Condition.GROUP_WORK;
import static io.kmirror.replicator.preflight.Permission.Condition.HEARTBEATS;
import static io.kmirror.replicator.preflight.Permission.Condition.OFFSET_SYNC;
import static io.kmirror.replicator.preflight.Permission.Side.SOURCE;
import static io.kmirror.replicator.preflight.Permission.Side.TARGET;
import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.preflight.Permission.Resource;
import io.kmirror.replicator.preflight.Permission.Resource.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one list of ACLs a flow's principal needs, each with the settings it depends on. {@code
 * validate --connect} checks the ones the flow's settings need ({@link #required}), and
 * docs/configuration.md's permission table is {@link #markdown} of {@link #all} (a test keeps them
 * equal). The list is minimal: no operation implied by another one in it (Kafka's Read, Write,
 * Delete and Alter imply Describe; AlterConfigs implies DescribeConfigs), and every entry is one a
 * kmirror call is refused without (PermissionsIT grants exactly this list and takes each one away).
 *
 * <p>Idempotent producers need no IdempotentWrite on the cluster: Kafka 3.0 and later allow it to
 * any principal with Write on a topic.
 */
public final class FlowPermissions {

  private FlowPermissions() {}

  /** Every permission any settings of {@code flow} could need, in the documented order. */
  public static List<Permission> all(FlowContext flow) {
    List<Permission> all = new ArrayList<>();
    Resource mirrored = Resource.of(Scope.MIRRORED_TOPICS);
    all.add(new Permission(SOURCE, mirrored, READ, "mirroring records", ALWAYS));
    all.add(
        new Permission(SOURCE, mirrored, DESCRIBE_CONFIGS, "copying topic configs", CONFIG_SYNC));
    all.add(
        new Permission(
            SOURCE, Resource.group(flow.groupId()), READ, "the mirroring consumers", ALWAYS));
    all.add(
        new Permission(
            SOURCE, Resource.cluster(), DESCRIBE, "reading topic ACLs (DescribeAcls)", ACL_SYNC));
    Resource heartbeats = Resource.topic(flow.heartbeatsTopic());
    all.add(new Permission(SOURCE, heartbeats, CREATE, "heartbeats", HEARTBEATS));
    all.add(new Permission(SOURCE, heartbeats, WRITE, "heartbeats", HEARTBEATS));
    all.add(
        new Permission(
            SOURCE,
            Resource.of(Scope.CARRIED_GROUPS),
            DESCRIBE,
            "listing groups and their offsets",
            GROUP_WORK));
    Resource remote = Resource.of(Scope.REMOTE_TOPICS);
    all.add(new Permission(TARGET, remote, CREATE, "creating remote topics", ALWAYS));
    all.add(new Permission(TARGET, remote, WRITE, "mirroring records", ALWAYS));
    all.add(new Permission(TARGET, remote, ALTER, "adding partitions the source added", ALWAYS));
    all.add(new Permission(TARGET, remote, ALTER_CONFIGS, "copying topic configs", CONFIG_SYNC));
    all.add(new Permission(TARGET, remote, DELETE, "deleting remote topics", DELETION_SYNC));
    all.add(
        new Permission(TARGET, remote, READ, "committing translated group offsets", OFFSET_SYNC));
    all.add(
        new Permission(
            TARGET, Resource.cluster(), ALTER, "creating topic ACLs (CreateAcls)", ACL_SYNC));
    Resource progress = Resource.topic(flow.progressTopic());
    all.add(new Permission(TARGET, progress, CREATE, "mirroring progress", ALWAYS));
    all.add(new Permission(TARGET, progress, READ, "mirroring progress", ALWAYS));
    all.add(new Permission(TARGET, progress, WRITE, "mirroring progress", ALWAYS));
    Resource configs = Resource.topic(flow.configsTopic());
    String books = "remembering which topic configs were copied";
    all.add(new Permission(TARGET, configs, CREATE, books, CONFIG_SYNC));
    all.add(new Permission(TARGET, configs, READ, books, CONFIG_SYNC));
    all.add(new Permission(TARGET, configs, WRITE, books, CONFIG_SYNC));
    Resource index = Resource.topic(flow.indexTopic());
    all.add(new Permission(TARGET, index, CREATE, "the offset index", GROUP_WORK));
    all.add(new Permission(TARGET, index, READ, "the offset index", GROUP_WORK));
    all.add(new Permission(TARGET, index, WRITE, "the offset index", GROUP_WORK));
    Resource checkpoints = Resource.topic(flow.checkpointsTopic());
    all.add(new Permission(TARGET, checkpoints, CREATE, "checkpoints", GROUP_WORK));
    all.add(new Permission(TARGET, checkpoints, WRITE, "checkpoints", CHECKPOINTS));
    Resource leader = Resource.topic(flow.leaderTopic());
    String election = "electing the process that does the group work";
    all.add(new Permission(TARGET, leader, CREATE, election, GROUP_WORK));
    all.add(new Permission(TARGET, leader, READ, election, GROUP_WORK));
    Resource leaderGroup = Resource.group(flow.groupId() + "-leader");
    all.add(new Permission(TARGET, leaderGroup, READ, election, GROUP_WORK));
    all.add(
        new Permission(
            TARGET,
            Resource.of(Scope.CARRIED_GROUPS),
            READ,
            "committing translated group offsets",
            OFFSET_SYNC));
    // Write implies Describe: the workers' transactions (Write) and listing the flow's open
    // transactions before fencing (Describe) both need only this one prefixed ACL.
    all.add(
        new Permission(
            TARGET,
            Resource.transactionalIds(flow.transactionalIdPrefix()),
            WRITE,
            "exactly-once transactions and fencing zombies",
            EXACTLY_ONCE));
    return List.copyOf(all);
  }

  /** The permissions {@code flow}'s own settings need. */
  public static List<Permission> required(FlowContext flow) {
    return all(flow).stream()
        .filter(p -> p.when() == EXACTLY_ONCE ? flow.exactlyOnce() : p.when().holds(flow.flow()))
        .toList();
  }

  /**
   * The documented table: one row per permission, the cluster named by the flow's alias, the
   * operation in Kafka's CLI spelling ({@code DescribeConfigs}).
   */
  public static String markdown(FlowContext flow) {
    StringBuilder table = new StringBuilder();
    table.append("| cluster | operation | resource | for | needed when |\n");
    table.append("|---|---|---|---|---|\n");
    for (Permission p : all(flow)) {
      String cluster = p.side() == SOURCE ? flow.flow().source() : flow.flow().target();
      table
          .append("| ")
          .append(cluster)
          .append(" | ")
          .append(operationName(p.operation()))
          .append(" | ")
          .append(markdownResource(p.resource()))
          .append(" | ")
          .append(p.purpose())
          .append(" | ")
          .append(
              p.when() == ALWAYS
                  ? "always"
                  : "`" + p.when().label().replace(" or ", "` or `") + "`")
          .append(" |\n");
    }
    return table.toString();
  }

  private static String markdownResource(Resource resource) {
    return switch (resource.scope()) {
      case TOPIC -> "topic `" + resource.name() + "`";
      case GROUP -> "group `" + resource.name() + "`";
      case TRANSACTIONAL_IDS -> "transactional IDs with prefix `" + resource.name() + "`";
      default -> resource.describe();
    };
  }

  /** {@code DESCRIBE_CONFIGS} as Kafka's tools write it: {@code DescribeConfigs}. */
  public static String operationName(org.apache.kafka.common.acl.AclOperation operation) {
    StringBuilder name = new StringBuilder();
    for (String word : operation.name().split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }
}
