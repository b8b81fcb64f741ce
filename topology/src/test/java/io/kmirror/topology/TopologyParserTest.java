package io.kmirror.topology;

import static io.kmirror.topology.TopologyFiles.parse;
import static io.kmirror.topology.TopologyFiles.problems;
import static io.kmirror.topology.TopologyFiles.topology;
import static io.kmirror.topology.TopologyFiles.twoClusters;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyParserTest {

  private static final FlowId A_TO_B = new FlowId("A", "B");

  private static Flow flowAtoB(String... lines) {
    return topology(twoClusters(lines)).flow(A_TO_B).orElseThrow();
  }

  @Test
  void clustersAreReadInDeclaredOrderWithTheirBootstrapServers() {
    Topology topology = topology(twoClusters());

    assertThat(topology.clusters()).extracting(Cluster::name).containsExactly("A", "B");
    assertThat(topology.cluster("A").orElseThrow().bootstrap())
        .isEqualTo(new Bootstrap.External("a1:9092,a2:9092"));
  }

  @Test
  void embeddedBootstrapMakesAnInProcessClusterWithOneBrokerUnlessToldOtherwise() {
    Topology topology =
        topology(
            "clusters = A, B",
            "A.bootstrap.servers = embedded",
            "B.bootstrap.servers = Embedded",
            "B.embedded.brokers = 3",
            "A->B.enabled = true");

    assertThat(topology.cluster("A").orElseThrow().bootstrap())
        .isEqualTo(new Bootstrap.Embedded(1));
    assertThat(topology.cluster("B").orElseThrow().bootstrap())
        .isEqualTo(new Bootstrap.Embedded(3));
  }

  @Test
  void onlyFlowsTheFileNamesAreInTheTopologyAndOnlyEnabledOnesAreEnabled() {
    Topology topology = topology(twoClusters("B->A.enabled = false"));

    assertThat(topology.flows()).extracting(Flow::id).containsExactly(A_TO_B, A_TO_B.reverse());
    assertThat(topology.enabledFlows()).extracting(Flow::id).containsExactly(A_TO_B);
  }

  @Test
  void aFlowIsDisabledUnlessItsOwnEnabledKeySaysTrue() {
    Topology topology =
        topology(
            "clusters = A, B",
            "A.bootstrap.servers = a:1",
            "B.bootstrap.servers = b:1",
            "A->B.topics = x");

    assertThat(topology.flow(A_TO_B).orElseThrow().enabled()).isFalse();
  }

  @Test
  void booleansAreReadInAnyCaseAsMm2Does() {
    Flow flow =
        flowAtoB("A->B.sync.topic.acls.enabled = FALSE", "A->B.emit.heartbeats.enabled = True");

    assertThat(flow.topics().syncAcls()).isFalse();
    assertThat(flow.heartbeats().enabled()).isTrue();
  }

  @Test
  void flowKeyWinsOverClusterKeyWhichWinsOverTopLevelKey() {
    Flow flow =
        flowAtoB(
            "refresh.topics.interval.seconds = 30",
            "A.refresh.topics.interval.seconds = 20",
            "A->B.refresh.topics.interval.seconds = 10",
            "A.refresh.groups.interval.seconds = 20",
            "refresh.groups.interval.seconds = 30",
            "emit.checkpoints.interval.seconds = 30");

    assertThat(flow.topics().refreshInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(flow.groups().refreshInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(flow.groups().checkpoints().interval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void clusterLevelSettingsApplyToFlowsFromThatClusterOnly() {
    Topology topology = topology(twoClusters("B->A.enabled = true", "A.topics = orders.*"));

    assertThat(topology.flow(A_TO_B).orElseThrow().topics().filter().include())
        .containsExactly("orders.*");
    assertThat(topology.flow(A_TO_B.reverse()).orElseThrow().topics().filter().include())
        .containsExactly(".*");
  }

  @Test
  void dottedKeysThatPrefixOtherKeysKeepBothValues() {
    Flow flow =
        flowAtoB(
            "A->B.topics = orders.*, payments.*",
            "A->B.topics.exclude = .*-tmp",
            "A->B.groups = billing.*",
            "A->B.groups.exclude = billing-test");

    assertThat(flow.topics().filter().include()).containsExactly("orders.*", "payments.*");
    assertThat(flow.topics().filter().exclude()).containsExactly(".*-tmp");
    assertThat(flow.groups().filter().include()).containsExactly("billing.*");
    assertThat(flow.groups().filter().exclude()).containsExactly("billing-test");
  }

  @Test
  void aRegexWithAlternationIsOneEntryAndFiltersAsMm2Does() {
    NameFilter filter = flowAtoB("A->B.topics = orders.*|payments.*").topics().filter();

    assertThat(filter.include()).containsExactly("orders.*|payments.*");
    assertThat(filter.matches("orders.eu")).isTrue();
    assertThat(filter.matches("payments")).isTrue();
    assertThat(filter.matches("audit")).isFalse();
    assertThat(filter.matches("__consumer_offsets")).isFalse();
  }

  @Test
  void unsetKeysTakeKmirrorDefaultsWhichAreFasterThanMm2sWhereThatHelps() {
    Flow flow = flowAtoB();

    assertThat(flow.topics().filter())
        .isEqualTo(
            new NameFilter(List.of(".*"), List.of("mm2.*\\.internal", ".*\\.replica", "__.*")));
    assertThat(flow.groups().filter())
        .isEqualTo(
            new NameFilter(List.of(".*"), List.of("console-consumer-.*", "connect-.*", "__.*")));
    assertThat(flow.policy()).isEqualTo(new ReplicationPolicySpec(PolicyKind.DEFAULT, "."));
    assertThat(flow.topics().refreshInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(flow.topics().replicationFactor()).isEqualTo(-1);
    assertThat(flow.topics().configSync().enabled()).isTrue();
    assertThat(flow.topics().configSync().excluded().matches("min.insync.replicas")).isTrue();
    assertThat(flow.topics().configSync().excluded().matches("retention.ms")).isFalse();
    assertThat(flow.topics().syncAcls()).isTrue();
    assertThat(flow.topics().syncDeletions()).isFalse();
    assertThat(flow.groups().refreshInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(flow.groups().checkpoints()).isEqualTo(new Periodic(true, Duration.ofSeconds(5)));
    assertThat(flow.groups().offsetSync()).isEqualTo(new Periodic(true, Duration.ofSeconds(5)));
    assertThat(flow.groups().offsetSyncsLocation()).isEqualTo(OffsetSyncsLocation.SOURCE);
    assertThat(flow.heartbeats()).isEqualTo(new Periodic(true, Duration.ofSeconds(1)));
    assertThat(flow.tasksMax()).isEqualTo(1);
    assertThat(flow.loopPrevention()).isFalse();
  }

  @Test
  void policyIsAcceptedByShortOrFullyQualifiedName() {
    assertThat(flowAtoB("replication.policy.class = IdentityReplicationPolicy").policy().kind())
        .isEqualTo(PolicyKind.IDENTITY);
    assertThat(
            flowAtoB(
                    "replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy")
                .policy()
                .kind())
        .isEqualTo(PolicyKind.IDENTITY);
    assertThat(flowAtoB("A->B.replication.policy.separator = _").policy().separator())
        .isEqualTo("_");
  }

  @Test
  void offsetSyncsLocationIsReadInAnyCase() {
    assertThat(flowAtoB("offset-syncs.topic.location = TARGET").groups().offsetSyncsLocation())
        .isEqualTo(OffsetSyncsLocation.TARGET);
  }

  @Test
  void loopPreventionIsAKmirrorKeyReadPerFlow() {
    Topology topology =
        topology(twoClusters("B->A.enabled = true", "A->B.kmirror.loop.prevention.enabled = true"));

    assertThat(topology.flow(A_TO_B).orElseThrow().loopPrevention()).isTrue();
    assertThat(topology.flow(A_TO_B.reverse()).orElseThrow().loopPrevention()).isFalse();
  }

  @Test
  void clusterCommonConfigIsTopLevelClientKeysOverlaidByClusterKeysWithoutBootstrap() {
    Cluster a =
        topology(
                twoClusters(
                    "security.protocol = SASL_SSL",
                    "sasl.mechanism = PLAIN",
                    "A.sasl.mechanism = SCRAM-SHA-512",
                    "A.client.rack = eu-1a"))
            .cluster("A")
            .orElseThrow();

    assertThat(a.common().entries())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "client.rack", "eu-1a"));
  }

  @Test
  void eachFlowClientGetsItsClustersCommonKeysThenRoleKeysThenFlowRoleKeys() {
    FlowClients clients =
        flowAtoB(
                "A.security.protocol = SSL",
                "B.security.protocol = SASL_SSL",
                "A.consumer.max.poll.records = 1000",
                "A->B.consumer.max.poll.records = 2000",
                "B.producer.linger.ms = 5",
                "A->B.producer.compression.type = zstd",
                "A.admin.request.timeout.ms = 1000",
                "B.admin.request.timeout.ms = 2000",
                "A->B.admin.retries = 3",
                "B.consumer.fetch.min.bytes = 1")
            .clients();

    assertThat(clients.sourceConsumer().entries())
        .isEqualTo(Map.of("security.protocol", "SSL", "max.poll.records", "2000"));
    assertThat(clients.targetProducer().entries())
        .isEqualTo(
            Map.of("security.protocol", "SASL_SSL", "linger.ms", "5", "compression.type", "zstd"));
    assertThat(clients.sourceAdmin().entries())
        .isEqualTo(
            Map.of("security.protocol", "SSL", "request.timeout.ms", "1000", "retries", "3"));
    assertThat(clients.targetAdmin().entries())
        .isEqualTo(
            Map.of("security.protocol", "SASL_SSL", "request.timeout.ms", "2000", "retries", "3"));
    assertThat(clients.targetConsumer().entries())
        .isEqualTo(Map.of("security.protocol", "SASL_SSL", "fetch.min.bytes", "1"));
  }

  @Test
  void topLevelRoleKeysReachEveryClusterOfThatRole() {
    FlowClients clients = flowAtoB("producer.linger.ms = 20", "B.producer.linger.ms = 5").clients();

    assertThat(clients.targetProducer().entries()).containsEntry("linger.ms", "5");
    assertThat(
            topology(twoClusters("producer.linger.ms = 20"))
                .cluster("A")
                .orElseThrow()
                .producer()
                .entries())
        .containsEntry("linger.ms", "20");
  }

  @Test
  void configProviderReferencesStayVerbatimAndProviderKeysReachEveryClient() {
    FlowClients clients =
        flowAtoB(
                "config.providers = env, file",
                "config.providers.env.class = org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "config.providers.file.class = org.apache.kafka.common.config.provider.FileConfigProvider",
                "A.sasl.jaas.config = ${env:A_JAAS}",
                "B.ssl.truststore.password = ${file:/etc/kmirror/secrets.properties:truststore}")
            .clients();

    for (ClientConfig config :
        List.of(
            clients.sourceConsumer(),
            clients.sourceAdmin(),
            clients.targetProducer(),
            clients.targetAdmin(),
            clients.targetConsumer())) {
      assertThat(config.entries())
          .containsEntry("config.providers", "env, file")
          .containsEntry(
              "config.providers.env.class",
              "org.apache.kafka.common.config.provider.EnvVarConfigProvider")
          .containsEntry(
              "config.providers.file.class",
              "org.apache.kafka.common.config.provider.FileConfigProvider");
    }
    assertThat(clients.sourceConsumer().entries())
        .containsEntry("sasl.jaas.config", "${env:A_JAAS}");
    assertThat(clients.targetProducer().entries())
        .containsEntry(
            "ssl.truststore.password", "${file:/etc/kmirror/secrets.properties:truststore}");
  }

  @Test
  void bootstrapServersMayBeAConfigProviderReference() {
    Topology topology =
        topology(
            "clusters = A, B",
            "config.providers = env",
            "config.providers.env.class = org.apache.kafka.common.config.provider.EnvVarConfigProvider",
            "A.bootstrap.servers = ${env:A_BOOTSTRAP}",
            "B.bootstrap.servers = b:9092",
            "A->B.enabled = true");

    assertThat(topology.cluster("A").orElseThrow().bootstrap())
        .isEqualTo(new Bootstrap.External("${env:A_BOOTSTRAP}"));
  }

  @Test
  void valuesKeepPropertiesFileEscapesAndContinuations() {
    FlowClients clients =
        flowAtoB(
                "A.sasl.jaas.config = org.apache.kafka.common.security.plain.PlainLoginModule required \\",
                "    username=\"alice\" password=\"p=w:d\";")
            .clients();

    assertThat(clients.sourceConsumer().entries())
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\"p=w:d\";");
  }

  @Test
  void connectWorkerAndUnusedMm2KeysAreAcceptedAndListedAsIgnored() {
    ParsedTopology parsed =
        parse(
            twoClusters(
                "offset.storage.replication.factor = 1",
                "config.storage.replication.factor = 1",
                "status.storage.replication.factor = 1",
                "plugin.discovery = only_scan",
                "dedicated.mode.enable.internal.rest = true",
                "key.converter = org.apache.kafka.connect.converters.ByteArrayConverter",
                "A->B.checkpoints.topic.replication.factor = 1",
                "topic.filter.class = org.apache.kafka.connect.mirror.DefaultTopicFilter"));

    assertThat(parsed.ignoredKeys())
        .extracting(IgnoredKey::key)
        .containsExactly(
            "offset.storage.replication.factor",
            "config.storage.replication.factor",
            "status.storage.replication.factor",
            "plugin.discovery",
            "dedicated.mode.enable.internal.rest",
            "key.converter",
            "A->B.checkpoints.topic.replication.factor",
            "topic.filter.class");
    assertThat(parsed.warnings()).isEmpty();
    assertThat(parsed.ignoredKeys().get(0).reason())
        .isEqualTo("Kafka Connect worker setting; kmirror runs no Connect worker");
  }

  @Test
  void ignoredKeysNeverReachClientConfigs() {
    Cluster a =
        topology(twoClusters("offset.storage.replication.factor = 1")).cluster("A").orElseThrow();

    assertThat(a.common().entries()).doesNotContainKey("offset.storage.replication.factor");
  }

  @Test
  void mm2KeysThatLookLikeRoleKeysAreMm2KeysNotClientKeys() {
    ParsedTopology parsed = parse(twoClusters("consumer.poll.timeout.ms = 500"));

    assertThat(parsed.ignoredKeys())
        .extracting(IgnoredKey::key)
        .containsExactly("consumer.poll.timeout.ms");
    assertThat(parsed.topology().cluster("A").orElseThrow().consumer().entries()).isEmpty();
  }

  @Test
  void unknownKeysAreStillPassedToClientsForClientPlugins() {
    Cluster a =
        topology(twoClusters("A.confluent.monitoring.interceptor.bootstrap.servers = m:9092"))
            .cluster("A")
            .orElseThrow();

    assertThat(a.common().entries())
        .containsEntry("confluent.monitoring.interceptor.bootstrap.servers", "m:9092");
  }

  @Test
  void kmirrorSettingsComeFromReferenceConfUnlessTheFileSaysOtherwise() {
    assertThat(topology(twoClusters()).settings()).isEqualTo(KmirrorSettings.defaults());
    assertThat(
            topology(
                    twoClusters(
                        "kmirror.http.port = 8080",
                        "kmirror.http.host = 127.0.0.1",
                        "kmirror.shutdown.timeout.seconds = 5",
                        "kmirror.exactly.once.enabled = false"))
                .settings())
        .isEqualTo(new KmirrorSettings(8080, "127.0.0.1", Duration.ofSeconds(5), false));
  }

  @Test
  void exactlyOnceIsAcceptedAsOneFlag() {
    assertThat(
            topology(twoClusters("kmirror.exactly.once.enabled = true")).settings().exactlyOnce())
        .isTrue();
  }

  @Test
  void exactlyOnceRefusesAUsersTransactionalIdForTheFlowsProducer() {
    assertThat(
            problems(
                twoClusters(
                    "kmirror.exactly.once.enabled = true",
                    "A->B.producer.transactional.id = mine")))
        .containsExactly(
            TopologyFiles.NAME
                + ": key 'A->B.producer.transactional.id' value 'mine' is set while"
                + " kmirror.exactly.once.enabled = true; kmirror gives each worker its own"
                + " transactional.id (kmirror-SOURCE-TARGET.tx.INSTANCE-TASK) and fences zombies"
                + " by it; expected no such key");
  }

  @Test
  void exactlyOnceRefusesIdempotenceTurnedOffOnTheTargetCluster() {
    assertThat(
            problems(
                twoClusters(
                    "kmirror.exactly.once.enabled = true",
                    "B.producer.enable.idempotence = false")))
        .containsExactly(
            TopologyFiles.NAME
                + ": key 'A->B.producer.enable.idempotence' value 'false' turns idempotence off"
                + " while kmirror.exactly.once.enabled = true; transactions need an idempotent"
                + " producer; expected true or no such key");
  }

  @Test
  void withoutExactlyOnceATransactionalIdIsNoProblem() {
    assertThat(
            topology(twoClusters("A->B.producer.transactional.id = mine")).settings().exactlyOnce())
        .isFalse();
  }

  @Test
  void instanceIdIsEmptyByDefaultAndTakenFromTheFileWhenWritten() {
    assertThat(topology(twoClusters()).settings().instanceId()).isEmpty();
    assertThat(topology(twoClusters("kmirror.instance.id = dr-host-1.a_b")).settings().instanceId())
        .contains("dr-host-1.a_b");
  }

  @Test
  void instanceIdWithCharactersKafkaRefusesIsOneClearError() {
    assertThat(problems(twoClusters("kmirror.instance.id = host one")))
        .containsExactly(
            TopologyFiles.NAME
                + ": key 'kmirror.instance.id' value 'host one' is not a valid instance id;"
                + " expected 1 to 128 letters, digits, '.', '_' and '-' (Kafka's rule for"
                + " group.instance.id), or empty for the default");
  }

  @Test
  void aFlowsSourceConsumerResetPolicyIsRefusedBecauseKmirrorOwnsIt() {
    assertThat(problems(twoClusters("A->B.consumer.auto.offset.reset = latest")))
        .containsExactly(
            TopologyFiles.NAME
                + ": key 'A->B.consumer.auto.offset.reset' value 'latest' is set by kmirror (none:"
                + " a position the source no longer holds is reported as a gap, never skipped"
                + " silently; a partition without progress starts at its log start); expected no"
                + " such key");
  }

  @Test
  void theFileKeepsItsPathAsGiven() {
    assertThat(topology(twoClusters()).file()).hasToString(TopologyFiles.NAME);
  }
}
