package io.kmirror.replicator.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The command line's only way to the terminal: results on standard output, problems on standard
 * error. Commands receive one through their constructor (see {@link CommandFactory}); tests give
 * them one that writes into strings.
 */
public final class Console {

  private final PrintWriter out;
  private final PrintWriter err;

  public Console(PrintWriter out, PrintWriter err) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
  }

  /** The process's standard output and error, UTF-8, flushed at every line. */
  public static Console system() {
    return new Console(writer(System.out), writer(System.err));
  }

  /** Standard output: what the user asked for (a report, JSON, a table). */
  public PrintWriter out() {
    return out;
  }

  /** Standard error: problems, usage errors, progress that must not mix with results. */
  public PrintWriter err() {
    return err;
  }

  public void println(String line) {
    out.println(line);
    out.flush();
  }

  public void error(String line) {
    err.println(line);
    err.flush();
  }

  public void flush() {
    out.flush();
    err.flush();
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }
}
