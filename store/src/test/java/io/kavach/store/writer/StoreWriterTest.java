package io.kavach.store.writer;

import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import io.kavach.store.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreWriterTest {
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.shared();
    }

    @AfterAll
    static void leaveItRunning() throws Exception {
        db.server().ensureRunning(); // the outage test stops it
    }

    /** A hand-written journal: every row the "logic" produced, by input sequence, replayable. */
    static final class FakeJournal implements CatchUpSource {
        final TreeMap<Long, List<Object>> rowsBySeq = new TreeMap<>();
        final List<long[]> replays = new ArrayList<>();

        synchronized void record(final long seq, final Object row) {
            rowsBySeq.computeIfAbsent(seq, s -> new ArrayList<>()).add(row);
        }

        @Override
        public synchronized void replay(final long from, final long to, final StoreRowSink sink) {
            replays.add(new long[] {from, to});
            for (final List<Object> rows : rowsBySeq.subMap(from, true, to, true).values()) {
                for (final Object row : rows) {
                    if (row instanceof MonitorLogEntry m) {
                        sink.monitorLog(m);
                    } else {
                        sink.order((OrderRow) row);
                    }
                }
            }
        }
    }

    static MonitorLogEntry fire(final long seq) {
        return new MonitorLogEntry(seq, 1 + seq % 7, 1, "price", "place_order",
            "{\"ltp\":" + (2400 - seq % 5) + ".5,\"seq\":" + seq + "}", "{\"tag\":\"k-" + seq + "\"}", true,
            1_763_700_000_000L + seq, (int) seq);
    }

    static OrderRow order(final long seq, final String tag, final String status) {
        return new OrderRow(seq, 1, 3, 30, tag, null, "NSE_EQ|INE002A01018", "RELIANCE", "SELL", "MARKET", "I", "DAY",
            10, OrderRow.NONE, OrderRow.NONE, status, null, null, null, null, 0, OrderRow.NONE, OrderRow.NONE,
            "complete".equals(status) ? 10 : 0, "complete".equals(status) ? 2_400_500_000L : OrderRow.NONE,
            OrderRow.NONE, OrderRow.NONE, false, 1_763_700_000_000L);
    }

    @Test
    void shouldKeepTakingRowsThroughADatabaseOutageAndCatchUpWithoutLossOrDuplicates() throws Exception {
        final DatabaseEndpoint endpoint = db.migratedDatabase();
        final FakeJournal journal = new FakeJournal();
        final ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();
        final int total = 3_000;
        final Map<String, Long> lastSeqByTag = new TreeMap<>();
        final String[] lifecycle = {"pending_submit", "submitted", "open", "partially_filled", "complete"};
        try (StoreWriter writer = new StoreWriter(endpoint, journal, errors::add, 256, 64).start()) {
            for (long seq = 1; seq <= total; seq++) {
                if (seq == 1_000) {
                    db.server().stop(); // outage: the server goes away mid-stream
                }
                if (seq == 2_000) {
                    db.server().ensureRunning(); // and comes back
                }
                final MonitorLogEntry fire = fire(seq);
                journal.record(seq, fire);
                writer.offer(fire); // may drop: never blocks
                if (seq % 10 == 0) {
                    final String tag = "k-" + (seq / 50);
                    final OrderRow o = order(seq, tag, lifecycle[(int) (seq / 10 % 5)]);
                    journal.record(seq, o);
                    writer.offer(o);
                    lastSeqByTag.put(tag, seq);
                }
                writer.processedThrough(seq);
                if (seq % 100 == 0) {
                    Thread.sleep(5); // ticks arrive over time, not all at once
                }
            }
            final long deadline = System.currentTimeMillis() + 60_000;
            while (writer.watermark() < total && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(total, writer.watermark(), "everything caught up; errors: " + errors);
            assertTrue(writer.dropped() > 0, "the small queue overflowed during the outage");
            assertTrue(writer.caughtUp() > 0, "dropped rows were re-created from the journal");
            assertTrue(writer.outages() >= 1);
            assertTrue(!errors.isEmpty(), "the outage was reported to the error handler");
            assertEquals(0, writer.rejected());
        }

        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            assertEquals(total + "|" + total + "|1|" + total, one(s,
                "SELECT count(*) || '|' || count(DISTINCT journal_seq) || '|' || min(journal_seq) || '|' || max(journal_seq) FROM monitor_log"));
            assertEquals(String.valueOf(total), one(s, "SELECT journal_seq FROM store_watermark WHERE stream = 'engine'"));
            assertEquals(String.valueOf(lastSeqByTag.size()), one(s, "SELECT count(*) FROM orders"));
            for (final Map.Entry<String, Long> e : lastSeqByTag.entrySet()) {
                assertEquals(e.getValue() + "|" + lifecycle[(int) (e.getValue() / 10 % 5)],
                    one(s, "SELECT journal_seq || '|' || status FROM orders WHERE tag = '" + e.getKey() + "'"),
                    "order " + e.getKey() + " holds its newest state, never an older one from the catch-up");
            }
            assertEquals("2400.500000", one(s, "SELECT average_price FROM orders WHERE status = 'complete' LIMIT 1"));
            assertEquals("2400.5", one(s, "SELECT trigger_snapshot->>'ltp' FROM monitor_log WHERE journal_seq = 5"));
        }
        try (Connection c = endpoint.connect()) {
            assertEquals(total, StoreWriter.readWatermark(Store.dsl(c)));
        }
    }

    @Test
    void shouldResumeFromTheStoredWatermarkAfterTheEngineStopsWhileTheDatabaseIsDown() throws Exception {
        final DatabaseEndpoint endpoint = db.migratedDatabase();
        final FakeJournal journal = new FakeJournal();
        final int total = 600;
        try (StoreWriter first = new StoreWriter(endpoint, journal, e -> { }, 128, 32).start()) {
            for (long seq = 1; seq <= total; seq++) {
                if (seq == 300) {
                    final long deadline = System.currentTimeMillis() + 20_000;
                    while (first.watermark() < 299 && System.currentTimeMillis() < deadline) {
                        Thread.sleep(20);
                    }
                    db.server().stop();
                }
                journal.record(seq, fire(seq));
                first.offer(fire(seq));
                first.processedThrough(seq);
            }
        } // the engine stops (or dies) with the database still down: what was queued is gone
        db.server().ensureRunning();

        final long resumeAfter;
        try (Connection c = endpoint.connect()) {
            resumeAfter = StoreWriter.readWatermark(Store.dsl(c));
        }
        assertTrue(resumeAfter >= 299 && resumeAfter < total, "watermark " + resumeAfter);
        // the restarted engine replays its journal from the watermark through a new writer
        try (StoreWriter second = new StoreWriter(endpoint, journal, e -> { }).start()) {
            journal.replay(resumeAfter + 1, total, new StoreRowSink() {
                @Override
                public void monitorLog(final MonitorLogEntry entry) {
                    second.offer(entry);
                }

                @Override
                public void order(final OrderRow order) {
                    second.offer(order);
                }
            });
            second.processedThrough(total);
            final long deadline = System.currentTimeMillis() + 30_000;
            while (second.watermark() < total && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(total, second.watermark());
        }
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            assertEquals(total + "|" + total, one(s, "SELECT count(*) || '|' || count(DISTINCT journal_seq) FROM monitor_log"));
        }
    }

    @Test
    void shouldWriteEveryGoodRowOfABatchAndReportTheBadOne() throws Exception {
        final DatabaseEndpoint endpoint = db.migratedDatabase();
        final ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();
        try (StoreWriter writer = new StoreWriter(endpoint, (f, t, s) -> { }, errors::add, 1024, 64).start()) {
            writer.offer(fire(1));
            writer.offer(order(2, "good-tag", "open"));
            writer.offer(order(3, "bad-tag", "exploded")); // not a lifecycle state
            writer.offer(fire(4));
            writer.processedThrough(4);
            final long deadline = System.currentTimeMillis() + 20_000;
            while (writer.watermark() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(4, writer.watermark());
            assertEquals(1, writer.rejected());
            assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains("bad-tag") && e.getMessage().contains("orders_status_known")),
                errors.toString());
        }
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            assertEquals("2", one(s, "SELECT count(*) FROM monitor_log"));
            assertEquals("good-tag", one(s, "SELECT string_agg(tag, ',') FROM orders"));
        }
    }

    private static String one(final Statement s, final String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
