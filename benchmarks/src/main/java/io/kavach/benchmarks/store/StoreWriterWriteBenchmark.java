package io.kavach.benchmarks.store;

import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import io.kavach.store.StoreConfig;
import io.kavach.store.writer.JournalPosition;
import io.kavach.store.writer.MonitorLogEntry;
import io.kavach.store.writer.OrderRow;
import io.kavach.store.writer.StoreWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The store writer against the embedded PostgreSQL (real server, loopback): {@link #writeRows} offers
 * {@value #ROWS} rows (one order update per ten fires) and waits until the watermark says all are
 * committed — rows per second through batching, upserts and the watermark. {@link #offerWhileDatabaseDown}
 * is what the logic thread pays per row during an outage (writer pointed at a closed port: after
 * the first 65,536 rows fill the queue, every offer takes the drop path).
 *
 * <p>Needs the embedded PostgreSQL (as root: user namespaces). The home is a fresh temp directory.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class StoreWriterWriteBenchmark {
    static final int ROWS = 5_000;
    static final int DAY = 20_412;

    private Path home;
    private Store store;
    private StoreWriter writer;
    private long seq;

    @Setup(Level.Trial)
    public void start() throws Exception {
        home = Files.createTempDirectory("kavach-bench-store");
        store = Store.open(StoreConfig.embedded(home));
        final DatabaseEndpoint endpoint = store.endpoint();
        writer = new StoreWriter(endpoint, (from, to, sink) -> { }, e -> { }).start();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        writer.close();
        store.close();
    }

    private void offerOne() {
        final long s = ++seq;
        writer.offer(new MonitorLogEntry(DAY, s, 1 + (s & 63), 1, "price", "place_order", "{\"ltp\":2400.5}", "{\"tag\":\"k\"}",
            true, 1_763_700_000_000L + s, (int) s));
        if (s % 10 == 0) {
            writer.offer(new OrderRow(DAY, s, 1, 1 + (s & 63), s, "bench-" + (s / 50), null, "NSE_EQ|INE002A01018", "RELIANCE", "SELL",
                "MARKET", "I", "DAY", 10, OrderRow.NONE, OrderRow.NONE, "open", null, null, null, null, 0, OrderRow.NONE,
                OrderRow.NONE, 0, OrderRow.NONE, OrderRow.NONE, OrderRow.NONE, false, 1_763_700_000_000L));
        }
        writer.processedThrough(DAY, s);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(ROWS)
    public long writeRows() throws InterruptedException {
        for (int i = 0; i < ROWS; i++) {
            offerOne();
        }
        while (writer.watermark() < JournalPosition.of(DAY, seq)) {
            Thread.sleep(1);
        }
        return writer.watermark();
    }

    /** A writer whose database is unreachable. */
    @State(Scope.Benchmark)
    public static class Outage {
        StoreWriter writer;
        long seq;

        @Setup(Level.Trial)
        public void start() {
            writer = new StoreWriter(new DatabaseEndpoint("jdbc:postgresql://127.0.0.1:1/kavach", "kavach", null),
                (from, to, sink) -> { }, e -> { }).start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            writer.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean offerWhileDatabaseDown(final Outage outage) {
        final long s = ++outage.seq;
        final boolean queued = outage.writer.offer(new MonitorLogEntry(DAY, s, 7, 1, "price", "place_order", "{}", null, true, s, (int) s));
        outage.writer.processedThrough(DAY, s);
        return queued;
    }
}
