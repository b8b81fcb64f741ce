package io.kmirror.replicator.metrics;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code /api/status} shows of one flow's records that did not arrive and partitions that do
 * not move: the latest gaps retention left (at most {@value #GAPS_KEPT}, newest last) and the
 * partitions stopped now, each with its reason. Counters say how often; this says where.
 *
 * <p>Bounded: a gap is kept only until {@value #GAPS_KEPT} newer ones push it out; a stopped
 * partition only while it is stopped and owned by this process. Synchronized: workers write rarely,
 * status reads rarely.
 */
public final class FlowIncidents {

  static final int GAPS_KEPT = 20;

  /**
   * Source offsets {@code from} to {@code to} (both included) that retention deleted before kmirror
   * read them; reading went on at {@code to + 1}.
   */
  public record Gap(String topic, int partition, long from, long to, long atMillis) {

    public long count() {
      return to - from + 1;
    }
  }

  /** A partition held at {@code offset}, the first record not on the target, and why. */
  public record Stop(String topic, int partition, long offset, String reason, long sinceMillis) {}

  private final Deque<Gap> gaps = new ArrayDeque<>();
  private final Map<String, Stop> stopped = new TreeMap<>();

  public synchronized void gap(Gap gap) {
    if (gaps.size() == GAPS_KEPT) {
      gaps.removeFirst();
    }
    gaps.addLast(gap);
  }

  public synchronized void stopped(Stop stop) {
    stopped.put(key(stop.topic(), stop.partition()), stop);
  }

  /** The partition moves again, or this process no longer owns it. */
  public synchronized void cleared(String topic, int partition) {
    stopped.remove(key(topic, partition));
  }

  public synchronized List<Gap> gaps() {
    return List.copyOf(gaps);
  }

  /** The partitions stopped now, by topic and partition. */
  public synchronized List<Stop> stoppedPartitions() {
    return List.copyOf(stopped.values());
  }

  private static String key(String topic, int partition) {
    return topic + "/" + String.format("%010d", partition);
  }
}
