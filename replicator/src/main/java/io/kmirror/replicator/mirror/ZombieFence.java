package io.kmirror.replicator.mirror;

import io.kmirror.topology.FlowId;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once: fences, before a worker writes to partitions it just gained, every other worker of
 * the flow that may still write them. Per-worker transactional IDs cannot fence a zombie by
 * themselves when partitions move between workers (the new owner's ID is not the zombie's), and
 * KIP-447's group-metadata fencing needs the consumer group on the cluster that holds the
 * transaction, while kmirror's group lives on the source and its transactions on the target. So the
 * gaining worker fences by name ({@link Admin#fenceProducers}: the ID's epoch is bumped, its open
 * transaction aborted, and every later send or commit of the old producer fails with {@code
 * ProducerFencedException}):
 *
 * <ol>
 *   <li><b>Open transactions</b> ({@link #fenceOpenTransactions}): every other ID of the flow's
 *       prefix whose open transaction writes one of the gained remote partitions (a zombie caught
 *       mid-transaction), or whose open transaction is older than {@code staleAfter} (a live worker
 *       commits every second; an older one is paused, hung or dead, and its open transaction holds
 *       back every {@code read_committed} reader of the flow's progress until the broker times it
 *       out).
 *   <li><b>Last writers</b> ({@link #fenceWriters}): after the committed progress is read, the ID
 *       that committed each gained partition's progress, unless it is this worker or it released
 *       the partition (a clean revocation writes {@code released} in its last transaction). A
 *       zombie paused between two transactions has no open transaction, but it claimed the
 *       partition in its last commit ({@link TransactionalMirror} names every partition it owns at
 *       its first commit after gaining it), so it is found here.
 * </ol>
 *
 * <p>A fenced healthy worker loses at most one second of uncommitted work and rejoins the group;
 * never a record. What this cannot catch: a worker that gained a partition and was paused before
 * its first commit named it (under a second after the assignment), and stayed paused until its
 * session timed out and the partition moved: it has neither an open transaction on that partition
 * nor its name in the progress. docs/replication.md states this limit.
 *
 * <p>Owned by the worker thread.
 */
final class ZombieFence {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorPartitions.class);

  private final FlowId flow;
  private final Admin target;
  private final String prefix;
  private final String self;
  private final Duration staleAfter;
  private final Duration timeout;

  /**
   * @param prefix the flow's transactional-ID prefix ({@code kmirror-A-B.tx.})
   * @param self this worker's transactional ID, never fenced here
   */
  ZombieFence(
      FlowId flow,
      Admin target,
      String prefix,
      String self,
      Duration staleAfter,
      Duration timeout) {
    this.flow = flow;
    this.target = target;
    this.prefix = prefix;
    this.self = self;
    this.staleAfter = staleAfter;
    this.timeout = timeout;
  }

  /**
   * Step 1: fences every other ID of the flow whose open transaction writes one of {@code gained}
   * (as remote partitions, through {@code remote}) or is older than {@code staleAfter}.
   */
  void fenceOpenTransactions(
      Collection<TopicPartition> gained, Function<TopicPartition, TopicPartition> remote) {
    Set<TopicPartition> remotes = new HashSet<>();
    gained.forEach(tp -> remotes.add(remote.apply(tp)));
    Collection<TransactionListing> open =
        get(
            target
                .listTransactions(
                    new ListTransactionsOptions()
                        .filterStates(
                            List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT)))
                .all());
    Set<String> others = new HashSet<>();
    for (TransactionListing listing : open) {
      String id = listing.transactionalId();
      if (id.startsWith(prefix) && !id.equals(self)) {
        others.add(id);
      }
    }
    if (others.isEmpty()) {
      return;
    }
    Map<String, TransactionDescription> described = get(target.describeTransactions(others).all());
    long now = System.currentTimeMillis();
    Set<String> zombies = new HashSet<>();
    described.forEach(
        (id, d) -> {
          boolean overlaps = d.topicPartitions().stream().anyMatch(remotes::contains);
          boolean stale =
              d.transactionStartTimeMs().isPresent()
                  && now - d.transactionStartTimeMs().getAsLong() > staleAfter.toMillis();
          if (overlaps || stale) {
            zombies.add(id);
          }
        });
    fence(zombies, "open-transaction");
  }

  /** Step 2: fences the last writers of {@code gained} that did not release them; any? */
  boolean fenceWriters(Collection<TopicPartition> gained, ProgressStore store) {
    Set<String> writers = new HashSet<>();
    for (TopicPartition tp : gained) {
      ProgressKey.Owner owner = store.owner(tp);
      if (!owner.released() && !owner.writer().isEmpty() && !owner.writer().equals(self)) {
        writers.add(owner.writer());
      }
    }
    fence(writers, "unreleased-writer");
    return !writers.isEmpty();
  }

  private void fence(Set<String> ids, String why) {
    if (ids.isEmpty()) {
      return;
    }
    get(target.fenceProducers(ids).all());
    LOG.warn(
        "flow={} event=zombies-fenced why={} transactional-ids={} action=\"their open"
            + " transactions are aborted and they can write nothing more; each rejoins the group\"",
        flow,
        why,
        ids);
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("flow=" + flow + " interrupted while fencing", e);
    } catch (ExecutionException e) {
      throw new KafkaException(
          "flow=" + flow + " cannot fence the flow's other writers: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException(
          "flow=" + flow + " cannot fence the flow's other writers within " + timeout, e);
    }
  }
}
