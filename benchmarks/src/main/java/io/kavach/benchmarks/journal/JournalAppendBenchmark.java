package io.kavach.benchmarks.journal;

import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InputEventJournalCodec;
import io.kavach.journal.JournalWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Cost of journaling one input on the journal thread: encode an InputEvent (full tick, 5 levels) with
 * the codec and append it to Chronicle Queue. A fresh journal per iteration keeps the disk bounded.
 * Run with {@code -prof gc}: the allocation rate should be ~0 B/op.
 */
@Fork(jvmArgsAppend = {JournalFixtures.OPENS_0, JournalFixtures.OPENS_1, JournalFixtures.OPENS_2, JournalFixtures.OPENS_3, JournalFixtures.OPENS_4, JournalFixtures.OPENS_5, JournalFixtures.OPENS_6, JournalFixtures.OPENS_7, JournalFixtures.OPENS_8, JournalFixtures.OPENS_9, JournalFixtures.OPENS_10, JournalFixtures.OPENS_11})
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JournalAppendBenchmark {
    private final InputEvent event = new InputEvent();
    private final InputEventJournalCodec codec = new InputEventJournalCodec();
    private Path root;
    private JournalWriter writer;
    private long sequence;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        root = JournalFixtures.tempRoot("kavach-append-bench");
        writer = new JournalWriter(root, System.err::println);
        JournalFixtures.fullTick(event, 0, JournalFixtures.SESSION_OPEN_MS);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        writer.close();
        JournalFixtures.delete(root);
    }

    @Benchmark
    public long appendFullTick() {
        event.sequence = sequence++;
        event.ltp += 50_000L;
        writer.append(codec.encode(event, writer.buffer()));
        return event.sequence;
    }
}
