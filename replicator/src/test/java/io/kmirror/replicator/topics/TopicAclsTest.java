package io.kmirror.replicator.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class TopicAclsTest {

  private static AclBinding acl(
      String topic, PatternType type, String principal, AclOperation op, AclPermissionType perm) {
    return new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, topic, type),
        new AccessControlEntry(principal, "*", op, perm));
  }

  private static AclBinding literal(String topic, String principal, AclOperation op) {
    return acl(topic, PatternType.LITERAL, principal, op, AclPermissionType.ALLOW);
  }

  @Test
  void literalAclsOfMirroredTopicsAreCopiedToTheRemoteNameExceptAllowWriteAndAllBecomesRead() {
    List<AclBinding> source =
        List.of(
            literal("orders", "User:reader", AclOperation.READ),
            literal("orders", "User:writer", AclOperation.WRITE),
            literal("orders", "User:admin", AclOperation.ALL),
            literal("orders", "User:viewer", AclOperation.DESCRIBE),
            acl(
                "orders",
                PatternType.LITERAL,
                "User:evil",
                AclOperation.WRITE,
                AclPermissionType.DENY),
            literal("unmirrored", "User:reader", AclOperation.READ),
            literal("*", "User:everyone", AclOperation.READ),
            acl(
                "ord",
                PatternType.PREFIXED,
                "User:prefix",
                AclOperation.READ,
                AclPermissionType.ALLOW));

    Set<AclBinding> remote = TopicAcls.remoteBindings(source, Set.of("orders"), t -> "A." + t);

    assertThat(remote)
        .containsExactlyInAnyOrder(
            literal("A.orders", "User:reader", AclOperation.READ),
            literal("A.orders", "User:admin", AclOperation.READ),
            literal("A.orders", "User:viewer", AclOperation.DESCRIBE),
            acl(
                "A.orders",
                PatternType.LITERAL,
                "User:evil",
                AclOperation.WRITE,
                AclPermissionType.DENY));
  }
}
