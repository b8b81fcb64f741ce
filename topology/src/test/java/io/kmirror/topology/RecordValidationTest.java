package io.kmirror.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Records check their own values, so code that builds them cannot make an invalid topology. */
class RecordValidationTest {

  private static String rejected(ThrowingCallable build) {
    TopologyException e = catchThrowableOfType(TopologyException.class, build);
    assertThat(e).as("should have been rejected").isNotNull();
    return e.problem().line();
  }

  @Test
  void periodicRejectsANonPositiveInterval() {
    assertThat(rejected(() -> new Periodic(true, Duration.ZERO)))
        .isEqualTo(
            "value '0' is not a valid interval; expected a whole number of seconds from 1 to 86400 (one day)");
  }

  @Test
  void embeddedClustersHaveOneToThreeBrokers() {
    assertThat(rejected(() -> new Bootstrap.Embedded(4)))
        .isEqualTo("value '4' is not a valid broker count; expected a whole number from 1 to 3");
    assertThat(new Bootstrap.Embedded(3).brokers()).isEqualTo(3);
  }

  @Test
  void externalBootstrapIsNotBlank() {
    assertThat(rejected(() -> new Bootstrap.External(" ")))
        .isEqualTo("value '' is empty; expected host:port[,host:port...] or 'embedded'");
  }

  @Test
  void flowIdRejectsAFlowFromAClusterToItself() {
    assertThat(rejected(() -> new FlowId("A", "A")))
        .isEqualTo(
            "value 'A->A' is a flow from cluster 'A' to itself; expected two different clusters");
  }

  @Test
  void clusterNamesAreSimpleAliases() {
    ClientConfig none = ClientConfig.empty();
    assertThat(
            rejected(() -> new Cluster("a.b", new Bootstrap.Embedded(1), none, none, none, none)))
        .isEqualTo(
            "value 'a.b' is not a valid cluster alias; expected letters, digits, '_' and '-'");
  }

  @Test
  void topicSettingsRejectAZeroReplicationFactor() {
    NameFilter all = new NameFilter(List.of(".*"), List.of());
    assertThat(
            rejected(
                () ->
                    new TopicSettings(
                        all,
                        Duration.ofSeconds(5),
                        0,
                        new TopicSettings.ConfigSync(true, all),
                        true,
                        false)))
        .isEqualTo(
            "value '0' is not a valid replication factor; expected -1 (the target broker's"
                + " default) or a whole number, 1 or more");
  }

  @Test
  void policySeparatorIsNotEmpty() {
    assertThat(rejected(() -> new ReplicationPolicySpec(PolicyKind.DEFAULT, "")))
        .isEqualTo("value '' is empty; expected one or more characters");
  }

  @Test
  void kmirrorSettingsRejectAPortOutOfRange() {
    assertThat(rejected(() -> KmirrorSettings.defaults().withHttpPort(-1)))
        .isEqualTo("value '-1' is not a valid port; expected a whole number from 0 to 65535");
  }

  @Test
  void aRecordsProblemIsPlacedAtTheFileAndKeyByTheParser() {
    Problem placed =
        catchThrowableOfType(TopologyException.class, () -> new Periodic(true, Duration.ZERO))
            .problem()
            .at("t.properties", "emit.heartbeats.interval.seconds");

    assertThat(placed.line())
        .isEqualTo(
            "t.properties: key 'emit.heartbeats.interval.seconds' value '0' is not a valid"
                + " interval; expected a whole number of seconds from 1 to 86400 (one day)");
  }

  @Test
  void topologyExceptionIsAnIllegalArgumentException() {
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> new FlowId("A", "A")))
        .isInstanceOf(TopologyException.class);
  }
}
