package io.kmirror.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaLogLevelsTest {

  @AfterEach
  void restoreTestLogging() {
    // Drops the levels a test set programmatically, back to log4j2-test.xml.
    ((LoggerContext) LogManager.getContext(false)).reconfigure();
  }

  @Test
  void brokerLoggersTheConfigurationDoesNotNameAreSetToTheLevel() {
    boolean applied = KafkaLogLevels.apply("WARN", false);

    assertThat(applied).isTrue();
    assertThat(LogManager.getLogger("kafka.server.BrokerServer").getLevel()).isEqualTo(Level.WARN);
    assertThat(LogManager.getLogger("org.apache.kafka.raft.KafkaRaftClient").getLevel())
        .isEqualTo(Level.WARN);
    assertThat(LogManager.getLogger("com.yammer.metrics.reporting.JmxReporter").getLevel())
        .isEqualTo(Level.ERROR);
  }

  @Test
  void aLoggerTheConfigurationNamesKeepsItsLevelUnlessForced() {
    Configurator.setLevel("org.apache.kafka.storage", Level.DEBUG);

    KafkaLogLevels.apply("WARN", false);
    assertThat(LogManager.getLogger("org.apache.kafka.storage.x").getLevel())
        .isEqualTo(Level.DEBUG);

    KafkaLogLevels.apply("INFO", true);
    assertThat(LogManager.getLogger("org.apache.kafka.storage.x").getLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void clientLoggersAreLeftToTheApplication() {
    KafkaLogLevels.apply("ERROR", true);

    assertThat(LogManager.getLogger("org.apache.kafka.clients.NetworkClient").getLevel())
        .isEqualTo(LogManager.getRootLogger().getLevel());
  }
}
