package io.kmirror.replicator.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.kmirror.replicator.offsets.index.IndexRecords;
import io.kmirror.replicator.offsets.index.OffsetIndex;
import io.kmirror.replicator.offsets.index.ReverseTranslation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.DefaultReplicationPolicy;
import org.apache.kafka.connect.mirror.IdentityReplicationPolicy;
import org.apache.kafka.connect.mirror.ReplicationPolicy;
import org.junit.jupiter.api.Test;

/** Which of a group's positions on B go back to A for failback, and where they land. */
class ReversePlansTest {

  private static final ReplicationPolicy POLICY = new DefaultReplicationPolicy();
  private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
  private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

  /** A->B's index: orders-0 copied after 4 foreign records, orders-1 restarted with duplicates. */
  private static OffsetIndex index() {
    OffsetIndex index = new OffsetIndex();
    index.apply(new IndexRecords.Run(ORDERS_0, 0, 0, 4));
    index.apply(new IndexRecords.Mark(ORDERS_0, 20, 19, 23));
    index.apply(new IndexRecords.Run(ORDERS_1, 0, 0, 0));
    index.apply(new IndexRecords.Mark(ORDERS_1, 10, 9, 9));
    index.apply(new IndexRecords.Run(ORDERS_1, 10, 10, 15));
    index.apply(new IndexRecords.Mark(ORDERS_1, 30, 29, 34));
    return index;
  }

  private static Map<TopicPartition, OffsetAndMetadata> committed(Object... topicPartitionOffset) {
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    for (int i = 0; i < topicPartitionOffset.length; i += 3) {
      committed.put(
          new TopicPartition(
              (String) topicPartitionOffset[i], (Integer) topicPartitionOffset[i + 1]),
          new OffsetAndMetadata((Long) topicPartitionOffset[i + 2], "m" + i));
    }
    return committed;
  }

  @Test
  void positionsOnTheCopiesOfTheSourcesTopicsGoBackToTheOriginalsInTopicOrder() {
    // Given a group on B: A's copies, B's own topic, a third cluster's copy, an internal topic
    Map<TopicPartition, OffsetAndMetadata> onB =
        committed(
            "A.orders",
            1,
            20L,
            "A.orders",
            0,
            11L,
            "orders",
            0,
            5L,
            "C.orders",
            0,
            3L,
            "A.checkpoints.internal",
            0,
            1L);

    // When it is planned back along A->B
    List<ReversePlan> plans = ReversePlans.of(POLICY, "A", index(), "g", onB, TopicIds.UNKNOWN);

    // Then only A's copies are planned, each at its original's offset
    assertThat(plans)
        .containsExactly(
            new ReversePlan(
                "g",
                new TopicPartition("A.orders", 0),
                ORDERS_0,
                11,
                "m3",
                ReverseTranslation.exact(7)),
            new ReversePlan(
                "g",
                new TopicPartition("A.orders", 1),
                ORDERS_1,
                20,
                "m0",
                ReverseTranslation.exact(15)));
  }

  @Test
  void aPositionAtTheEndOfTheCopyGoesToWhereTheSourceContinues() {
    List<ReversePlan> plans =
        ReversePlans.of(POLICY, "A", index(), "g", committed("A.orders", 0, 24L), TopicIds.UNKNOWN);

    assertThat(plans.get(0).translation().source()).isEqualTo(OptionalLong.of(20));
  }

  @Test
  void aCopyTheIndexNeverSawIsPlannedButNotExact() {
    List<ReversePlan> plans =
        ReversePlans.of(
            POLICY, "A", index(), "g", committed("A.payments", 2, 8L), TopicIds.UNKNOWN);

    assertThat(plans).hasSize(1);
    assertThat(plans.get(0).origin()).isEqualTo(new TopicPartition("payments", 2));
    assertThat(plans.get(0).translation().kind()).isEqualTo(ReverseTranslation.Kind.NOT_MIRRORED);
  }

  @Test
  void anOriginalReCreatedOnTheSourceIsNotTranslatedWithTheOldTopicsIndex() {
    // Given A->B's index of orders-0 as written with topic ID "old"
    OffsetIndex index = new OffsetIndex();
    index.apply(new IndexRecords.Run(ORDERS_0, "old", 0, 0, 4));
    index.apply(new IndexRecords.Mark(ORDERS_0, "old", 20, 19, 23));

    // When A's orders now has another ID (A rebuilt, its topics created again), or the same one
    List<ReversePlan> rebuilt =
        ReversePlans.of(
            POLICY,
            "A",
            index,
            "g",
            committed("A.orders", 0, 11L),
            new TopicIds(Map.of("orders", "new")));
    List<ReversePlan> same =
        ReversePlans.of(
            POLICY,
            "A",
            index,
            "g",
            committed("A.orders", 0, 11L),
            new TopicIds(Map.of("orders", "old")));

    // Then the rebuilt topic is refused with the reason, and the same topic translates
    ReverseTranslation refused = rebuilt.get(0).translation();
    assertThat(refused.kind()).isEqualTo(ReverseTranslation.Kind.RECREATED);
    assertThat(refused.source()).isEmpty();
    assertThat(refused.reason())
        .startsWith(
            "not exactly translatable: the index is for an earlier topic of that name"
                + " (re-created): it holds topic ID old, the source topic now has ID new");
    assertThat(same.get(0).translation()).isEqualTo(ReverseTranslation.exact(7));
  }

  @Test
  void underTheIdentityPolicyNoTopicIsRecognisedAsACopy() {
    List<ReversePlan> plans =
        ReversePlans.of(
            new IdentityReplicationPolicy(),
            "A",
            index(),
            "g",
            committed("orders", 0, 8L),
            TopicIds.UNKNOWN);

    assertThat(plans).isEmpty();
  }
}
