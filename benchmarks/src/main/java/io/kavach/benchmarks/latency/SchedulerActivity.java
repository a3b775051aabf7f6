package io.kavach.benchmarks.latency;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the Linux scheduler did to this process during a measured window, so a latency tail can be
 * attributed: per thread (from {@code /proc/self/task/*}) the CPU it got, the time it sat
 * <em>runnable but not running</em> (the run-queue wait of {@code schedstat}: a thread that wanted a core
 * and did not have one), and its voluntary and involuntary context switches; for the machine (from
 * {@code /proc/stat}) the share of the window that was steal (the hypervisor running someone else),
 * and how busy the cores were with other processes. On a system without these files every figure
 * reads as absent ({@link #available()} false) and the harness prints nothing.
 *
 * <p>Threading: snapshots are taken on the harness thread; reading another thread's {@code /proc}
 * entries needs nothing from that thread.
 */
public final class SchedulerActivity {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final Path STAT = Path.of("/proc/stat");
    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ = 100 on every Linux the JDK runs on

    /** One thread's counters. */
    record ThreadCounters(String name, long runNanos, long waitNanos, long slices, long voluntary, long involuntary) {
    }

    private final long takenNanos;
    private final Map<Long, ThreadCounters> threads;
    /** {@code /proc/stat} "cpu" line: user nice system idle iowait irq softirq steal, in clock ticks. */
    private final long[] cpu;
    private final long processCpuNanos;

    private SchedulerActivity(final long takenNanos, final Map<Long, ThreadCounters> threads, final long[] cpu, final long processCpuNanos) {
        this.takenNanos = takenNanos;
        this.threads = threads;
        this.cpu = cpu;
        this.processCpuNanos = processCpuNanos;
    }

    /** A snapshot now (wall clock: measurement metadata only). */
    public static SchedulerActivity now() {
        final Map<Long, ThreadCounters> threads = new HashMap<>();
        long processRun = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    final String name = Files.readString(task.resolve("comm")).trim();
                    final String[] sched = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
                    long voluntary = 0;
                    long involuntary = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    final ThreadCounters t = new ThreadCounters(name, Long.parseLong(sched[0]), Long.parseLong(sched[1]),
                        Long.parseLong(sched[2]), voluntary, involuntary);
                    threads.put(Long.parseLong(task.getFileName().toString()), t);
                    processRun += t.runNanos();
                } catch (final IOException | RuntimeException e) {
                    // the thread ended between the listing and the read: it simply is not in this snapshot
                }
            }
        } catch (final IOException e) {
            return new SchedulerActivity(System.nanoTime(), Map.of(), new long[0], 0);
        }
        long[] cpu = new long[0];
        try {
            final String first = Files.readAllLines(STAT).get(0);
            final String[] f = first.trim().split("\\s+");
            cpu = new long[8];
            for (int i = 0; i < 8 && i + 1 < f.length; i++) {
                cpu[i] = Long.parseLong(f[i + 1]);
            }
        } catch (final IOException | RuntimeException e) {
            cpu = new long[0];
        }
        return new SchedulerActivity(System.nanoTime(), threads, cpu, processRun);
    }

    /**
     * Linux only, best effort: sets the calling thread's timer slack ({@code /proc/thread-self/timerslack_ns},
     * which a thread may set for itself without privileges). The default 50 µs makes every short
     * {@code parkNanos} that much late; a pacing thread wants ~1 µs. Returns whether it was set.
     */
    public static boolean setOwnTimerSlack(final long nanos) {
        try {
            Files.writeString(Path.of("/proc/thread-self/timerslack_ns"), Long.toString(nanos));
            return true;
        } catch (final IOException | RuntimeException e) {
            return false; // elsewhere the sleeps are just later, and the figures show it
        }
    }

    public boolean available() {
        return !threads.isEmpty() && cpu.length == 8;
    }

    /**
     * The window from {@code start} to this snapshot: the machine line, then every thread of this
     * process that ran or waited at least {@code minMillis} ms, busiest first; threads that ended
     * during the window are left out.
     */
    public String describeSince(final SchedulerActivity start, final double minMillis) {
        if (!available() || !start.available()) {
            return "";
        }
        final double windowNanos = takenNanos - start.takenNanos;
        long totalTicks = 0;
        for (int i = 0; i < 8; i++) {
            totalTicks += cpu[i] - start.cpu[i];
        }
        final long idle = (cpu[3] - start.cpu[3]) + (cpu[4] - start.cpu[4]);
        final long steal = cpu[7] - start.cpu[7];
        final double cores = totalTicks * (double) CLOCK_TICK_NANOS / windowNanos;
        final double busyCores = (totalTicks - idle - steal) * (double) CLOCK_TICK_NANOS / windowNanos;
        final double ourCores = (processCpuNanos - start.processCpuNanos) / windowNanos;
        final StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "  scheduler over %.1f s: %.2f of %.1f cores busy (this JVM %.2f, others %.2f), steal %.2f%%%n",
            windowNanos / 1e9, busyCores, cores, ourCores, Math.max(0, busyCores - ourCores), totalTicks == 0 ? 0.0 : 100.0 * steal / totalTicks));
        final List<Map.Entry<Long, ThreadCounters>> ordered = new ArrayList<>(threads.entrySet());
        ordered.sort(Comparator.comparingLong((Map.Entry<Long, ThreadCounters> e) -> -e.getValue().runNanos()));
        for (Map.Entry<Long, ThreadCounters> e : ordered) {
            final ThreadCounters now = e.getValue();
            final ThreadCounters then = start.threads.get(e.getKey());
            if (then == null) {
                continue;
            }
            final long run = now.runNanos() - then.runNanos();
            final long wait = now.waitNanos() - then.waitNanos();
            if (run < minMillis * 1e6 && wait < minMillis * 1e6) {
                continue;
            }
            s.append(String.format(Locale.ROOT, "    %-16s cpu %5.1f%%  runnable-waiting %8.1f ms  switches: voluntary %,9d involuntary %,7d%n",
                now.name(), 100.0 * run / windowNanos, wait / 1e6, now.voluntary() - then.voluntary(), now.involuntary() - then.involuntary()));
        }
        return s.toString();
    }
}
