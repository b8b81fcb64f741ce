package io.kmirror.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kmirror.topology.KafkaClientKeys;
import io.kmirror.topology.ParsedTopology;
import io.kmirror.topology.TopologyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class policy of a topology reaches the Kafka clients: a login module beyond Kafka's own and
 * Kerberos's is refused by the Kafka client even when the JAAS value arrives through a config
 * provider (which the parser cannot see), and the policy's list of class-valued keys covers every
 * class-valued key of Kafka's consumer, producer and admin client.
 */
class ClientClassPolicyTest {

  /** A JDK login module that Kafka's own default list does not refuse. */
  private static final String FOREIGN_MODULE = "com.sun.security.auth.module.UnixLoginModule";

  @TempDir Path dir;

  private String before;

  @BeforeEach
  void clearProperty() {
    before = System.clearProperty(ClientClassPolicy.LOGIN_MODULES);
  }

  @AfterEach
  void restoreProperty() {
    System.clearProperty(ClientClassPolicy.LOGIN_MODULES);
    if (before != null) {
      System.setProperty(ClientClassPolicy.LOGIN_MODULES, before);
    }
  }

  @Test
  void aForeignLoginModuleFromAConfigProviderIsRefusedByTheKafkaClient() throws Exception {
    // Given a topology whose JAAS config comes from a file the parser does not look into
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "jaas = " + FOREIGN_MODULE + " required;\n");
    Map<String, Object> admin = admin(secrets);

    // When the topology's policy applies
    ClientClassPolicy.apply(parse("A.sasl.jaas.config = ${file:" + secrets + ":jaas}"));

    // Then building a client with the resolved value fails, naming the module
    Throwable refused = catchThrowable(() -> Admin.create(admin).close());
    assertThat(rootMessage(refused)).startsWith(FOREIGN_MODULE + " is not allowed.");
    assertThat(System.getProperty(ClientClassPolicy.LOGIN_MODULES))
        .isEqualTo(String.join(",", new TreeSet<>(KafkaClientKeys.acceptedLoginModules())));
  }

  @Test
  void customClassesAllowedLeaveKafkasOwnDefault() throws Exception {
    ClientClassPolicy.apply(parse("kmirror.allow.custom.classes = true"));

    assertThat(System.getProperty(ClientClassPolicy.LOGIN_MODULES)).isNull();
  }

  @Test
  void anOperatorsOwnPropertyWins() throws Exception {
    System.setProperty(ClientClassPolicy.LOGIN_MODULES, FOREIGN_MODULE);

    ClientClassPolicy.apply(parse());

    assertThat(System.getProperty(ClientClassPolicy.LOGIN_MODULES)).isEqualTo(FOREIGN_MODULE);
  }

  @Test
  void everyClassValuedKafkaClientKeyIsUnderThePolicyAndEveryAcceptedClassExists()
      throws Exception {
    Set<String> classKeys = new TreeSet<>();
    for (ConfigDef def :
        java.util.List.of(
            ConsumerConfig.configDef(),
            ProducerConfig.configDef(),
            AdminClientConfig.configDef())) {
      def.configKeys().values().stream()
          .filter(k -> k.type == ConfigDef.Type.CLASS)
          .forEach(k -> classKeys.add(k.name));
    }
    // the lists of classes Kafka types as LIST
    classKeys.addAll(
        Set.of("interceptor.classes", "metric.reporters", "partition.assignment.strategy"));

    for (String key : classKeys) {
      assertThat(KafkaClientKeys.acceptedClasses(key)).as(key).isPresent();
      for (String accepted : KafkaClientKeys.acceptedClasses(key).orElseThrow()) {
        assertThat(Class.forName(accepted)).as(key + " accepts " + accepted).isNotNull();
      }
    }
    for (String module : KafkaClientKeys.acceptedLoginModules()) {
      assertThat(Class.forName(module)).as(module).isNotNull();
    }
  }

  private Map<String, Object> admin(Path secrets) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", "localhost:1");
    config.put("security.protocol", "SASL_PLAINTEXT");
    config.put("sasl.mechanism", "PLAIN");
    config.put("config.providers", "file");
    config.put(
        "config.providers.file.class",
        "org.apache.kafka.common.config.provider.FileConfigProvider");
    config.put("sasl.jaas.config", "${file:" + secrets + ":jaas}");
    return config;
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }

  private ParsedTopology parse(String... more) throws Exception {
    StringBuilder text =
        new StringBuilder(
            String.join(
                "\n",
                "clusters = A, B",
                "A.bootstrap.servers = a:9092",
                "B.bootstrap.servers = b:9092",
                "A->B.enabled = true",
                "config.providers = file",
                "config.providers.file.class ="
                    + " org.apache.kafka.common.config.provider.FileConfigProvider"));
    for (String line : more) {
      text.append('\n').append(line);
    }
    Path file = dir.resolve("topology.properties");
    Files.writeString(file, text.toString());
    return new TopologyParser().parse(file);
  }
}
