package io.kmirror.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Peak resident memory and CPU time of a process and its descendants, from Linux's {@code /proc}:
 * {@code VmHWM} of {@code /proc/PID/status} (the peak RSS the kernel recorded) and utime + stime (+
 * cutime + cstime, children already reaped) of {@code /proc/PID/stat}.
 */
final class ProcStats {

  /** Clock ticks per second of {@code /proc/PID/stat}; 100 on every mainstream Linux. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcStats() {}

  /** Sum of the peak RSS of the process and its live descendants, in MiB; -1 if unreadable. */
  static double peakRssMib(ProcessHandle process) {
    long kib = 0;
    boolean any = false;
    for (ProcessHandle p : family(process)) {
      long v = statusKib(p.pid(), "VmHWM:");
      if (v >= 0) {
        kib += v;
        any = true;
      }
    }
    return any ? kib / 1024.0 : -1;
  }

  /** CPU seconds used so far by the process, its live descendants and its reaped children. */
  static double cpuSeconds(ProcessHandle process) {
    long ticks = 0;
    for (ProcessHandle p : family(process)) {
      ticks += statTicks(p.pid());
    }
    return ticks / TICKS_PER_SECOND;
  }

  private static List<ProcessHandle> family(ProcessHandle process) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(process);
    process.descendants().forEach(all::add);
    return all;
  }

  private static long statusKib(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static long statTicks(long pid) {
    try {
      String stat =
          Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      // Fields after the command name, which is in parentheses and may contain spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state); utime, stime, cutime, cstime are fields 14..17.
      return Long.parseLong(f[11])
          + Long.parseLong(f[12])
          + Long.parseLong(f[13])
          + Long.parseLong(f[14]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
