package io.kmirror.replicator.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.testing.TestFlows;
import io.kmirror.topology.Flow;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ClientMemoryTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void launcherHeapWithOneFlowOfOneTaskGivesEachProducerAnEighthOfTheHeap() {
    ClientMemory m = ClientMemory.of(256 * MIB, List.of(TestFlows.flow("A", "B").build()));

    assertThat(m.producers()).isEqualTo(2);
    assertThat(m.producerBufferBytes()).isEqualTo(32 * MIB);
    assertThat(m.batchBytes()).isEqualTo(512 * 1024);
    assertThat(m.fetchMaxBytes()).isEqualTo(16 * MIB);
    assertThat(m.partitionFetchBytes()).isEqualTo(MIB);
  }

  @Test
  void moreFlowsAndTasksShareTheSameQuarterOfTheHeap() {
    Flow four = TestFlows.flow("A", "B").tasks(4).build();
    Flow other = TestFlows.flow("B", "A").tasks(2).build();
    ClientMemory m = ClientMemory.of(256 * MIB, List.of(four, other));

    assertThat(m.producers()).isEqualTo(8);
    assertThat(m.producerBufferBytes()).isEqualTo(8 * MIB);
    assertThat(m.producerBufferBytes() * m.producers()).isEqualTo(64 * MIB);
    assertThat(m.batchBytes()).isEqualTo(512 * 1024);
    assertThat(m.fetchMaxBytes()).isEqualTo(256 * MIB / 8 / 6);
    assertThat(m.partitionFetchBytes()).isEqualTo(MIB);
  }

  @Test
  void aSmallHeapStopsAtTheFloorsAndABigOneAtKafkasTunedSizes() {
    Flow many = TestFlows.flow("A", "B").tasks(16).build();
    ClientMemory small = ClientMemory.of(64 * MIB, List.of(many));
    assertThat(small.producerBufferBytes()).isEqualTo(4 * MIB);
    assertThat(small.batchBytes()).isEqualTo(256 * 1024);
    assertThat(small.fetchMaxBytes()).isEqualTo(MIB);
    assertThat(small.partitionFetchBytes()).isEqualTo(256 * 1024);

    ClientMemory big = ClientMemory.of(8192 * MIB, List.of(TestFlows.flow("A", "B").build()));
    assertThat(big.producerBufferBytes()).isEqualTo(64 * MIB);
    assertThat(big.fetchMaxBytes()).isEqualTo(16 * MIB);
  }

  @Test
  void flowEndpointsBuildTheirClientsFromTheSharedSizesAndTheUserStillWins() {
    Flow flow =
        TestFlows.flow("A", "B")
            .producer(Map.of(ProducerConfig.BUFFER_MEMORY_CONFIG, "1000000"))
            .build();
    ClientMemory memory = new ClientMemory(256 * MIB, 4, 2);
    FlowEndpoints endpoints = new FlowEndpoints(flow, "a:9092", "b:9092", memory);

    Map<String, Object> producer = endpoints.targetProducer(0);
    Map<String, Object> consumer = endpoints.sourceConsumer(0);

    assertThat(producer)
        .containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, "1000000")
        .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, Long.toString(memory.batchBytes()));
    assertThat(consumer)
        .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Long.toString(16 * MIB))
        .containsEntry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Long.toString(MIB));
    assertThat(
            new FlowEndpoints(flow, "a", "b", new ClientMemory(256 * MIB, 8, 1)).targetProducer(0))
        .containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, "1000000");
  }
}
