package io.kavach.benchmarks.journal;

import io.kavach.config.KavachConfig;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InputEventJournalCodec;
import io.kavach.journal.JournalWriter;
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

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The inline journal's append as the logic thread sees it at a steady tick rate: one full 5-level tick
 * per operation, {@code gapNanos} apart, with the writer's touch-ahead between appends (the end of a
 * one-event batch). Only the append is timed (SampleTime: its percentiles are the figure; the target is
 * p99 ≤ 1 µs); the gap and the touch-ahead run in the per-invocation set-up, outside the timing.
 * Unlike {@link JournalAppendBenchmark} (flat out, no touch-ahead) it covers what the engine does
 * between ticks, and a 10 s iteration at 100,000 ticks/s writes ~330 MB, so it crosses the queue's
 * 64 MB chunks and their 16 MB overlaps, where the page faults were. A fresh journal per iteration
 * keeps the disk bounded. Run with {@code -prof gc}: ~0 B/op.
 *
 * <p>{@code prepareMb}: the day's file prepared before the first tick as {@code kavach run} prepares it
 * ({@code JournalWriter.prepare}, outside the timing; 1,024 MiB is {@code journal.prepare.mb}'s default and
 * covers an iteration), or 0: not prepared, every page of the file is created by the touch-ahead or an append.
 */
@Fork(jvmArgsAppend = {JournalFixtures.OPENS_0, JournalFixtures.OPENS_1, JournalFixtures.OPENS_2, JournalFixtures.OPENS_3, JournalFixtures.OPENS_4, JournalFixtures.OPENS_5, JournalFixtures.OPENS_6, JournalFixtures.OPENS_7, JournalFixtures.OPENS_8, JournalFixtures.OPENS_9, JournalFixtures.OPENS_10, JournalFixtures.OPENS_11})
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class JournalPacedAppendBenchmark {
    /** Time between ticks: 10,000 ns is 100,000 ticks/s. */
    @Param({"10000"})
    public long gapNanos;

    /** MiB of the day's file prepared before the first tick; 0: none. */
    @Param({"0", "" + KavachConfig.JOURNAL_PREPARE_MB_DEFAULT})
    public long prepareMb;

    private final InputEvent event = new InputEvent();
    private final InputEventJournalCodec codec = new InputEventJournalCodec();
    private Path root;
    private JournalWriter writer;
    private long sequence;
    private long nextDueNanos;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        root = JournalFixtures.tempRoot("kavach-paced-append-bench");
        writer = new JournalWriter(root, System.err::println);
        JournalFixtures.fullTick(event, 0, JournalFixtures.SESSION_OPEN_MS);
        writer.openDay(MarketClock.istEpochDay(JournalFixtures.SESSION_OPEN_MS));
        if (prepareMb > 0) {
            final JournalWriter.Preparation prepared = writer.prepare(prepareMb << 20);
            if (prepared.notDone() != null) {
                throw new IllegalStateException("journal file not prepared: " + prepared.notDone());
            }
        }
        nextDueNanos = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        writer.close();
        JournalFixtures.delete(root);
    }

    /** Between two ticks: the end-of-batch touch-ahead, then idle until the next tick is due. */
    @Setup(Level.Invocation)
    public void betweenTicks() {
        writer.touchAhead();
        nextDueNanos += gapNanos;
        while (System.nanoTime() < nextDueNanos) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    public long appendFullTick() {
        event.sequence = sequence++;
        event.ltp += 50_000L;
        writer.append(codec.encode(event, writer.buffer()));
        return event.sequence;
    }
}
