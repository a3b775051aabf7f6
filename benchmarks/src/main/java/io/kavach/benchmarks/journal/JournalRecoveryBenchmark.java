package io.kavach.benchmarks.journal;

import io.kavach.config.KavachConfig;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.journal.JournalRecovery;
import io.kavach.engine.ring.RingErrorHandler;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.journal.JournalWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Restart recovery of a 10 M-event day (target ≤ 2 s): open the day for appending (learn the last
 * sequence, check the tail), replay the day straight into a logic stage building 1-minute candles for
 * 64 instruments (as {@code kavach run} does before its feeds start), then start the ring with the
 * journal stage counting the day as journaled, ready for the first live input. One shot per iteration.
 */
@Fork(jvmArgsAppend = {JournalFixtures.OPENS_0, JournalFixtures.OPENS_1, JournalFixtures.OPENS_2, JournalFixtures.OPENS_3, JournalFixtures.OPENS_4, JournalFixtures.OPENS_5, JournalFixtures.OPENS_6, JournalFixtures.OPENS_7, JournalFixtures.OPENS_8, JournalFixtures.OPENS_9, JournalFixtures.OPENS_10, JournalFixtures.OPENS_11})
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class JournalRecoveryBenchmark {
    static final long EVENTS = 10_000_000L;

    private Path root;

    @Setup(Level.Trial)
    public void write() throws IOException {
        root = JournalFixtures.tempRoot("kavach-recovery-bench");
        JournalFixtures.writeJournal(root, EVENTS);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        JournalFixtures.delete(root);
    }

    @Benchmark
    public long recover10MEvents() {
        final long day = MarketClock.istEpochDay(JournalFixtures.SESSION_OPEN_MS);
        final CandleBook candles = new CandleBook();
        for (int id = 0; id < 64; id++) {
            candles.track(id, Timeframe.M1);
        }
        final LogicHandler logic = new LogicHandler(candles);
        try (JournalWriter writer = new JournalWriter(root, System.err::println)) {
            writer.openDay(day);
            final long last = writer.lastSequence();
            // as kavach run: the day's file prepared to journal.prepare.mb before going live (3.2 GB written here: nothing to do)
            writer.prepare(KavachConfig.JOURNAL_PREPARE_MB_DEFAULT << 20);
            final JournalRecovery.Result result = JournalRecovery.replayDay(root, day, logic, new RingErrorHandler("logic"),
                System.err::println);
            final Bootstrap engine = Bootstrap.start(new EngineSettings(EngineSettings.RING_SIZE_DEFAULT, WaitStrategyKind.YIELDING),
                new JournalHandler(writer, last), logic, last + 1);
            engine.close();
            if (result.replayedEvents() != EVENTS || logic.eventsHandled() != EVENTS) {
                throw new IllegalStateException("recovered " + result.replayedEvents() + " / logic " + logic.eventsHandled());
            }
            return result.lastSequence();
        }
    }
}
