package io.kmirror.replicator.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.preflight.ClusterGrants.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * How the preflight judges a topic or group that does not exist yet from its matching ACLs, and
 * which principal it judges them for.
 */
class AclJudgementTest {

  private static final String ME = "User:kmirror";

  private static AclBinding acl(String who, String host, AclOperation op, AclPermissionType type) {
    return new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, "A.", PatternType.PREFIXED),
        new AccessControlEntry(who, host, op, type));
  }

  private static Verdict.Kind judge(AclOperation op, AclBinding... bindings) {
    return AclGrants.judge(List.of(bindings), ME, op).kind();
  }

  @Test
  void anAllowForTheOperationOrOneImplyingItGrantsIt() {
    assertThat(judge(AclOperation.WRITE, acl(ME, "*", AclOperation.WRITE, AclPermissionType.ALLOW)))
        .isEqualTo(Verdict.Kind.GRANTED);
    assertThat(
            judge(AclOperation.DESCRIBE, acl(ME, "*", AclOperation.READ, AclPermissionType.ALLOW)))
        .isEqualTo(Verdict.Kind.GRANTED);
    assertThat(
            judge(
                AclOperation.DESCRIBE_CONFIGS,
                acl(ME, "*", AclOperation.ALTER_CONFIGS, AclPermissionType.ALLOW)))
        .isEqualTo(Verdict.Kind.GRANTED);
    assertThat(
            judge(AclOperation.READ, acl("User:*", "*", AclOperation.ALL, AclPermissionType.ALLOW)))
        .isEqualTo(Verdict.Kind.GRANTED);
  }

  @Test
  void aDenyWinsOverAnAllowAndSaysSo() {
    Verdict verdict =
        AclGrants.judge(
            List.of(
                acl(ME, "*", AclOperation.ALL, AclPermissionType.ALLOW),
                acl("User:*", "*", AclOperation.WRITE, AclPermissionType.DENY)),
            ME,
            AclOperation.WRITE);

    assertThat(verdict)
        .isEqualTo(
            new Verdict(
                Verdict.Kind.MISSING,
                "it does not exist yet; read from the ACLs of User:kmirror on its name, which deny"
                    + " it"));
  }

  @Test
  void anotherPrincipalsOrOneHostsAllowAndAnUnrelatedOperationDoNotGrant() {
    assertThat(
            judge(
                AclOperation.WRITE,
                acl("User:other", "*", AclOperation.WRITE, AclPermissionType.ALLOW),
                acl(ME, "10.0.0.1", AclOperation.WRITE, AclPermissionType.ALLOW),
                acl(ME, "*", AclOperation.READ, AclPermissionType.ALLOW)))
        .isEqualTo(Verdict.Kind.MISSING);
  }

  @Test
  void thePrincipalIsNamedOnlyWhereTheClientSettingsSayIt() {
    String scram =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\""
            + " password=\"secret\";";
    assertThat(
            ClientPrincipal.of(
                Map.of(
                    "security.protocol", "SASL_SSL",
                    "sasl.mechanism", "SCRAM-SHA-512",
                    "sasl.jaas.config", scram)))
        .isEqualTo(new ClientPrincipal(Optional.of("User:alice"), ""));
    assertThat(ClientPrincipal.of(Map.of()).name()).contains("User:ANONYMOUS");
    assertThat(ClientPrincipal.of(Map.of("security.protocol", "SSL")).unnamed())
        .isEqualTo(
            "the principal of an SSL client is its certificate's subject as the broker maps it");
    assertThat(
            ClientPrincipal.of(
                    Map.of(
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", "${env:JAAS}"))
                .unnamed())
        .isEqualTo("the JAAS config comes from a config provider, so its user name is not known");
    assertThat(
            ClientPrincipal.of(
                    Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "OAUTHBEARER"))
                .unnamed())
        .isEqualTo("the principal of a SASL/OAUTHBEARER client is named by the broker");
  }
}
