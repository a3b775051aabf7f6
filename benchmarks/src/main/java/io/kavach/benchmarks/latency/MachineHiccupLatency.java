package io.kavach.benchmarks.latency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The machine's latency floor: what an event arriving at a fixed rate would wait for a thread that
 * does nothing but spin — an engine whose code takes no time at all. Every latency target of the
 * issues is a percentile of such waits plus our code, so a target below this floor cannot be met on
 * the machine, whatever the code does. In the spirit of jHiccup, with spinning threads instead of a
 * sleeping one: the engine's hot threads spin or wake at tick rates, never sleep a millisecond. With
 * two or more threads it also reports the <em>path</em>: arrivals handed from thread to thread, as a
 * tick goes from the feed loop to the logic thread, each stage taking no time. Last, the hand-off floor:
 * how long a parked thread takes to run once another unparks it (an intent handed to a sleeping
 * writer loop, a tick to a sleeping ring consumer).
 *
 * <p>Each of {@code --threads} threads reads {@code System.nanoTime()} in a loop (~25 ns apart) and
 * keeps every gap of at least {@link #GAP_NANOS} (the thread was off its core: an interrupt, another
 * thread of this guest, or the hypervisor running another guest on the vCPU). Afterwards arrivals are
 * laid on each thread's timeline every {@code 1/rate} seconds from a seeded random phase; an arrival
 * inside a gap waits until the gap ends, every other arrival waits nothing. The percentiles of those
 * waits, per rate, are the floor (the coordinated-omission-correct view: a long gap delays every
 * arrival it covers). {@code --threads 2} is two hot threads on a 2-vCPU machine (the harnesses run a
 * sender or a feed loop next to the logic thread): the guest's own housekeeping then has no idle core
 * and takes one of them.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.kavach.benchmarks.latency.MachineHiccupLatency \
 *        [--quick] [--threads N] [--rates 10000,50000,100000] [--seconds N] [--warmup N] [--wake-ups N] [--out DIR]
 * </pre>
 * Writes {@code DIR/hiccups-<N>t-<mode>.json} and prints a table, each thread's time off its core with
 * the part its guest's own scheduler caused ("runnable-waiting": another thread of this guest had the
 * core; the rest went to interrupts or to the hypervisor, which Firecracker does not report as steal),
 * and the {@link SchedulerActivity} of the window.
 *
 * <p>Threading: the spinning threads own their gap arrays until joined; the rest runs on main.
 */
public final class MachineHiccupLatency {
    /** A gap this long between two clock reads means the thread did not run; two reads take ~25 ns. */
    private static final long GAP_NANOS = 1_000;
    private static final int MAX_GAPS = 1_000_000;
    private static final long SEED = 20261121L;

    private MachineHiccupLatency() {
    }

    /** One thread's gaps: start offsets from the window's start and lengths, in ns. */
    record Timeline(String thread, long windowNanos, long[] gapStarts, long[] gapLengths, int gaps, long runnableWaitingNanos) {
        long offCoreNanos() {
            long sum = 0;
            for (int i = 0; i < gaps; i++) {
                sum += gapLengths[i];
            }
            return sum;
        }

        int gapsOfAtLeast(final long nanos) {
            int n = 0;
            for (int i = 0; i < gaps; i++) {
                if (gapLengths[i] >= nanos) {
                    n++;
                }
            }
            return n;
        }
    }

    public static void main(final String[] args) throws Exception {
        boolean quick = false;
        int threads = 1;
        int[] rates = {10_000, 50_000, 100_000};
        double seconds = -1;
        double warmUp = 2;
        int wakeUps = -1;
        String out = "benchmarks/results";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rates" -> rates = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmUp = Double.parseDouble(args[++i]);
                case "--out" -> out = args[++i];
                case "--wake-ups" -> wakeUps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                    + "; expected --quick, --threads N, --rates R1,R2, --seconds N, --warmup N, --wake-ups N, --out DIR");
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (seconds <= 0) {
            seconds = quick ? 10 : 60;
        }
        final String mode = quick ? "quick" : "full";
        spin(threads, warmUp); // JIT the loop and let start-up threads finish before the window
        final SchedulerActivity before = SchedulerActivity.now();
        final List<Timeline> timelines = spin(threads, seconds);
        final String scheduler = SchedulerActivity.now().describeSince(before, 1);

        System.out.printf(Locale.ROOT, "machine floor: %d spinning thread(s), %.0f s, %d cores; waits of arrivals at a fixed rate, µs%n",
            threads, seconds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-10s %9s %9s %9s %9s %9s %9s %9s%n", "thread", "rate/s", "p50", "p90", "p99", "p99.9", "p99.99", "max");
        final List<Map<String, Object>> runs = new ArrayList<>();
        for (Timeline t : timelines) {
            for (int rate : rates) {
                final Histogram waits = arrivalWaits(t, rate, new SplittableRandom(SEED + rate));
                System.out.printf(Locale.ROOT, "%-10s %,9d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n", t.thread(), rate,
                    us(waits.getValueAtPercentile(50)), us(waits.getValueAtPercentile(90)), us(waits.getValueAtPercentile(99)),
                    us(waits.getValueAtPercentile(99.9)), us(waits.getValueAtPercentile(99.99)), us(waits.getMaxValue()));
                runs.add(run(t, rate, waits));
            }
            System.out.printf(Locale.ROOT, "%-10s off its core %.3f%% of the window (%.1f ms, of which runnable-waiting in this guest %.1f ms);"
                    + " gaps ≥10 µs %,d, ≥100 µs %,d, ≥1 ms %,d%n", t.thread(), 100.0 * t.offCoreNanos() / t.windowNanos(), t.offCoreNanos() / 1e6,
                t.runnableWaitingNanos() / 1e6, t.gapsOfAtLeast(10_000), t.gapsOfAtLeast(100_000), t.gapsOfAtLeast(1_000_000));
        }
        if (timelines.size() > 1) {
            for (int rate : rates) {
                final Histogram waits = pathWaits(timelines, rate, new SplittableRandom(SEED + rate));
                System.out.printf(Locale.ROOT, "%-10s %,9d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n", "path", rate,
                    us(waits.getValueAtPercentile(50)), us(waits.getValueAtPercentile(90)), us(waits.getValueAtPercentile(99)),
                    us(waits.getValueAtPercentile(99.9)), us(waits.getValueAtPercentile(99.99)), us(waits.getMaxValue()));
                final Map<String, Object> path = new LinkedHashMap<>();
                path.put("thread", "path");
                path.put("ratePerSecond", rate);
                path.put("arrivals", waits.getTotalCount());
                path.put("waitNanos", LatencyPercentiles.of(waits));
                runs.add(path);
            }
            System.out.println("path: each arrival handed from thread to thread in order, each stage taking no time (a pipeline of "
                + timelines.size() + " zero-cost stages)");
        }
        System.out.print(scheduler);
        if (wakeUps < 0) {
            wakeUps = quick ? 5_000 : 20_000;
        }
        final Histogram wakeUp = wakeUps(wakeUps);
        System.out.printf(Locale.ROOT, "wake-up of a parked thread (unpark → running), %,d times 100–500 µs apart: p50 %.1f p90 %.1f p99 %.1f p99.9 %.1f max %.1f µs%n",
            wakeUp.getTotalCount(), us(wakeUp.getValueAtPercentile(50)), us(wakeUp.getValueAtPercentile(90)), us(wakeUp.getValueAtPercentile(99)),
            us(wakeUp.getValueAtPercentile(99.9)), us(wakeUp.getMaxValue()));
        final File dir = new File(out);
        Files.createDirectories(dir.toPath());
        final File json = new File(dir, "hiccups-" + threads + "t-" + mode + ".json");
        writeJson(json, mode, threads, seconds, runs, wakeUp);
        System.out.println("wrote " + json);
    }

    /**
     * The hand-off floor: a thread parked (as an idle event loop or a sleeping ring consumer is) woken by
     * another, from just before the unpark to the woken thread running. The waker sleeps a seeded random
     * 100–500 µs between signals, so the woken thread is asleep each time.
     */
    static Histogram wakeUps(final int count) throws InterruptedException {
        final Histogram wakeUp = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final AtomicLong signalledAt = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final Thread sleeper = new Thread(() -> {
            long seen = 0;
            while (answered.get() < count) {
                LockSupport.park();
                final long at = signalledAt.get();
                if (at != seen) {
                    wakeUp.recordValue(System.nanoTime() - at);
                    seen = at;
                    answered.incrementAndGet();
                }
            }
        }, "wake-up-sleeper");
        sleeper.setDaemon(true);
        sleeper.start();
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < count && sleeper.isAlive(); i++) {
            LockSupport.parkNanos(100_000 + random.nextInt(400_000));
            final long before = answered.get();
            signalledAt.set(System.nanoTime());
            LockSupport.unpark(sleeper);
            while (answered.get() == before && sleeper.isAlive()) {
                LockSupport.parkNanos(50_000); // the answer is only awaited, not timed
            }
        }
        sleeper.join(1_000);
        return wakeUp;
    }

    /** Runs {@code threads} spinning threads for {@code seconds} and returns their gaps. */
    static List<Timeline> spin(final int threads, final double seconds) throws InterruptedException {
        final long windowNanos = (long) (seconds * 1e9);
        final Timeline[] timelines = new Timeline[threads];
        final Thread[] running = new Thread[threads];
        final long start = System.nanoTime() + 50_000_000L; // every thread started before the window opens
        for (int i = 0; i < threads; i++) {
            final int index = i;
            final String name = "hiccup-" + i;
            running[i] = new Thread(() -> timelines[index] = record(name, start, windowNanos), name);
            running[i].start();
        }
        for (Thread t : running) {
            t.join();
        }
        return List.of(timelines);
    }

    private static Timeline record(final String name, final long start, final long windowNanos) {
        final long[] starts = new long[MAX_GAPS];
        final long[] lengths = new long[MAX_GAPS];
        final long end = start + windowNanos;
        long last;
        while ((last = System.nanoTime()) < start) {
            Thread.onSpinWait();
        }
        final long waitedBefore = runnableWaitingNanos();
        int gaps = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            final long gap = now - last;
            if (gap >= GAP_NANOS && gaps < MAX_GAPS) {
                starts[gaps] = last - start;
                lengths[gaps] = gap;
                gaps++;
            }
            last = now;
        }
        return new Timeline(name, windowNanos, starts, lengths, gaps, runnableWaitingNanos() - waitedBefore);
    }

    /**
     * The calling thread's time runnable without a core so far ({@code schedstat}, second field): the
     * part of its gaps this guest's own scheduler caused; -1 where the file does not exist.
     */
    private static long runnableWaitingNanos() {
        try {
            return Long.parseLong(Files.readString(Path.of("/proc/thread-self/schedstat")).trim().split("\\s+")[1]);
        } catch (final IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Arrivals every {@code 1e9/rate} ns from a random phase; one inside a gap waits for the gap's end,
     * one outside waits 0.
     */
    static Histogram arrivalWaits(final Timeline t, final int rate, final SplittableRandom random) {
        final double period = 1e9 / rate;
        final double phase = random.nextDouble() * period;
        final long arrivals = (long) ((t.windowNanos() - phase) / period) + 1;
        final Histogram waits = new Histogram(Math.max(2, t.windowNanos()), 3);
        long delayed = 0;
        for (int i = 0; i < t.gaps(); i++) {
            final long gapStart = t.gapStarts()[i];
            final long gapEnd = gapStart + t.gapLengths()[i];
            // arrivals strictly inside (gapStart, gapEnd): the thread was away when they came
            for (long k = (long) Math.floor((gapStart - phase) / period) + 1; phase + k * period < gapEnd; k++) {
                final double at = phase + k * period;
                if (at > gapStart && k >= 0 && k < arrivals) {
                    waits.recordValue(Math.max(1, (long) (gapEnd - at)));
                    delayed++;
                }
            }
        }
        waits.recordValueWithCount(0, Math.max(0, arrivals - delayed));
        return waits;
    }

    /**
     * Arrivals as in {@link #arrivalWaits}, each passing through the threads in order: it waits until
     * the first thread is on its core, then from that moment until the second is, and so on — the floor
     * of a pipeline whose stages take no time.
     */
    static Histogram pathWaits(final List<Timeline> stages, final int rate, final SplittableRandom random) {
        final long windowNanos = stages.get(0).windowNanos();
        final double period = 1e9 / rate;
        final double phase = random.nextDouble() * period;
        final Histogram waits = new Histogram(Math.max(2, 2 * windowNanos), 3);
        for (double at = phase; at < windowNanos; at += period) {
            long now = (long) at;
            for (Timeline stage : stages) {
                now = onCoreFrom(stage, now);
            }
            waits.recordValue(now - (long) at);
        }
        return waits;
    }

    /** The first moment at or after {@code t} when the thread was on its core (the end of a gap covering t). */
    private static long onCoreFrom(final Timeline t, final long at) {
        int low = 0;
        int high = t.gaps() - 1;
        int found = -1;
        while (low <= high) { // last gap starting before `at`
            final int mid = (low + high) >>> 1;
            if (t.gapStarts()[mid] < at) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found >= 0) {
            final long end = t.gapStarts()[found] + t.gapLengths()[found];
            if (end > at) {
                return end;
            }
        }
        return at;
    }

    private static Map<String, Object> run(final Timeline t, final int rate, final Histogram waits) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("thread", t.thread());
        m.put("ratePerSecond", rate);
        m.put("arrivals", waits.getTotalCount());
        m.put("waitNanos", LatencyPercentiles.of(waits));
        m.put("offCorePercent", 100.0 * t.offCoreNanos() / t.windowNanos());
        m.put("runnableWaitingNanos", t.runnableWaitingNanos());
        m.put("gapsAtLeast10us", t.gapsOfAtLeast(10_000));
        m.put("gapsAtLeast100us", t.gapsOfAtLeast(100_000));
        m.put("gapsAtLeast1ms", t.gapsOfAtLeast(1_000_000));
        return m;
    }

    private static void writeJson(final File file, final String mode, final int threads, final double seconds,
                                  final List<Map<String, Object>> runs, final Histogram wakeUp) throws IOException {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("harness", "MachineHiccupLatency");
        root.put("what", "waits of arrivals at a fixed rate for threads that only spin on System.nanoTime(): the latency floor of this machine, an engine whose code took no time; a gap of >= "
            + GAP_NANOS + " ns between two clock reads counts as off-core");
        root.put("mode", mode);
        root.put("threads", threads);
        root.put("seconds", seconds);
        root.put("date", Instant.now().toString()); // wall clock: report metadata only
        root.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        root.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        root.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        root.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        root.put("runs", runs);
        final Map<String, Object> w = LatencyPercentiles.of(wakeUp);
        w.put("count", wakeUp.getTotalCount());
        root.put("wakeUpNanos", w);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file, root);
    }

    private static double us(final long nanos) {
        return nanos / 1_000.0;
    }
}
