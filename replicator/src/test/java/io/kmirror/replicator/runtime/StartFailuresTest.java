package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class StartFailuresTest {

  @Test
  void refusedCredentialsArePermanentWhereverTheyAreInTheCauseChain() {
    Throwable failure =
        new ClusterUnreachableException(
            "B",
            "b:9092",
            new ExecutionException(
                new SaslAuthenticationException(
                    "Authentication failed: Invalid username or password")));

    assertThat(StartFailures.permanent(failure))
        .contains(
            "authentication refused: SaslAuthenticationException: Authentication failed: Invalid"
                + " username or password");
  }

  @Test
  void aConfigurationTheClientRejectsIsPermanent() {
    Throwable failure =
        new KafkaException(
            "Failed to create new KafkaAdminClient",
            new ConfigException("security.protocol", "NOPE", "String must be one of: SSL"));

    assertThat(StartFailures.permanent(failure))
        .contains(
            "client configuration rejected: ConfigException: Invalid value NOPE for configuration"
                + " security.protocol: String must be one of: SSL");
  }

  @Test
  void aClusterNotAnsweringOrADnsNameNotYetResolvableIsTransient() {
    assertThat(StartFailures.permanent(new TimeoutException("Timed out waiting for a node")))
        .isEmpty();
    assertThat(
            StartFailures.permanent(
                new KafkaException(
                    "Failed to create new KafkaAdminClient",
                    new ConfigException(
                        "No resolvable bootstrap urls given in bootstrap.servers"))))
        .isEmpty();
  }
}
