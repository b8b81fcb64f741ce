package io.kmirror.replicator.offsets;

import io.kmirror.replicator.offsets.index.IndexRecords;
import io.kmirror.replicator.offsets.index.OffsetIndex;
import io.kmirror.replicator.offsets.index.Tombstones;
import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass that keeps a flow's offset index bounded: read the index to its end, ask the source for
 * the log start of every partition it covers, drop the runs no offset the source still holds can
 * need, and write a tombstone for every run key below the runs kept, so compaction removes them
 * from the topic and every reader (this process, {@code kmirror failover}, a restart) ends with the
 * same pruned index (the argument is in {@link OffsetIndex}). A partition whose source topic no
 * longer exists loses all its run keys and then its marks. The keys of an earlier topic of the same
 * name (deleted and created again: the index follows the new topic's ID) are tombstoned too, at any
 * pass, with or without an answer from the source.
 *
 * <p><b>Why a tombstone never removes a record of a re-created topic.</b> Keys name the source
 * topic's ID ({@link IndexRecords}), and a pass tombstones only keys it has read: keys of the topic
 * it judged (below the kept runs, or all of them when the topic is gone) or of a superseded ID. A
 * topic re-created and mirrored while the pass runs writes keys with its new ID, which the pass has
 * not read and cannot name. (Keys written without an ID, by a worker that could not learn it, keep
 * the old race: see docs/offsets.md.)
 *
 * <p>Blocking; run it on the thread that owns the translator's index. Idempotent: several processes
 * running the same flow write the same tombstones, and a pass whose tombstones were not all
 * acknowledged leaves the keys known, so the next pass writes them again.
 */
public final class IndexPruner {

  /**
   * What one pass removed.
   *
   * @param runKeys run keys tombstoned
   * @param partitions partitions with any key tombstoned (run keys or marks)
   * @param droppedTopics topics found deleted on the source
   */
  public record Pass(int runKeys, int partitions, Set<String> droppedTopics) {

    public Pass {
      droppedTopics = Set.copyOf(droppedTopics);
    }

    public boolean removedAnything() {
      return runKeys > 0 || partitions > 0 || !droppedTopics.isEmpty();
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(IndexPruner.class);

  private final FlowId flow;
  private final String topic;
  private final Admin source;
  private final Producer<byte[], byte[]> producer;

  /**
   * @param producer an idempotent {@code acks=all} producer to the target, shared and closed by the
   *     owner
   */
  public IndexPruner(FlowId flow, String topic, Admin source, Producer<byte[], byte[]> producer) {
    this.flow = flow;
    this.topic = topic;
    this.source = source;
    this.producer = producer;
  }

  /** One pass, within {@code timeout}; logs one line when it removed anything. */
  public Pass prune(OffsetTranslator translator, Duration timeout)
      throws TimeoutException, InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    OffsetIndex index = translator.refresh(timeout);
    List<TopicPartition> partitions = new ArrayList<>(index.keyedPartitions());
    if (partitions.isEmpty()) {
      return new Pass(0, 0, Set.of());
    }
    partitions.sort(
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    SourceLogStarts starts = SourceLogStarts.read(source, partitions, left(deadline));
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    Set<TopicPartition> touched = new HashSet<>();
    int runKeys = 0;
    for (TopicPartition tp : partitions) {
      Tombstones tombstones = tombstones(index, tp, starts);
      tombstones
          .runs()
          .forEach(
              (topicId, keys) ->
                  keys.forEach(key -> acks.add(send(IndexRecords.runKey(flow, tp, topicId, key)))));
      // After the run keys: a reader that sees a mark's tombstone has seen all of them.
      tombstones.marks().forEach(id -> acks.add(send(IndexRecords.markKey(flow, tp, id))));
      if (!tombstones.isEmpty()) {
        touched.add(tp);
      }
      runKeys += tombstones.runCount();
    }
    // The acknowledgements get their own bound: reading the index may have used most of the first.
    await(acks, System.nanoTime() + timeout.toNanos());
    Pass pass = new Pass(runKeys, touched.size(), starts.deletedTopics());
    log(pass, partitions);
    return pass;
  }

  /** What to tombstone for {@code tp}, given what the source said. */
  private static Tombstones tombstones(
      OffsetIndex index, TopicPartition tp, SourceLogStarts starts) {
    if (starts.deletedTopics().contains(tp.topic())) {
      return index.all(tp);
    }
    Long logStart = starts.logStarts().get(tp);
    // Without the log start the source's answer is missing; superseded keys need none.
    return logStart == null ? index.superseded(tp) : index.prune(tp, logStart);
  }

  private Future<RecordMetadata> send(byte[] key) {
    return producer.send(new ProducerRecord<>(topic, 0, key, null));
  }

  private void await(List<Future<RecordMetadata>> acks, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      for (Future<RecordMetadata> ack : acks) {
        ack.get(left(deadline).toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (KafkaException e) {
      throw new ExecutionException(e);
    }
  }

  private void log(Pass pass, List<TopicPartition> partitions) {
    for (String dropped : pass.droppedTopics().stream().sorted().toList()) {
      LOG.info(
          "flow={} topic={} event=index-topic-dropped partitions={}"
              + " reason=\"the source topic no longer exists\"",
          flow,
          dropped,
          partitions.stream().filter(tp -> tp.topic().equals(dropped)).count());
    }
    if (pass.removedAnything()) {
      LOG.info(
          "flow={} event=index-pruned runs={} partitions={}",
          flow,
          pass.runKeys(),
          pass.partitions());
    }
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }
}
