package io.kavach.benchmarks.pipeline;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.feed.MarketTickPublisher;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.feed.market.MarketFeedDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The whole hot path, one tick per operation: V3 frame bytes ({@link TickStream} over
 * {@link #INSTRUMENTS} instruments; {@code frameMix}: {@code mixed} alternates LTPC and full_d5
 * frames, {@code ltpc} sends LTPC only) → {@link MarketFeedDecoder} →
 * {@link MarketTickPublisher} → ring → {@link LogicHandler} → candles (1m, 5m, 15m) → RSI(14),
 * EMA(9), MACD(12, 26, 9) on every closed candle → {@code activeRules} price rules
 * ({@link PriceRuleBook}, via the engine's {@link TradeMonitor}: positions, risk, rules, actions)
 * → order intents into a counting outbox. Scores are ticks per second; the trial's end prints
 * intents per tick.
 *
 * <ul>
 *   <li>{@code ring}: as the engine runs: the benchmark thread decodes and publishes, the logic
 *       runs on the ring's thread ({@link Bootstrap}). The ring back-pressures the writer, so the
 *       score is the rate the slower of the two threads sustains — two cores busy.</li>
 *   <li>{@code oneCore}: the same stages on one thread: decode and publish into a ring, then run
 *       {@link LogicHandler#onEvent} on that slot and release it. This is the per-core capacity
 *       the ≥ 5 M ticks/s target is about, and it does not depend on a second free core.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PipelineBenchmark {
    public static final int INSTRUMENTS = 100;
    private static final Timeframe[] FRAMES = {Timeframe.parse("1m"), Timeframe.parse("5m"), Timeframe.parse("15m")};

    /** Decoder, candles, indicators, rules and logic for one run; the ring is wired by the caller. */
    static final class Stages {
        final TickStream ticks;
        final InstrumentRegistry registry = new InstrumentRegistry();
        final CandleBook candles = new CandleBook();
        final CandleIndicators indicators = new CandleIndicators(INSTRUMENTS, CandleIndicators.DEFAULT_SPECS);
        final LogicHandler logic;
        long intents;
        long fires;

        Stages(final int activeRules, final String frameMix) {
            ticks = new TickStream(INSTRUMENTS, 42, TickStream.STEP_MS, mixed(frameMix));
            for (String key : ticks.keys()) {
                final int id = registry.register(key);
                for (Timeframe tf : FRAMES) {
                    candles.track(id, tf);
                }
            }
            candles.addListener(indicators);
            TradeMonitor monitor = null;
            if (activeRules > 0) {
                monitor = PriceRuleBook.monitor(ticks, registry, activeRules, 11, intent -> intents++, record -> fires++);
                candles.addListener(monitor);
            }
            logic = new LogicHandler(candles, monitor);
        }

        void check(final MarketTickPublisher publisher, final int activeRules) {
            if (publisher.feedsRejected() != 0 || logic.eventsHandled() != publisher.ticksPublished() || indicators.updates() == 0
                || (activeRules > 0 && intents == 0)) {
                throw new IllegalStateException("pipeline lost ticks: published " + publisher.ticksPublished() + ", handled "
                    + logic.eventsHandled() + ", rejected " + publisher.feedsRejected() + ", indicator updates " + indicators.updates()
                    + ", intents " + intents);
            }
            System.out.printf("%n%,d ticks, %,d fires, %,d intents (%.3f per tick), %,d indicator updates%n", logic.eventsHandled(), fires,
                intents, intents / (double) logic.eventsHandled(), indicators.updates());
        }
    }

    /** {@code mixed}: LTPC and full_d5 frames alternate; {@code ltpc}: LTPC only (what price-only rules subscribe to). */
    static boolean mixed(final String frameMix) {
        switch (frameMix) {
            case "mixed":
                return true;
            case "ltpc":
                return false;
            default:
                throw new IllegalArgumentException("frameMix: expected ltpc or mixed, got " + frameMix);
        }
    }

    /** The engine's wiring: logic on the ring's own thread. */
    @State(Scope.Thread)
    public static class RingState {
        @Param({"blocking"})
        public String waitStrategy;

        @Param({"0", "1000", "10000", "100000"})
        public int activeRules;

        @Param({"mixed", "ltpc"})
        public String frameMix;

        Stages stages;
        Bootstrap engine;
        MarketTickPublisher publisher;
        MarketFeedDecoder decoder;
        RingBuffer<InputEvent> ring;

        @Setup(Level.Trial)
        public void setUp() {
            stages = new Stages(activeRules, frameMix);
            engine = Bootstrap.start(new EngineSettings(4096, WaitStrategyKind.parse(waitStrategy)), null, stages.logic, 0);
            publisher = new MarketTickPublisher(engine.publisher(), stages.registry);
            decoder = new MarketFeedDecoder(stages.registry, publisher);
            ring = engine.publisher().ring();
        }

        @TearDown(Level.Iteration)
        public void drain() {
            final long cursor = ring.getCursor();
            while (ring.getMinimumGatingSequence() < cursor) {
                Thread.onSpinWait();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
            stages.check(publisher, activeRules);
        }
    }

    /**
     * All stages on the benchmark thread: the ring is claimed, filled, published and consumed in
     * turn. No thread ever waits on this ring, so it has no wake-up to signal (busy-spin strategy:
     * publish signals nothing); the engine's default blocking strategy would add a monitor
     * enter + {@code notifyAll} per publish, which {@code RingHopBenchmark} measures.
     */
    @State(Scope.Thread)
    public static class OneCoreState {
        @Param({"0", "1000", "10000", "100000"})
        public int activeRules;

        @Param({"mixed", "ltpc"})
        public String frameMix;

        /**
         * Slots in the ring. Each tick writes about eight cache lines of its slot (more with depth), so
         * the ring's slots stream through the cache and push the logic's state out of L2; a smaller
         * ring shows how much of a tick that costs.
         */
        @Param({"1024"})
        public int ringSize;

        Stages stages;
        MarketTickPublisher publisher;
        MarketFeedDecoder decoder;
        RingBuffer<InputEvent> ring;
        final Sequence consumed = new Sequence();

        @Setup(Level.Trial)
        public void setUp() {
            stages = new Stages(activeRules, frameMix);
            ring = RingBuffer.createSingleProducer(InputEvent::new, ringSize, new BusySpinWaitStrategy());
            ring.addGatingSequences(consumed);
            publisher = new MarketTickPublisher(new InputPublisher(ring, 0), stages.registry);
            decoder = new MarketFeedDecoder(stages.registry, publisher);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stages.check(publisher, activeRules);
        }
    }

    @Benchmark
    public int ring(final RingState s) {
        final UnsafeBuffer frame = s.stages.ticks.next();
        return s.decoder.decode(frame, 0, frame.capacity(), 0L);
    }

    @Benchmark
    public long oneCore(final OneCoreState s) {
        final UnsafeBuffer frame = s.stages.ticks.next();
        s.decoder.decode(frame, 0, frame.capacity(), 0L);
        final long slot = s.ring.getCursor();
        if (slot > s.consumed.get()) {
            s.stages.logic.onEvent(s.ring.get(slot), slot, true);
            s.consumed.set(slot);
        }
        return slot;
    }
}
