package io.kmirror.replicator.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.flow.FlowContext;
import io.kmirror.replicator.preflight.Permission.Resource;
import io.kmirror.replicator.preflight.Permission.Side;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

/** The one permission list: what the docs print, and what each flow setting adds or removes. */
class FlowPermissionsTest {

  private static FlowContext flow(String... extra) {
    String file =
        String.join(
            "\n",
            "clusters = A, B",
            "A.bootstrap.servers = a:9092",
            "B.bootstrap.servers = b:9092",
            "A->B.enabled = true",
            String.join("\n", extra));
    return FlowContext.of(
        new TopologyParser()
            .parse(Path.of("topology.properties"), file)
            .topology()
            .enabledFlows()
            .get(0));
  }

  @Test
  void docsConfigurationListsExactlyTheDefinition() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"));

    assertThat(docs).contains(FlowPermissions.markdown(flow()));
  }

  @Test
  void theDefaultsNeedEverythingButDeletionAndTransactions() {
    List<Permission> all = FlowPermissions.all(flow());
    List<Permission> required = FlowPermissions.required(flow());

    assertThat(all)
        .filteredOn(p -> !required.contains(p))
        .extracting(p -> p.operation() + " " + p.resource().describe())
        .containsExactly(
            AclOperation.DELETE + " every remote topic",
            AclOperation.WRITE + " transactional IDs kmirror-A-B.tx.*");
  }

  @Test
  void exactlyOnceNeedsWriteOnTheFlowsTransactionalIdPrefix() {
    List<Permission> required = FlowPermissions.required(flow().withExactlyOnce(true));

    assertThat(required)
        .filteredOn(p -> p.resource().scope() == Permission.Resource.Scope.TRANSACTIONAL_IDS)
        .extracting(p -> p.side() + " " + p.operation() + " " + p.resource().name())
        .containsExactly("TARGET WRITE kmirror-A-B.tx.");
  }

  @Test
  void eachSettingTakesAwayItsOwnPermissions() {
    List<Permission> lean =
        FlowPermissions.required(
            flow(
                "A->B.sync.topic.configs.enabled = false",
                "A->B.sync.topic.acls.enabled = false",
                "A->B.emit.heartbeats.enabled = false",
                "A->B.emit.checkpoints.enabled = false",
                "A->B.sync.group.offsets.enabled = false"));

    assertThat(lean)
        .extracting(p -> p.side() + " " + p.operation() + " " + p.resource().describe())
        .containsExactly(
            "SOURCE READ every mirrored topic",
            "SOURCE READ group kmirror-A-B",
            "TARGET CREATE every remote topic",
            "TARGET WRITE every remote topic",
            "TARGET ALTER every remote topic",
            "TARGET CREATE topic kmirror-offsets.A.internal",
            "TARGET READ topic kmirror-offsets.A.internal",
            "TARGET WRITE topic kmirror-offsets.A.internal");
  }

  @Test
  void noEntryIsImpliedByAnotherOnTheSameResource() {
    Map<String, Set<AclOperation>> byResource =
        FlowPermissions.all(flow()).stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.side() + " " + p.resource(),
                    Collectors.mapping(Permission::operation, Collectors.toSet())));

    byResource.forEach(
        (resource, ops) -> {
          if (ops.contains(AclOperation.DESCRIBE)) {
            assertThat(ops)
                .as(resource)
                .doesNotContain(
                    AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER);
          }
          if (ops.contains(AclOperation.DESCRIBE_CONFIGS)) {
            assertThat(ops).as(resource).doesNotContain(AclOperation.ALTER_CONFIGS);
          }
        });
    assertThat(byResource).containsKey(Side.TARGET + " " + Resource.cluster());
  }
}
