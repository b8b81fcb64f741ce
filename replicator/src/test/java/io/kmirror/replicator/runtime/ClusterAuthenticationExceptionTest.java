package io.kmirror.replicator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

class ClusterAuthenticationExceptionTest {

  @Test
  void aSaslRefusalNamesTheMechanismAndTheJaasUsernameButNeverThePassword() {
    ClusterAuthenticationException e =
        ClusterAuthenticationException.of(
            "A",
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"mirror\" password=\"hunter2\";"),
            new SaslAuthenticationException("Authentication failed: Invalid username or password"));

    assertThat(e.getMessage())
        .isEqualTo(
            "authentication failed for cluster A (SASL/PLAIN, principal mirror): Authentication"
                + " failed: Invalid username or password");
  }

  @Test
  void anMtlsRefusalSaysThePrincipalComesFromTheCertificate() {
    ClusterAuthenticationException e =
        ClusterAuthenticationException.of(
            "B",
            Map.of("security.protocol", "SSL", "ssl.keystore.location", "/k.p12"),
            new SslAuthenticationException("SSL handshake failed"));

    assertThat(e.getMessage())
        .isEqualTo(
            "authentication failed for cluster B (SSL, principal from the client certificate):"
                + " SSL handshake failed");
  }
}
