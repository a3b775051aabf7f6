package io.kavach.benchmarks.latency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.kavach.benchmarks.pipeline.CandleIndicators;
import io.kavach.benchmarks.pipeline.PriceRuleBook;
import io.kavach.benchmarks.pipeline.TickStream;
import io.kavach.config.KavachConfig;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.feed.MarketTickPublisher;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.journal.InlineJournalHandler;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.journal.JournalPlacement;
import io.kavach.engine.journal.SideEffectGate;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.ring.RingErrorHandler;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.feed.market.MarketFeedDecoder;
import io.kavach.feed.market.MarketFeedError;
import io.kavach.journal.JournalWriter;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * End-to-end latency, frame bytes in → order request bytes out, at fixed offered rates.
 *
 * <p>This thread plays the feed's event loop: frame {@code i} is due at {@code start + i × period};
 * the loop spins until then and decodes it, passing the <em>due</em> time as the frame's receive
 * time. If the loop falls behind (a stall, a full ring) the frames still carry their due times, so
 * the histogram charges the stall to every frame it delayed: the coordinated-omission correction
 * comes from recording against the intended send time, not the actual one. The ring is wired as
 * {@code Bootstrap} wires it (one producer, the chosen wait strategy, the logic handler on its own
 * thread) with {@link TickToIntentHandler} as the logic stage.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.kavach.benchmarks.latency.TickToIntentLatency \
 *        [--quick] [--rates 10000,50000,100000,1000000] [--seconds N] [--warmup N] [--rules N] [--wait busy-spin|backoff|yielding|blocking|sleeping]
 *        [--sender yield|spin|sleep] [--journal] [--journal-placement inline|parallel] [--journal-prepare-mb N] [--out DIR]
 * </pre>
 * Writes {@code DIR/latency[-<wait>][-spin-sender][-journal-<placement>]-<mode>.json} (percentiles in ns per rate; the wait
 * strategy named unless busy-spin) and the same name {@code .png} (the percentile distribution),
 * and prints a table. With
 * {@code --journal} a Chronicle journal (in a temporary directory, deleted afterwards) is placed as the
 * engine places it ({@code --journal-placement}, which implies {@code --journal}; default inline) and the
 * request waits for the tick to be journaled. Inline, the logic thread appends each tick before handling
 * it ({@code InlineJournalHandler}) and the append alone is timed too ({@link AppendTimingJournal}:
 * {@code journalAppendNanos}, the direct figure for what journaling adds); parallel, the journal stage
 * runs on its own thread. Before going live the journal's day file is prepared as {@code kavach run} prepares it
 * ({@code JournalWriter.prepare}: zeros past the last record up to {@code --journal-prepare-mb}, default
 * {@code journal.prepare.mb}'s 1,024 MiB; 0 leaves the file's pages to be created by the appends, as before
 * this existed), so the session's appends do not create the file's pages. Chronicle needs the JVM flags of the root pom's
 * {@code kavach.jvm.opens} on the command line.
 *
 * <p>Ticks: 100 instruments, 1 ms of event time apart (a busy session day is ~22 M ticks), candles
 * 1m/5m/15m with RSI(14), EMA(9) and MACD(12, 26, 9) on every close, {@code --rules} active price
 * rules (100,000 by default, {@link PriceRuleBook}) through the engine's rules and actions. The
 * primary figure is tick → request bytes for every intent (a firing tick); tick → decision (logic
 * done, for every tick) is reported alongside.
 *
 * <p>Where the tail comes from (benchmark notes, 2 vCPUs): each window prints {@link SchedulerActivity}
 * — per thread its CPU, the time it sat runnable without a core, its voluntary and involuntary
 * switches; the machine's steal and other processes' load. With {@code busy-spin} the logic thread
 * never leaves its core and the sender ({@code --sender yield}, the default, or {@code spin}) is
 * runnable all the time too: two runnable threads on two cores, so a third (a compiler thread, the VM
 * thread, {@code kdamond}, another process) waits for a tick to preempt one of them, and the one it
 * preempts is gone for a scheduler slice (1–3 ms): the p99.99 of ~2.6 ms. A yield does not help against
 * another process on Linux ≥ 6.6 (EEVDF moves the yielder a whole slice back). {@code --sender sleep}
 * parks between frames (timer slack lowered to 1 µs, the last 8 µs spun) so the sender's core is free
 * between frames, as an event loop in {@code epoll_wait} leaves it; at 100,000/s (10 µs apart) it
 * rarely sleeps. While other helpers' builds held 1.2–1.8 of the 2 cores, every combination of
 * {@code busy-spin}/{@code backoff}/{@code blocking} with every sender gave p99 in the milliseconds
 * ("others" in the scheduler line): no configuration of ours fixes that; steal stayed under 0.7%.
 * Steal and other load are printed so a quiet run can be told from a noisy one.
 */
public final class TickToIntentLatency {
    private static final long TARGET_P99_NANOS = 10_000;
    private static final long TARGET_P9999_NANOS = 100_000;
    private static final int TARGET_RATE = 100_000;
    private static final double OVERRUN_FACTOR = 2.0;
    /** Warm-up ends after a one-second round that compiled for less than this. */
    private static final long WARM_JIT_MILLIS_PER_SECOND = 5;
    private static final double WARM_UP_MAX_SECONDS = 60;
    /** {@code --sender yield}: yield only while the next frame is further away than a yield takes. */
    private static final long YIELD_AHEAD_NANOS = 3_000;
    /** {@code --sender sleep}: sleep to this short of the next frame, then spin (a sleep overshoots by a few µs). */
    private static final long SLEEP_AHEAD_NANOS = 8_000;
    /** {@code --sender sleep}: the sender's timer slack (Linux's default 50 µs would make every sleep that much late). */
    private static final long SENDER_TIMER_SLACK_NANOS = 1_000;

    /** How the sender waits for the next frame's due time. */
    enum Sender {
        /** Yields the core while the frame is more than {@link #YIELD_AHEAD_NANOS} away, spins closer. */
        YIELD,
        /** Spins throughout. */
        SPIN,
        /** Sleeps while it is more than {@link #SLEEP_AHEAD_NANOS} away (not runnable, like a loop in epoll), spins closer. */
        SLEEP
    }

    private TickToIntentLatency() {
    }

    /** One rate's outcome. */
    record RateResult(int offeredPerSecond, String waitStrategy, long plannedTicks, long ticks, double seconds, double achievedPerSecond,
                      long maxBehindNanos, Histogram histogram, Histogram decisions, Histogram appends, Histogram touches, JvmActivity jvm) {
    }

    /**
     * What the JVM itself did during a measured window: JIT compilation time and GC pauses. Either
     * one shows up as a stall in the histogram; a clean run has none (no allocation on the hot
     * threads, every hot method compiled during the warm-up).
     */
    record JvmActivity(long compileMillis, long gcCount, long gcMillis) {
        static JvmActivity now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            return new JvmActivity(jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1, count, millis);
        }

        JvmActivity since(final JvmActivity start) {
            return new JvmActivity(compileMillis - start.compileMillis, gcCount - start.gcCount, gcMillis - start.gcMillis);
        }
    }

    public static void main(final String[] args) throws Exception {
        boolean quick = false;
        int[] rates = {10_000, 50_000, 100_000, 1_000_000}; // 50k: issue 5's rate, decode → ring without the socket
        double seconds = -1;
        double warmUp = -1;
        String wait = WaitStrategyKind.BUSY_SPIN.label;
        String out = "benchmarks/results";
        boolean journal = false;
        JournalPlacement placement = EngineSettings.JOURNAL_PLACEMENT_DEFAULT;
        long prepareMb = KavachConfig.JOURNAL_PREPARE_MB_DEFAULT;
        int rules = 100_000;
        Sender sender = Sender.YIELD;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--rates" -> rates = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmUp = Double.parseDouble(args[++i]);
                case "--wait" -> wait = args[++i];
                case "--out" -> out = args[++i];
                case "--journal" -> journal = true;
                case "--journal-placement" -> {
                    placement = JournalPlacement.parse(args[++i]);
                    journal = true;
                }
                case "--journal-prepare-mb" -> prepareMb = Long.parseLong(args[++i]);
                case "--rules" -> rules = Integer.parseInt(args[++i]);
                case "--sender" -> sender = switch (args[++i]) {
                    case "spin" -> Sender.SPIN;
                    case "yield" -> Sender.YIELD;
                    case "sleep" -> Sender.SLEEP;
                    default -> throw new IllegalArgumentException("--sender: expected spin, yield or sleep, got " + args[i]);
                };
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; expected --quick, --rates R1,R2…, --seconds N, --warmup N (minimum warm-up seconds), --rules N, --wait busy-spin|backoff|blocking|sleeping|yielding, --sender spin|yield|sleep, --journal, --journal-placement inline|parallel, --journal-prepare-mb N, --out DIR");
            }
        }
        final double measureSeconds = seconds > 0 ? seconds : quick ? 2 : 20;
        final double warmUpSeconds = warmUp >= 0 ? warmUp : quick ? 1 : 5;
        final String mode = quick ? "quick" : "full";
        final String name = "latency-" + (wait.equals(WaitStrategyKind.BUSY_SPIN.label) ? "" : wait + "-") + (sender == Sender.YIELD ? "" : sender.name().toLowerCase(Locale.ROOT) + "-sender-")
            + (journal ? "journal-" + placement.label + "-" : "") + mode;
        final List<RateResult> results = new ArrayList<>();
        final Stages stages = new Stages(rules);
        for (int rate : rates) {
            final RateResult r = run(stages, rate, WaitStrategyKind.parse(wait), warmUpSeconds, measureSeconds,
                journal ? placement : null, sender, prepareMb);
            results.add(r);
            print(r);
        }
        stages.requests.release();
        final File dir = new File(out);
        if (!dir.isDirectory() && !dir.mkdirs()) {
            throw new IOException("cannot create " + dir);
        }
        final File json = new File(dir, name + ".json");
        final File png = new File(dir, name + ".png");
        writeJson(json, mode, journal ? placement.label : "none", journal ? prepareMb : 0, sender, rules, results);
        PercentilePlot.write(png, "Kavach tick → order request bytes (" + wait + (sender == Sender.YIELD ? "" : ", " + sender.name().toLowerCase(Locale.ROOT) + " sender") + (journal ? ", journal " + placement.label : "") + ", " + rules + " rules, " + mode
            + ", CO-corrected)", results,
            TARGET_P99_NANOS, TARGET_P9999_NANOS);
        System.out.println("wrote " + json + " and " + png);
    }

    /**
     * Ticks, candles, indicators, rules and the outbox, built once per process (100,000 rules take
     * seconds to parse) and carried from one rate to the next, as a running engine would be.
     */
    static final class Stages {
        final TickStream ticks = new TickStream(100, 7, 1);
        final InstrumentRegistry registry = new InstrumentRegistry();
        final CandleBook candles = new CandleBook();
        final OrderRequestWriter requests;
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Histogram decisions = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Histogram appends = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Histogram touches = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final RequestOutbox outbox;
        final TickToIntentHandler stage;
        long nextInputSequence;

        Stages(final int rules) {
            for (String key : ticks.keys()) {
                final int id = registry.register(key);
                candles.track(id, Timeframe.parse("1m"));
                candles.track(id, Timeframe.parse("5m"));
                candles.track(id, Timeframe.parse("15m"));
            }
            candles.addListener(new CandleIndicators(ticks.keys().length, CandleIndicators.DEFAULT_SPECS));
            requests = new OrderRequestWriter(ticks.keys());
            outbox = new RequestOutbox(requests, SideEffectGate.RELEASE_ALL, histogram);
            final TradeMonitor monitor = PriceRuleBook.monitor(ticks, registry, rules, 11, outbox, record -> { });
            candles.addListener(monitor);
            stage = new TickToIntentHandler(new LogicHandler(candles, monitor), outbox, decisions);
        }
    }

    static RateResult run(final Stages s, final int ratePerSecond, final WaitStrategyKind wait, final double warmUpSeconds,
                          final double measureSeconds, final JournalPlacement placement, final Sender sender, final long prepareMb) throws IOException {
        final boolean journal = placement != null;
        final TickStream ticks = s.ticks;
        final Histogram histogram = s.histogram;
        final Histogram decisions = s.decisions;
        final RequestOutbox outbox = s.outbox;
        final TickToIntentHandler stage = s.stage;
        final Histogram appends = s.appends;
        final Histogram touches = s.touches;
        histogram.reset();
        decisions.reset();
        appends.reset();
        touches.reset();
        final Path journalRoot = journal ? Files.createTempDirectory("kavach-latency-journal") : null;
        final JournalWriter writer = journal ? new JournalWriter(journalRoot, System.err::println) : null;
        if (journal) {
            // going live as kavach run does: the day's journal file prepared before the first input
            writer.openDay(nextTickDay(ticks));
            if (prepareMb > 0) {
                final long start = System.nanoTime();
                final JournalWriter.Preparation prepared = writer.prepare(prepareMb << 20);
                System.out.printf(Locale.ROOT, "journal file prepared to %,d MiB (%,d MiB of zeros, %,d MiB locked) in %,d ms%s%n",
                    prepareMb, prepared.zeroBytes() >> 20, prepared.lockedBytes() >> 20, (System.nanoTime() - start) / 1_000_000,
                    prepared.notDone() == null ? "" : "; not done: " + prepared.notDone());
            }
        }
        final JournalHandler journalStage = journal ? new JournalHandler(writer) : null;
        outbox.gate(journal ? journalStage.gate() : SideEffectGate.RELEASE_ALL);

        final Disruptor<InputEvent> disruptor = new Disruptor<>(InputEvent::new, 4096, r -> {
            final Thread t = new Thread(r, "kavach-stage");
            t.setDaemon(true);
            return t;
        }, ProducerType.SINGLE, wait.newWaitStrategy());
        final RingErrorHandler errors = new RingErrorHandler("logic");
        final RingErrorHandler journalErrors = new RingErrorHandler("journal");
        if (placement == JournalPlacement.INLINE) {
            final InlineJournalHandler inline = new InlineJournalHandler(new AppendTimingJournal(journalStage, appends, touches), stage, journalErrors);
            disruptor.handleEventsWith(inline);
            disruptor.handleExceptionsFor(inline).with(errors);
        } else if (placement == JournalPlacement.PARALLEL) {
            disruptor.handleEventsWith(journalStage, stage);
            disruptor.handleExceptionsFor(journalStage).with(journalErrors);
            disruptor.handleExceptionsFor(stage).with(errors);
        } else {
            disruptor.handleEventsWith(stage);
            disruptor.handleExceptionsFor(stage).with(errors);
        }
        final RingBuffer<InputEvent> ring = disruptor.start();
        final InputPublisher input = new InputPublisher(ring, s.nextInputSequence);
        final MarketTickPublisher publisher = new MarketTickPublisher(input, s.registry);
        final MarketFeedDecoder decoder = new MarketFeedDecoder(s.registry, publisher);
        try {
            final double warmedUp = warmUp(ticks, decoder, ring, ratePerSecond, warmUpSeconds, sender);
            System.out.printf(Locale.ROOT, "offered %,9d/s (%s): warmed up for %.0f s; measuring%n", ratePerSecond, wait.label, warmedUp);
            histogram.reset(); // the ring is drained: the logic thread is not recording now
            decisions.reset();
            appends.reset();
        touches.reset();
            final long measured = (long) (measureSeconds * ratePerSecond);
            final JvmActivity before = JvmActivity.now();
            final SchedulerActivity scheduler = SchedulerActivity.now();
            final long startNanos = System.nanoTime();
            final long[] offered = new long[1];
            final long maxBehind = offer(ticks, decoder, ratePerSecond, measured, offered, sender);
            drain(ring);
            final double elapsed = (System.nanoTime() - startNanos) / 1e9;
            final JvmActivity jvm = JvmActivity.now().since(before);
            System.out.print(SchedulerActivity.now().describeSince(scheduler, 1));
            if (errors.errors() != 0 || journalErrors.errors() != 0 || publisher.feedsRejected() != 0 || decisions.getTotalCount() != offered[0]
                || histogram.getTotalCount() == 0 || outbox.otherActions() != 0) {
                throw new IllegalStateException("run at " + ratePerSecond + "/s lost ticks: decided " + decisions.getTotalCount() + " of "
                    + offered[0] + ", intents " + histogram.getTotalCount() + ", other actions " + outbox.otherActions() + ", stage errors "
                    + (errors.errors() + journalErrors.errors()) + ", rejected " + publisher.feedsRejected());
            }
            return new RateResult(ratePerSecond, wait.label, measured, offered[0], elapsed, offered[0] / elapsed, maxBehind, histogram.copy(),
                decisions.copy(), placement == JournalPlacement.INLINE ? appends.copy() : null,
                placement == JournalPlacement.INLINE ? touches.copy() : null, jvm);
        } finally {
            disruptor.shutdown();
            s.nextInputSequence = input.nextInputSequence();
            if (journal) {
                writer.close();
                try (Stream<Path> files = Files.walk(journalRoot)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /** The IST day the stream's next tick belongs to: the last tick's, or before any tick the first one's. */
    private static long nextTickDay(final TickStream ticks) {
        if (ticks.time() != 0) {
            return MarketClock.istEpochDay(ticks.time());
        }
        final TickStream first = new TickStream(1, 1, 1);
        first.advance();
        return MarketClock.istEpochDay(first.time());
    }

    /**
     * Runs the pipeline at the measured rate, unrecorded, for at least {@code minSeconds} and then
     * on, one-second round at a time, until a round compiles for less than
     * {@link #WARM_JIT_MILLIS_PER_SECOND} ms (at most {@link #WARM_UP_MAX_SECONDS}): a compiler
     * thread still busy when the window opens takes a core from the two pipeline threads (and a
     * deoptimisation stops one), which shows up as a stall that has nothing to do with the engine.
     * Returns the seconds spent.
     */
    private static double warmUp(final TickStream ticks, final MarketFeedDecoder decoder, final RingBuffer<InputEvent> ring, final int ratePerSecond,
                                 final double minSeconds, final Sender sender) {
        double seconds = 0;
        long jitBefore = JvmActivity.now().compileMillis();
        while (true) {
            offer(ticks, decoder, ratePerSecond, ratePerSecond, new long[1], sender);
            drain(ring);
            seconds++;
            final long jit = JvmActivity.now().compileMillis();
            final boolean quiet = jit - jitBefore < WARM_JIT_MILLIS_PER_SECOND;
            jitBefore = jit;
            if (seconds >= WARM_UP_MAX_SECONDS || (seconds >= minSeconds && quiet)) {
                return seconds;
            }
        }
    }

    /**
     * Offers up to {@code count} frames at the fixed rate and returns how far (ns) the loop fell
     * behind at worst; {@code offered[0]} gets the number sent. A pipeline that cannot keep up is
     * cut off after {@link #OVERRUN_FACTOR} times the planned duration, so a run stays bounded.
     *
     * <p>Between frames the loop waits as {@code sender} says ({@link Sender}). Whichever way, a late
     * send is charged to the frames it delayed.
     */
    private static long offer(final TickStream ticks, final MarketFeedDecoder decoder, final int ratePerSecond, final long count,
                              final long[] offered, final Sender sender) {
        if (sender == Sender.SLEEP) {
            SchedulerActivity.setOwnTimerSlack(SENDER_TIMER_SLACK_NANOS);
        }
        final boolean yields = sender == Sender.YIELD;
        final boolean sleeps = sender == Sender.SLEEP;
        final double periodNanos = 1e9 / ratePerSecond;
        final long start = System.nanoTime();
        final long deadline = start + (long) (OVERRUN_FACTOR * count * periodNanos);
        long maxBehind = 0;
        long i = 0;
        for (; i < count; i++) {
            final long due = start + (long) (i * periodNanos);
            long now;
            while ((now = System.nanoTime()) < due) {
                if (sleeps && due - now > SLEEP_AHEAD_NANOS) {
                    LockSupport.parkNanos(due - now - SLEEP_AHEAD_NANOS);
                } else if (yields && due - now > YIELD_AHEAD_NANOS) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
            maxBehind = Math.max(maxBehind, now - due);
            if (now > deadline) {
                break;
            }
            final UnsafeBuffer frame = ticks.next();
            if (decoder.decode(frame, 0, frame.capacity(), due) != MarketFeedError.OK) {
                throw new IllegalStateException(decoder.describeLastError());
            }
        }
        offered[0] = i;
        return maxBehind;
    }

    private static void drain(final RingBuffer<InputEvent> ring) {
        final long cursor = ring.getCursor();
        while (ring.getMinimumGatingSequence() < cursor) {
            Thread.onSpinWait();
        }
    }

    private static void print(final RateResult r) {
        final Histogram h = r.histogram();
        final Histogram d = r.decisions();
        System.out.printf(Locale.ROOT, "offered %,9d/s (%s): %,d of %,d ticks in %.1f s, achieved %,.0f/s, %,d intents; "
                + "tick→request µs: p50 %.1f p99 %.1f p99.9 %.1f p99.99 %.1f max %.1f; tick→decision µs: p50 %.1f p99 %.1f p99.99 %.1f; loop behind ≤ %.1f µs; "
                + "during the window: JIT %d ms, GC %d pauses %d ms%n",
            r.offeredPerSecond(), r.waitStrategy(), r.ticks(), r.plannedTicks(), r.seconds(), r.achievedPerSecond(), h.getTotalCount(),
            us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getValueAtPercentile(99.99)),
            us(h.getMaxValue()), us(d.getValueAtPercentile(50)), us(d.getValueAtPercentile(99)), us(d.getValueAtPercentile(99.99)),
            us(r.maxBehindNanos()), r.jvm().compileMillis(), r.jvm().gcCount(), r.jvm().gcMillis());
        final Histogram a = r.appends();
        if (a != null) {
            System.out.printf(Locale.ROOT, "offered %,9d/s (%s): journal append (inline, every input) µs: p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f "
                    + "p99.99 %.2f max %.1f over %,d appends%n", r.offeredPerSecond(), r.waitStrategy(), us(a.getValueAtPercentile(50)),
                us(a.getValueAtPercentile(90)), us(a.getValueAtPercentile(99)), us(a.getValueAtPercentile(99.9)),
                us(a.getValueAtPercentile(99.99)), us(a.getMaxValue()), a.getTotalCount());
            final Histogram t = r.touches();
            System.out.printf(Locale.ROOT, "offered %,9d/s (%s): journal touch-ahead (end of each batch) µs: p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f "
                    + "max %.1f over %,d calls%n", r.offeredPerSecond(), r.waitStrategy(), us(t.getValueAtPercentile(50)),
                us(t.getValueAtPercentile(90)), us(t.getValueAtPercentile(99)), us(t.getValueAtPercentile(99.9)), us(t.getMaxValue()), t.getTotalCount());
        }
    }

    private static double us(final long nanos) {
        return nanos / 1_000.0;
    }

    private static void writeJson(final File file, final String mode, final String journal, final long prepareMb, final Sender sender, final int rules,
                                  final List<RateResult> results) throws IOException {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("harness", "TickToIntentLatency");
        root.put("what", "V3 frame bytes -> MarketFeedDecoder -> MarketTickPublisher -> ring -> LogicHandler (candles 1m/5m/15m, RSI/EMA/MACD, price rules, actions) -> order place request bytes (UpstoxRequestEncoder) per intent; latency from each frame's intended send time (coordinated-omission corrected); decisionNanos: every tick, logic done");
        root.put("mode", mode);
        root.put("journal", !journal.equals("none"));
        root.put("journalPlacement", journal);
        root.put("journalPrepareMb", prepareMb);
        root.put("sender", sender.name().toLowerCase(Locale.ROOT));
        root.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        root.put("activePriceRules", rules);
        root.put("date", Instant.now().toString()); // wall clock: report metadata only
        root.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        root.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        root.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        root.put("targets", Map.of("offeredPerSecond", TARGET_RATE, "p99Nanos", TARGET_P99_NANOS, "p9999Nanos", TARGET_P9999_NANOS));
        final List<Map<String, Object>> runs = new ArrayList<>();
        for (RateResult r : results) {
            final Histogram h = r.histogram();
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("offeredPerSecond", r.offeredPerSecond());
            m.put("waitStrategy", r.waitStrategy());
            m.put("plannedTicks", r.plannedTicks());
            m.put("ticks", r.ticks());
            m.put("keptUp", r.ticks() == r.plannedTicks() && r.achievedPerSecond() >= 0.95 * r.offeredPerSecond());
            m.put("seconds", r.seconds());
            m.put("achievedPerSecond", r.achievedPerSecond());
            m.put("loopMaxBehindNanos", r.maxBehindNanos());
            m.put("windowJitMillis", r.jvm().compileMillis());
            m.put("windowGcPauses", r.jvm().gcCount());
            m.put("windowGcMillis", r.jvm().gcMillis());
            m.put("intents", h.getTotalCount());
            m.put("latencyNanos", LatencyPercentiles.of(h));
            m.put("decisionNanos", LatencyPercentiles.of(r.decisions()));
            if (r.appends() != null) {
                final Map<String, Object> appends = LatencyPercentiles.of(r.appends());
                appends.put("count", r.appends().getTotalCount());
                m.put("journalAppendNanos", appends);
                final Map<String, Object> touches = LatencyPercentiles.of(r.touches());
                touches.put("count", r.touches().getTotalCount());
                m.put("journalTouchAheadNanos", touches);
            }
            if (r.offeredPerSecond() == TARGET_RATE) {
                m.put("meetsTargets", h.getValueAtPercentile(99) <= TARGET_P99_NANOS && h.getValueAtPercentile(99.99) <= TARGET_P9999_NANOS);
            }
            m.put("distribution", PercentilePlot.distribution(h));
            runs.add(m);
        }
        root.put("runs", runs);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file, root);
    }
}
