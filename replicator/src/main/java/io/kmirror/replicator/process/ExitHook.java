package io.kmirror.replicator.process;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One JVM shutdown hook whose action can be replaced: while a process starts it closes what has
 * started so far; once the process runs, it drains the process and then closes the clusters. The
 * JVM runs hooks concurrently and in no order, so ordered clean-up must live in a single hook.
 */
final class ExitHook {

  private final AtomicReference<Runnable> action;
  private final Thread thread;

  private ExitHook(Runnable initial) {
    this.action = new AtomicReference<>(initial);
    this.thread = new Thread(() -> action.get().run(), "kmirror-process-exit");
  }

  static ExitHook install(Runnable initial) {
    ExitHook hook = new ExitHook(initial);
    Runtime.getRuntime().addShutdownHook(hook.thread);
    return hook;
  }

  /** Forgets the hook after a clean close; a no-op from the hook itself or while exiting. */
  void remove() {
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(thread);
    } catch (IllegalStateException exiting) {
      // The JVM is already running its hooks; this one will find the work done.
    }
  }

  void replace(Runnable next) {
    action.set(next);
  }

  /** Runs the current action now (a failed start), as the hook would at exit. */
  void runNow() {
    action.get().run();
  }
}
