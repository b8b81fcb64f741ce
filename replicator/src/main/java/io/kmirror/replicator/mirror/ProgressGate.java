package io.kmirror.replicator.mirror;

/**
 * Whether what must be durable before some progress is stored (the offset index's runs and marks)
 * has been acknowledged. The worker asks without blocking on its periodic writes, so polling and
 * sending go on meanwhile, and waits only when it hands partitions over or stops.
 *
 * <p>Called on the worker thread only. A gate that is not acknowledged within its own deadline
 * counts as failed; the progress is then tried again at the next interval.
 */
public interface ProgressGate {

  /** Where the write stands. */
  enum State {
    PENDING,
    ACKNOWLEDGED,
    FAILED
  }

  /** Nothing to wait for. */
  ProgressGate OPEN = settled(State.ACKNOWLEDGED);

  /** The write could not even be started; the progress waits for the next interval. */
  ProgressGate FAILED = settled(State.FAILED);

  private static ProgressGate settled(State state) {
    return new ProgressGate() {
      @Override
      public State state() {
        return state;
      }

      @Override
      public State await() {
        return state;
      }
    };
  }

  /** Without blocking. */
  State state();

  /** Blocks until the state is no longer {@link State#PENDING}, at most until the deadline. */
  State await();
}
