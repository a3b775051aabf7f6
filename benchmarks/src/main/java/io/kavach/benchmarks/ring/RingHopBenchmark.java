package io.kavach.benchmarks.ring;

import com.lmax.disruptor.RingBuffer;
import io.kavach.config.Prices;
import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.ring.WaitStrategyKind;
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
 * One hop through the engine's ring, wired by {@link Bootstrap} exactly as the engine runs it: the
 * benchmark thread is the single writer ({@link InputPublisher#publishTrade}), the
 * {@link LogicHandler} consumes on the ring's own thread (with an empty candle book, so the hop
 * itself is what is measured).
 *
 * <ul>
 *   <li>{@code publish}: throughput of publish → handled. The ring (4,096 slots) back-pressures the
 *       writer, so over a 1 s iteration the score is the rate the consumer sustains.</li>
 *   <li>{@code pingPong}: one event published, then wait until the logic thread has handled it
 *       (its gating sequence passed the slot): the latency of one hop, including the wake-up of a
 *       blocked consumer under the blocking strategy.</li>
 * </ul>
 * With backoff (the default), blocking (the lightest) and busy-spin (a dedicated host). On a shared
 * 2-core machine busy-spin competes with the writer for a core; read its numbers with that in mind.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RingHopBenchmark {
    @Param({"backoff", "blocking", "busy-spin"})
    public String waitStrategy;

    private Bootstrap engine;
    private InputPublisher publisher;
    private RingBuffer<InputEvent> ring;
    private long time = 1_704_080_700_000L;
    private long ltp = Prices.toFixed(1_000);

    @Setup(Level.Trial)
    public void setUp() {
        engine = Bootstrap.start(new EngineSettings(4096, WaitStrategyKind.parse(waitStrategy)), null, new LogicHandler(new CandleBook()), 0);
        publisher = engine.publisher();
        ring = publisher.ring();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void publish() {
        publisher.publishTrade(1, ++time, ltp += 50_000, 1, 0, 0);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long pingPong() {
        publisher.publishTrade(1, ++time, ltp += 50_000, 1, 0, 0);
        final long slot = ring.getCursor();
        while (ring.getMinimumGatingSequence() < slot) {
            Thread.onSpinWait();
        }
        return slot;
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
        if (engine.stageErrors() != 0 || engine.logic().eventsHandled() != ring.getCursor() + 1) {
            throw new IllegalStateException("ring lost events: handled " + engine.logic().eventsHandled() + " of " + (ring.getCursor() + 1)
                + ", stage errors " + engine.stageErrors());
        }
        engine.close();
    }
}
