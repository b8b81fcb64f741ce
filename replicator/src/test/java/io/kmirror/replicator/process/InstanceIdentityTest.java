package io.kmirror.replicator.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Topology;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstanceIdentityTest {

  private static final Topology UNSET = TestFlows.topology(TestFlows.flow("A", "B").build());

  @Test
  void runUsesTheHostNameWhenNoInstanceIdIsWritten() {
    Topology run = InstanceIdentity.forRun(UNSET, () -> Optional.of("kmirror-0"));

    assertThat(run.settings().instanceId()).contains("kmirror-0");
    assertThat(run.flows()).isEqualTo(UNSET.flows());
  }

  @Test
  void aWrittenInstanceIdWinsOverTheHostName() {
    Topology written =
        new Topology(
            UNSET.file(),
            UNSET.clusters(),
            UNSET.flows(),
            UNSET.settings().withInstanceId("dr-replicator-1"));

    assertThat(
            InstanceIdentity.forRun(written, () -> Optional.of("kmirror-0"))
                .settings()
                .instanceId())
        .contains("dr-replicator-1");
  }

  @Test
  void aHostNameIsMadeAcceptableToKafka() {
    assertThat(InstanceIdentity.usable("My Host:01")).isEqualTo("my-host-01");
    assertThat(InstanceIdentity.usable("h".repeat(300))).hasSize(128);
  }

  @Test
  void withoutAHostNameMembershipStaysDynamic() {
    assertThat(InstanceIdentity.forRun(UNSET, Optional::empty).settings().instanceId()).isEmpty();
  }
}
