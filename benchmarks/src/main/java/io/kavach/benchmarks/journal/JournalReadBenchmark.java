package io.kavach.benchmarks.journal;

import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InputEventJournalCodec;
import io.kavach.journal.JournalReader;
import io.kavach.journal.JournalRecordHandler;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reading a journal: validate each record and decode it into an InputEvent (what replay and
 * recovery do before the ring). One operation = one record; each invocation reads a whole
 * 1 M-record journal (opening it included). Throughput in ops/s is records/s.
 */
@Fork(jvmArgsAppend = {JournalFixtures.OPENS_0, JournalFixtures.OPENS_1, JournalFixtures.OPENS_2, JournalFixtures.OPENS_3, JournalFixtures.OPENS_4, JournalFixtures.OPENS_5, JournalFixtures.OPENS_6, JournalFixtures.OPENS_7, JournalFixtures.OPENS_8, JournalFixtures.OPENS_9, JournalFixtures.OPENS_10, JournalFixtures.OPENS_11})
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalReadBenchmark implements JournalRecordHandler {
    static final int RECORDS = 1_000_000;

    private final InputEvent event = new InputEvent();
    private final InputEventJournalCodec codec = new InputEventJournalCodec();
    private Path root;
    private long checksum;

    @Setup(Level.Trial)
    public void write() throws IOException {
        root = JournalFixtures.tempRoot("kavach-read-bench");
        JournalFixtures.writeJournal(root, RECORDS);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        JournalFixtures.delete(root);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long readAndDecode() {
        try (JournalReader reader = new JournalReader(root, System.err::println)) {
            while (reader.poll(this, 4096) > 0) {
                // drain
            }
            if (reader.recordsRead() != RECORDS) {
                throw new IllegalStateException("read " + reader.recordsRead() + " of " + RECORDS);
            }
        }
        return checksum;
    }

    @Override
    public void onRecord(final DirectBuffer buffer, final int offset, final int length) {
        codec.decode(buffer, offset, event);
        checksum += event.ltp;
    }
}
