package io.kavach.benchmarks.journal;

import io.kavach.engine.LogicHandler;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InlineJournalHandler;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.ring.RingErrorHandler;
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
 * One logic step per operation on the benchmark thread, without a ring: {@code journal=none} is the
 * logic alone (candles 1m and 5m for 64 instruments, a full-depth tick); {@code journal=inline} is the
 * engine's inline stage ({@link InlineJournalHandler}: encode and append the tick, publish it as
 * journaled, then the same logic, and pre-touch the next journal page after each step, as at the end of
 * a one-event batch). The difference is what the inline placement adds to each input's path to its
 * intent. A fresh journal per iteration keeps the disk bounded. Run with {@code -prof gc}: ~0 B/op.
 */
@Fork(jvmArgsAppend = {JournalFixtures.OPENS_0, JournalFixtures.OPENS_1, JournalFixtures.OPENS_2, JournalFixtures.OPENS_3, JournalFixtures.OPENS_4, JournalFixtures.OPENS_5, JournalFixtures.OPENS_6, JournalFixtures.OPENS_7, JournalFixtures.OPENS_8, JournalFixtures.OPENS_9, JournalFixtures.OPENS_10, JournalFixtures.OPENS_11})
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JournalInlineStepBenchmark {
    @Param({"none", "inline"})
    public String journal;

    private final InputEvent event = new InputEvent();
    private LogicHandler logic;
    private Path root;
    private JournalWriter writer;
    private InlineJournalHandler stage;
    private long sequence;
    private long time = JournalFixtures.SESSION_OPEN_MS;

    @Setup(Level.Trial)
    public void logic() {
        final CandleBook candles = new CandleBook();
        for (int id = 0; id < 64; id++) {
            candles.track(id, Timeframe.M1);
            candles.track(id, Timeframe.M5);
        }
        logic = new LogicHandler(candles);
        JournalFixtures.fullTick(event, 0, time);
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        if (journal.equals("inline")) {
            root = JournalFixtures.tempRoot("kavach-inline-step-bench");
            writer = new JournalWriter(root, System.err::println);
            stage = new InlineJournalHandler(new JournalHandler(writer), logic, new RingErrorHandler("journal (inline)"));
        }
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
            JournalFixtures.delete(root);
            writer = null;
            stage = null;
        }
    }

    @Benchmark
    public long step() throws Exception {
        final long s = sequence++;
        if ((s & 15) == 0) {
            time++;                                      // 16 ticks per ms of event time: a busy session
        }
        event.sequence = s;
        event.eventTimeEpochMs = time;
        event.lttEpochMs = time;
        event.instrumentId = (int) (s & 63);
        event.ltp = 18_131_700_000L + (s % 200) * 50_000L;
        if (stage != null) {
            stage.onEvent(event, s, true);
        } else {
            logic.onEvent(event, s, true);
        }
        return s;
    }
}
