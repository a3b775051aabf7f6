package io.kavach.benchmarks.journal;

import com.lmax.disruptor.RingBuffer;
import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.event.InputEvent;
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
 * What journaling adds to tick → intent: one tick is published and the operation ends when every
 * stage has handled it, i.e. when an intent it caused could leave (the logic has decided, and the
 * journal-first gate is open). {@code journal=none} journals nothing; {@code inline} appends on the logic
 * thread before the logic (the default placement: the difference to {@code none} is the append);
 * {@code parallel} runs the journal stage on its own thread beside the logic, adding only where it is
 * slower than the logic but needing a third thread. Run with {@code -prof gc}: ~0 B/op.
 * {@link JournalInlineStepBenchmark} measures the inline step without the ring hop.
 */
@Fork(jvmArgsAppend = {JournalFixtures.OPENS_0, JournalFixtures.OPENS_1, JournalFixtures.OPENS_2, JournalFixtures.OPENS_3, JournalFixtures.OPENS_4, JournalFixtures.OPENS_5, JournalFixtures.OPENS_6, JournalFixtures.OPENS_7, JournalFixtures.OPENS_8, JournalFixtures.OPENS_9, JournalFixtures.OPENS_10, JournalFixtures.OPENS_11})
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JournalOverheadBenchmark {
    @Param({"none", "inline", "parallel"})
    public String journal;

    /** busy-spin is what a dedicated host runs; yielding gives readable numbers on a shared, oversubscribed one. */
    @Param({"yielding"})
    public String waitStrategy;

    private Path root;
    private JournalWriter writer;
    private Bootstrap engine;
    private InputPublisher publisher;
    private RingBuffer<InputEvent> ring;
    private long time = JournalFixtures.SESSION_OPEN_MS;
    private long price = 18_000_000_000L;

    @Setup(Level.Trial)
    public void start() throws IOException {
        final CandleBook candles = new CandleBook();
        candles.track(1, Timeframe.M1);
        JournalHandler stage = null;
        final boolean journaled = !journal.equals("none");
        if (journaled) {
            root = JournalFixtures.tempRoot("kavach-overhead-bench");
            writer = new JournalWriter(root, System.err::println);
            stage = new JournalHandler(writer);
        }
        engine = Bootstrap.start(new EngineSettings(1024, WaitStrategyKind.parse(waitStrategy),
            journaled ? JournalPlacement.parse(journal) : EngineSettings.JOURNAL_PLACEMENT_DEFAULT), stage, new LogicHandler(candles), 0);
        publisher = engine.publisher();
        ring = publisher.ring();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        engine.close();
        if (writer != null) {
            writer.close();
            JournalFixtures.delete(root);
        }
    }

    @Benchmark
    public long tickToReleasable() {
        final long sequence = publisher.nextInputSequence();
        time += 3;
        price += (sequence & 1) == 0 ? 50_000L : -50_000L;
        publisher.publishTrade(1, time, price, 1, sequence, 0);
        final long slot = ring.getCursor();
        while (ring.getMinimumGatingSequence() < slot) {
            Thread.onSpinWait();
        }
        return sequence;
    }
}
