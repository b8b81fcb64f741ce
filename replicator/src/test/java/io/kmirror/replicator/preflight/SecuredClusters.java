package io.kmirror.replicator.preflight;

import io.kmirror.broker.EmbeddedKafkaCluster;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/** The secured clusters and SCRAM users the permission tests share. */
final class SecuredClusters {

  private SecuredClusters() {}

  /** SCRAM on the client listener, the authorizer on, and nothing allowed without an ACL. */
  static EmbeddedKafkaCluster secured(String name) {
    return EmbeddedKafkaCluster.builder()
        .name(name)
        .scram("admin", "admin-pw")
        .standardAuthorizer()
        .brokerConfig("allow.everyone.if.no.acl.found", "false")
        .build();
  }

  /** A SCRAM-SHA-256 user {@code user} with the password {@code user-pw}. */
  static void addUser(Admin admin, String user) throws Exception {
    admin
        .alterUserScramCredentials(
            List.of(
                new UserScramCredentialUpsertion(
                    user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096),
                    user + "-pw")))
        .all()
        .get(30, TimeUnit.SECONDS);
  }
}
