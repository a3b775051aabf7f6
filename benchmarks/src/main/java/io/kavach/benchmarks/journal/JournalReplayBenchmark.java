package io.kavach.benchmarks.journal;

import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.journal.JournalReplaySource;
import io.kavach.engine.ring.RingErrorHandler;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.journal.JournalReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * Replay at max speed, end to end. {@code direct} is what {@code kavach replay} and a restart do:
 * journal → reader → decode into one event → logic handler, on one thread. {@code ring-*} is the older
 * path through a ring with that wait strategy (each operation also builds the ring: its slots are
 * most of the reported allocation). One operation = one event; ops/s is replay events/s (target ≥ 5 M/s).
 */
@Fork(jvmArgsAppend = {JournalFixtures.OPENS_0, JournalFixtures.OPENS_1, JournalFixtures.OPENS_2, JournalFixtures.OPENS_3, JournalFixtures.OPENS_4, JournalFixtures.OPENS_5, JournalFixtures.OPENS_6, JournalFixtures.OPENS_7, JournalFixtures.OPENS_8, JournalFixtures.OPENS_9, JournalFixtures.OPENS_10, JournalFixtures.OPENS_11})
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalReplayBenchmark {
    static final int EVENTS = 2_000_000;

    @Param({"direct", "ring-yielding"})
    public String path;

    private Path root;

    @Setup(Level.Trial)
    public void write() throws IOException {
        root = JournalFixtures.tempRoot("kavach-replay-bench");
        JournalFixtures.writeJournal(root, EVENTS);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        JournalFixtures.delete(root);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long replayMax() {
        final LogicHandler logic = newLogic();
        if (path.equals("direct")) {
            try (JournalReader reader = new JournalReader(root, System.err::println)) {
                new JournalReplaySource(logic, new RingErrorHandler("logic"), Long.MIN_VALUE, Long.MAX_VALUE,
                    JournalReplaySource.EventPacer.FLAT_OUT).replay(reader, (n, t) -> { });
            }
            return check(logic);
        }
        final Bootstrap engine = Bootstrap.start(new EngineSettings(EngineSettings.RING_SIZE_DEFAULT,
            WaitStrategyKind.parse(path.substring("ring-".length()))), null, logic, 0);
        try (JournalReader reader = new JournalReader(root, System.err::println)) {
            new JournalReplaySource(engine.publisher().ring(), Long.MIN_VALUE, Long.MAX_VALUE,
                JournalReplaySource.EventPacer.FLAT_OUT).replay(reader, (n, t) -> { });
        }
        engine.close();
        return check(logic);
    }

    private static long check(final LogicHandler logic) {
        if (logic.eventsHandled() != EVENTS) {
            throw new IllegalStateException("logic saw " + logic.eventsHandled() + " of " + EVENTS);
        }
        return logic.lastInputSequence();
    }

    static LogicHandler newLogic() {
        return new LogicHandler(new io.kavach.engine.candle.CandleBook());
    }
}
