package io.kavach.engine.pipeline;

import com.lmax.disruptor.RingBuffer;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.action.OrderIntent;
import io.kavach.engine.action.OrderOutbox;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.feed.MarketTickPublisher;
import io.kavach.engine.indicator.IndicatorSpec;
import io.kavach.engine.indicator.Indicators;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.feed.market.MarketFeedDecoder;
import io.kavach.feed.market.MarketFeedError;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end allocation proof of issue 2 item 7: V3 frame bytes → {@link MarketFeedDecoder} →
 * {@link MarketTickPublisher} → the engine's ring ({@link Bootstrap}) → {@link LogicHandler} →
 * candles (every timeframe) → every indicator kind, for over a million ticks in steady state. The
 * publishing thread (this test thread, the event loop in production) and the ring's logic thread
 * must both allocate exactly zero bytes, read from {@code com.sun.management.ThreadMXBean}.
 *
 * <p>Ticks round-robin over 8 instruments (LTPC and full_d5 frames), 25 ms of session time apart,
 * wrapping to the next day's 09:15 at 15:30, so 1m…1d candles close and indicators update (and VWAP
 * resets) inside the measured window. Prices follow a seeded random walk (seed printed).
 *
 * <p>The second case adds the rules part of the logic step ({@link TradeMonitor}: positions, risk,
 * 10,000 active price rules, actions) so ticks become order intents inside the measured window.
 */
class PipelineAllocationTest {
    private static final int INSTRUMENTS = 8;
    private static final int WARM_UP_TICKS = 600_000;
    private static final int MEASURED_TICKS = 1_200_000;
    private static final int ATTEMPTS = 3;
    private static final long STEP_MS = 25;
    private static final long SESSION_MS = (MarketClock.SESSION_CLOSE_MINUTE - MarketClock.SESSION_OPEN_MINUTE) * MarketClock.MS_PER_MINUTE;
    private static final String INDICATORS = "sma:20,ema:9,rsi:14,macd:12:26:9,ema_crossover:9:21,atr:14,bollinger:20:2,supertrend:10:3,vwap,volume_spike:20";

    /** The publishing side: advancing session time and a seeded random-walk price per instrument. */
    private static final class TickDriver {
        private final TickFrames frames;
        private final MarketFeedDecoder decoder;
        private final long firstDay = LocalDate.of(2024, 1, 1).toEpochDay();
        private final double[] price = new double[INSTRUMENTS];
        private long n;
        private long random;

        TickDriver(final TickFrames frames, final MarketFeedDecoder decoder, final long seed) {
            this.frames = frames;
            this.decoder = decoder;
            this.random = seed == 0 ? 1 : seed;
            for (int i = 0; i < INSTRUMENTS; i++) {
                price[i] = 1_000 + 250 * i;
            }
        }

        void run(final int ticks) {
            for (int t = 0; t < ticks; t++) {
                final int i = (int) (n % INSTRUMENTS);
                final long sessionMs = n * STEP_MS;
                n++;
                final long time = MarketClock.epochMsAt(firstDay + sessionMs / SESSION_MS, MarketClock.SESSION_OPEN_MINUTE) + sessionMs % SESSION_MS;
                random ^= random << 13;
                random ^= random >>> 7;
                random ^= random << 17;
                price[i] = Math.max(10.0, price[i] + ((random >>> 61) - 3.5) * 0.05);
                final UnsafeBuffer frame = frames.frame(i, time, price[i]);
                if (decoder.decode(frame, 0, frame.capacity(), 0L) != MarketFeedError.OK) {
                    throw new AssertionError(decoder.describeLastError());
                }
            }
        }
    }

    /** Counts the intents the rules hand out (an outbox copies what it keeps; this one keeps nothing). */
    private static final class CountingOutbox implements OrderOutbox {
        long intents;

        @Override
        public void offer(final OrderIntent intent) {
            intents++;
        }
    }

    @Test
    void shouldAllocateZeroBytesOnPublishingAndLogicThreadsFromFrameBytesToIndicators() throws Exception {
        run(0);
    }

    @Test
    void shouldAllocateZeroBytesOnPublishingAndLogicThreadsFromFrameBytesToOrderIntents() throws Exception {
        run(10_000);
    }

    private static void run(final int rules) throws Exception {
        final long seed = System.nanoTime();
        System.out.println("PipelineAllocationTest (" + rules + " rules) seed " + seed);
        final String[] keys = new String[INSTRUMENTS];
        final InstrumentRegistry registry = new InstrumentRegistry();
        for (int i = 0; i < INSTRUMENTS; i++) {
            keys[i] = "NSE_FO|" + (43_000 + i);
            registry.register(keys[i]);
        }
        final CandleBook candles = new CandleBook();
        for (int i = 0; i < INSTRUMENTS; i++) {
            for (int f = 0; f < Timeframe.count(); f++) {
                candles.track(i, Timeframe.of(f));
            }
        }
        final IndicatorBank indicators = new IndicatorBank(INSTRUMENTS, IndicatorSpec.parseList(INDICATORS));
        candles.addListener(indicators);
        final CountingOutbox outbox = new CountingOutbox();
        TradeMonitor monitor = null;
        if (rules > 0) {
            monitor = new TradeMonitor(registry, Map.of(), MarketCalendar.nseDefault(), Indicators::create, new RiskLimits(0, 0, false),
                RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, outbox, record -> { });
            monitor.addRules(priceRules(keys, rules, new Random(seed)), 0);
            candles.addListener(monitor);
        }
        final LogicHandler logic = new LogicHandler(candles, monitor);

        try (Bootstrap engine = Bootstrap.start(new EngineSettings(4096, WaitStrategyKind.BLOCKING), null, logic, 0)) {
            final RingBuffer<InputEvent> ring = engine.publisher().ring();
            final MarketTickPublisher publisher = new MarketTickPublisher(engine.publisher(), registry);
            final TickDriver driver = new TickDriver(new TickFrames(keys), new MarketFeedDecoder(registry, publisher), seed);

            driver.run(WARM_UP_TICKS);
            drain(ring);
            final long logicThread = indicators.logicThreadId();
            final long publishingThread = Thread.currentThread().getId();
            assertNotEquals(0, logicThread, "candles closed during warm-up, on the logic thread");
            assertNotEquals(publishingThread, logicThread, "the logic stage runs on its own thread");

            final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            threads.getThreadAllocatedBytes(publishingThread); // the first call initialises the bean's own state
            threads.getThreadAllocatedBytes(logicThread);
            // A background JIT recompilation can land a one-off of a few hundred bytes in a window on
            // a loaded machine; one of three windows of 1.2M ticks must be exactly zero on both threads.
            long publisherBytes = -1;
            long logicBytes = -1;
            for (int attempt = 0; attempt < ATTEMPTS && (publisherBytes != 0 || logicBytes != 0); attempt++) {
                final long updatesBefore = indicators.updates();
                final long intentsBefore = outbox.intents;
                final long closesBefore = candles.candlesClosed();
                final long publisherBefore = threads.getThreadAllocatedBytes(publishingThread);
                final long logicBefore = threads.getThreadAllocatedBytes(logicThread);
                driver.run(MEASURED_TICKS);
                drain(ring);
                logicBytes = threads.getThreadAllocatedBytes(logicThread) - logicBefore;
                publisherBytes = threads.getThreadAllocatedBytes(publishingThread) - publisherBefore;
                final long intents = outbox.intents - intentsBefore;
                System.out.printf("window %d: %d ticks, %d candles closed, %d indicator updates, %d intents; allocated: publishing thread %d B, logic thread %d B%n",
                    attempt, MEASURED_TICKS, candles.candlesClosed() - closesBefore, indicators.updates() - updatesBefore, intents, publisherBytes, logicBytes);
                assertTrue(indicators.updates() - updatesBefore > 10_000, "indicators were updated inside the window");
                assertTrue(rules == 0 || intents > 10_000, "rules fired and produced intents inside the window");
            }
            assertEquals(0, publisherBytes, "bytes allocated by the publishing thread (decode → ring)");
            assertEquals(0, logicBytes, "bytes allocated by the logic thread (ring → candles → indicators)");
            assertEquals(0, publisher.feedsRejected(), "every frame reached the ring");
            assertEquals(0, candles.outOfOrderTicks(), "time only advanced");
            assertNotEquals(0.0, indicators.checksum(), "ready indicators produced values");
            assertEquals(0, engine.stageErrors(), "no stage error");
            assertEquals(publisher.ticksPublished(), logic.eventsHandled(), "every published tick was handled");
        }
    }

    /**
     * {@code count} price rules, round-robin over the instruments: crosses_above / crosses_below at
     * levels within ±2% of the opening price, unlimited fires, a one-lot MARKET buy each.
     */
    private static String priceRules(final String[] keys, final int count, final Random random) {
        final StringBuilder json = new StringBuilder(count * 260).append('[');
        for (int r = 0; r < count; r++) {
            final int i = r % keys.length;
            final double open = 1_000 + 250 * i;
            final double level = Math.round(open * (0.98 + 0.04 * random.nextDouble()) * 20) / 20.0;
            json.append(r == 0 ? "" : ",").append("{\"id\":").append(r + 1).append(",\"user_id\":1,\"instrument_token\":\"").append(keys[i])
                .append("\",\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"").append((r & 1) == 0 ? "crosses_above" : "crosses_below")
                .append("\",\"price\":").append(level).append("},\"action_type\":\"place_order\",\"action_config\":")
                .append("{\"transaction_type\":\"BUY\",\"quantity\":1,\"order_type\":\"MARKET\"}}");
        }
        return json.append(']').toString();
    }

    private static void drain(final RingBuffer<InputEvent> ring) {
        final long cursor = ring.getCursor();
        while (ring.getMinimumGatingSequence() < cursor) {
            Thread.onSpinWait();
        }
    }
}
