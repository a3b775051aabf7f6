package io.kavach.benchmarks.pipeline;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.kavach.config.Prices;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.feed.MarketTickPublisher;
import io.kavach.engine.ring.InputPublisher;
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
 * The pipeline after decode, one tick per operation: the tick is already in its ring slot and
 * {@link LogicHandler#onEvent} runs on it: candles (1m, 5m, 15m) → RSI/EMA/MACD on closes →
 * {@code activeRules} price rules through the engine's {@code TradeMonitor} → intents.
 *
 * <p>Each instrument's slot is decoded once, at set-up, from its {@link TickStream} frame by the real
 * decoder and {@link MarketTickPublisher}; every operation then does to the decoded event what
 * {@link TickStream} does to the frame (next instrument, event time, random-walk ltp) and hands it
 * to the logic, so the ticks, prices and rule hits are those of {@link PipelineBenchmark#oneCore}
 * and the slot is warm in cache as it is right after a publish. {@code oneCore} minus this is
 * decode + publish (claim, fill, publish).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class LogicTickBenchmark {
    @Param({"0", "100000"})
    public int activeRules;

    @Param({"mixed", "ltpc"})
    public String frameMix;

    PipelineBenchmark.Stages stages;
    InputEvent[] slots;
    long sequence;

    @Setup(Level.Trial)
    public void setUp() {
        stages = new PipelineBenchmark.Stages(activeRules, frameMix);
        final int instruments = PipelineBenchmark.INSTRUMENTS;
        final RingBuffer<InputEvent> ring = RingBuffer.createSingleProducer(InputEvent::new, Integer.highestOneBit(instruments) * 2,
            new BusySpinWaitStrategy());
        ring.addGatingSequences(new Sequence());
        final MarketTickPublisher publisher = new MarketTickPublisher(new InputPublisher(ring, 0), stages.registry);
        final MarketFeedDecoder decoder = new MarketFeedDecoder(stages.registry, publisher);
        slots = new InputEvent[instruments];
        for (int i = 0; i < instruments; i++) {
            final UnsafeBuffer frame = stages.ticks.next();
            decoder.decode(frame, 0, frame.capacity(), 0L);
            slots[stages.ticks.instrument()] = ring.get(i);
        }
        if (publisher.ticksPublished() != instruments) {
            throw new IllegalStateException("set-up published " + publisher.ticksPublished() + " of " + instruments + " ticks: "
                + publisher.describeLastRejection());
        }
        sequence = instruments;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        final long handled = sequence - PipelineBenchmark.INSTRUMENTS;
        if (stages.logic.eventsHandled() != handled || stages.indicators.updates() == 0 || (activeRules > 0 && stages.intents == 0)) {
            throw new IllegalStateException("handled " + stages.logic.eventsHandled() + " of " + handled + ", indicator updates "
                + stages.indicators.updates() + ", intents " + stages.intents);
        }
        System.out.printf("%n%,d ticks, %,d fires, %,d intents (%.3f per tick), %,d indicator updates%n", handled, stages.fires,
            stages.intents, stages.intents / (double) handled, stages.indicators.updates());
    }

    @Benchmark
    public long logic() {
        final TickStream ticks = stages.ticks;
        ticks.advance();
        final int i = ticks.instrument();
        final InputEvent e = slots[i];
        final long time = ticks.time();
        e.sequence = sequence++;
        e.eventTimeEpochMs = time;
        e.feedTimeEpochMs = time;
        e.lttEpochMs = time;
        e.ltp = Prices.toFixed(ticks.price(i));
        stages.logic.onEvent(e, e.sequence, true);
        return e.sequence;
    }
}
