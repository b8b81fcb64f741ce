package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScramUserTest {

  @Test
  void credentialsAreRegisteredForBothScramMechanisms() {
    assertThat(new ScramUser("alice", "s3cret!").formatterArguments())
        .containsExactly(
            "SCRAM-SHA-256=[name=alice,password=s3cret!]",
            "SCRAM-SHA-512=[name=alice,password=s3cret!]");
  }

  @Test
  void aNameThatWouldBreakTheCredentialSyntaxIsRefused() {
    assertThatThrownBy(() -> new ScramUser("al ice", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SCRAM user name 'al ice' must be letters, digits, '.', '_' or '-'");
  }

  @Test
  void aPasswordThatWouldBreakTheCredentialSyntaxIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> new ScramUser("alice", "a,b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SCRAM password for user 'alice' must be non-empty, without whitespace, quotes,"
                + " backslashes, commas, '=', '[' or ']'");
    assertThatThrownBy(() -> new ScramUser("alice", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePasswordNeverAppearsInToString() {
    assertThat(new ScramUser("alice", "s3cret")).hasToString("ScramUser[name=alice, password=***]");
  }
}
