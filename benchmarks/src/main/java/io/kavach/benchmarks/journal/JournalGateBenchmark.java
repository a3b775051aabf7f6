package io.kavach.benchmarks.journal;

import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.journal.JournalPlacement;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.journal.JournalWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How long the journal-first gate holds a side effect in the parallel placement: one tick is published
 * into the ring (journal and logic stages on two threads) and the operation ends when the journal stage has
 * journaled it, i.e. when an intent caused by that tick could leave. Its p99 minus the logic stage's
 * own tick→intent time is what journaling adds to tick→intent (nothing when the journal is faster).
 * Run with {@code -prof gc}: ~0 B/op.
 */
@Fork(jvmArgsAppend = {JournalFixtures.OPENS_0, JournalFixtures.OPENS_1, JournalFixtures.OPENS_2, JournalFixtures.OPENS_3, JournalFixtures.OPENS_4, JournalFixtures.OPENS_5, JournalFixtures.OPENS_6, JournalFixtures.OPENS_7, JournalFixtures.OPENS_8, JournalFixtures.OPENS_9, JournalFixtures.OPENS_10, JournalFixtures.OPENS_11})
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JournalGateBenchmark {
    /** busy-spin is what a dedicated host runs; yielding gives readable numbers on a shared, oversubscribed one. */
    @Param({"busy-spin", "yielding"})
    public String waitStrategy;

    private Path root;
    private JournalWriter writer;
    private JournalHandler journal;
    private Bootstrap engine;
    private InputPublisher publisher;
    private long time = JournalFixtures.SESSION_OPEN_MS;
    private long price = 18_000_000_000L;

    @Setup(Level.Trial)
    public void start() throws IOException {
        root = JournalFixtures.tempRoot("kavach-gate-bench");
        writer = new JournalWriter(root, System.err::println);
        journal = new JournalHandler(writer);
        final CandleBook candles = new CandleBook();
        candles.track(1, Timeframe.M1);
        engine = Bootstrap.start(new EngineSettings(1024, WaitStrategyKind.parse(waitStrategy), JournalPlacement.PARALLEL), journal, new LogicHandler(candles), 0);
        publisher = engine.publisher();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        engine.close();
        writer.close();
        JournalFixtures.delete(root);
    }

    @Benchmark
    public long tickToJournaled() {
        final long sequence = publisher.nextInputSequence();
        time += 3;
        price += (sequence & 1) == 0 ? 50_000L : -50_000L;
        publisher.publishTrade(1, time, price, 1, sequence, 0);
        while (journal.journaledSequence() < sequence) {
            Thread.onSpinWait();
        }
        return sequence;
    }
}
