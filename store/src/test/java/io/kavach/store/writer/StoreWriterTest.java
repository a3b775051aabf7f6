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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreWriterTest {
    /** Two trading days; the journal's sequence restarts at 1 on the second. */
    static final int DAY_1 = (int) LocalDate.of(2026, 11, 19).toEpochDay();
    static final int DAY_2 = (int) LocalDate.of(2026, 11, 20).toEpochDay();
    static final int INPUTS_PER_DAY = 1_500;
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.shared();
    }

    @AfterAll
    static void leaveItRunning() throws Exception {
        db.server().ensureRunning(); // the outage tests stop it
    }

    static int day(final long input) {
        return input <= INPUTS_PER_DAY ? DAY_1 : DAY_2;
    }

    static long seq(final long input) {
        return input <= INPUTS_PER_DAY ? input : input - INPUTS_PER_DAY;
    }

    static long position(final long input) {
        return JournalPosition.of(day(input), seq(input));
    }

    /** A hand-written journal: every row the "logic" produced, by journal position, replayable. */
    static final class FakeJournal implements CatchUpSource {
        final TreeMap<Long, List<Object>> rowsByPosition = new TreeMap<>();
        final List<long[]> replays = new ArrayList<>();

        synchronized void record(final long position, final Object row) {
            rowsByPosition.computeIfAbsent(position, s -> new ArrayList<>()).add(row);
        }

        @Override
        public synchronized void replay(final long from, final long to, final StoreRowSink sink) {
            replays.add(new long[] {from, to});
            for (final List<Object> rows : rowsByPosition.subMap(from, true, to, true).values()) {
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

    static MonitorLogEntry fire(final long input) {
        return new MonitorLogEntry(day(input), seq(input), 1 + input % 7, 1, "price", "place_order",
            "{\"ltp\":" + (2400 - input % 5) + ".5,\"input\":" + input + "}", "{\"tag\":\"k-" + input + "\"}", true,
            1_763_700_000_000L + input, (int) input);
    }

    static OrderRow order(final long input, final String tag, final String status) {
        return new OrderRow(day(input), seq(input), 1, 3, 30, tag, null, "NSE_EQ|INE002A01018", "RELIANCE", "SELL", "MARKET", "I", "DAY",
            10, OrderRow.NONE, OrderRow.NONE, status, null, null, null, null, 0, OrderRow.NONE, OrderRow.NONE,
            "complete".equals(status) ? 10 : 0, "complete".equals(status) ? 2_400_500_000L : OrderRow.NONE,
            OrderRow.NONE, OrderRow.NONE, false, 1_763_700_000_000L);
    }

    static void awaitWatermark(final StoreWriter writer, final long position, final long timeoutMs) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (writer.watermark() < position && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void shouldKeepTakingRowsThroughADatabaseOutageAndCatchUpWithoutLossOrDuplicates() throws Exception {
        final DatabaseEndpoint endpoint = db.migratedDatabase();
        final FakeJournal journal = new FakeJournal();
        final ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();
        final int total = 2 * INPUTS_PER_DAY;
        final Map<String, Long> lastInputByTag = new TreeMap<>();
        final String[] lifecycle = {"pending_submit", "submitted", "open", "partially_filled", "complete"};
        try (StoreWriter writer = new StoreWriter(endpoint, journal, errors::add, 256, 64).start()) {
            for (long input = 1; input <= total; input++) {
                if (input == 1_000) {
                    db.server().stop(); // outage: the server goes away mid-stream, across the day change
                }
                if (input == 2_000) {
                    db.server().ensureRunning(); // and comes back
                }
                final MonitorLogEntry fire = fire(input);
                journal.record(position(input), fire);
                writer.offer(fire); // may drop: never blocks
                if (input % 10 == 0) {
                    final String tag = "k-" + (input / 50);
                    final OrderRow o = order(input, tag, lifecycle[(int) (input / 10 % 5)]);
                    journal.record(position(input), o);
                    writer.offer(o);
                    lastInputByTag.put(tag, input);
                }
                writer.processedThrough(day(input), seq(input));
                if (input % 100 == 0) {
                    Thread.sleep(5); // ticks arrive over time, not all at once
                }
            }
            awaitWatermark(writer, position(total), 60_000);
            assertEquals(JournalPosition.toString(position(total)), JournalPosition.toString(writer.watermark()),
                "everything caught up; errors: " + errors);
            assertTrue(writer.dropped() > 0, "the small queue overflowed during the outage");
            assertTrue(writer.caughtUp() > 0, "dropped rows were re-created from the journal");
            assertTrue(writer.outages() >= 1);
            assertTrue(!errors.isEmpty(), "the outage was reported to the error handler");
            assertEquals(0, writer.rejected());
        }

        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            assertEquals(total + "|" + total + "|" + INPUTS_PER_DAY, one(s, "SELECT count(*) || '|' || count(DISTINCT (journal_day, journal_seq)) "
                + "|| '|' || count(DISTINCT journal_seq) FROM monitor_log"), "every fire once, on both days, though sequences repeat");
            assertEquals("2026-11-20|" + INPUTS_PER_DAY, one(s, "SELECT journal_day || '|' || journal_seq FROM store_watermark WHERE stream = 'engine'"));
            assertEquals(String.valueOf(lastInputByTag.size()), one(s, "SELECT count(*) FROM orders"));
            for (final Map.Entry<String, Long> e : lastInputByTag.entrySet()) {
                final long input = e.getValue();
                assertEquals(LocalDate.ofEpochDay(day(input)) + "|" + seq(input) + "|" + lifecycle[(int) (input / 10 % 5)],
                    one(s, "SELECT journal_day || '|' || journal_seq || '|' || status FROM orders WHERE tag = '" + e.getKey() + "'"),
                    "order " + e.getKey() + " holds its newest state, never an older one from the catch-up");
            }
            assertEquals("2400.500000", one(s, "SELECT average_price FROM orders WHERE status = 'complete' LIMIT 1"));
            assertEquals("2400.5", one(s, "SELECT trigger_snapshot->>'ltp' FROM monitor_log WHERE journal_seq = 5 AND journal_day = '2026-11-19'"));
        }
        try (Connection c = endpoint.connect()) {
            assertEquals(position(total), StoreWriter.readWatermark(Store.dsl(c)));
        }
    }

    @Test
    void shouldApplyALaterDaysSmallerSequenceToAnOrderAndNeverAnEarlierDaysLargerOne() throws Exception {
        final DatabaseEndpoint endpoint = db.migratedDatabase();
        try (StoreWriter writer = new StoreWriter(endpoint, (f, t, s) -> { }, e -> { }).start()) {
            // an AMO placed late on day 1 (sequence 900), executed on day 2 (sequence 3)
            writer.offer(new OrderRow(DAY_1, 900, 1, 5, 50, "amo-1", "B-1", "NSE_EQ|INE002A01018", "RELIANCE", "BUY", "LIMIT", "D", "DAY",
                10, 2_390_000_000L, OrderRow.NONE, "amo_received", null, null, null, null, 0, OrderRow.NONE, OrderRow.NONE, 0,
                OrderRow.NONE, OrderRow.NONE, OrderRow.NONE, true, 1_763_700_000_000L));
            writer.offer(new OrderRow(DAY_2, 3, 1, 5, 50, "amo-1", "B-1", "NSE_EQ|INE002A01018", "RELIANCE", "BUY", "LIMIT", "D", "DAY",
                10, 2_390_000_000L, OrderRow.NONE, "complete", null, null, null, null, 0, OrderRow.NONE, OrderRow.NONE, 10,
                2_389_950_000L, 1_763_790_000_000L, OrderRow.NONE, true, 1_763_700_000_000L));
            // the day-1 row again, as a catch-up would re-send it: older, so ignored
            writer.offer(new OrderRow(DAY_1, 900, 1, 5, 50, "amo-1", "B-1", "NSE_EQ|INE002A01018", "RELIANCE", "BUY", "LIMIT", "D", "DAY",
                10, 2_390_000_000L, OrderRow.NONE, "amo_received", null, null, null, null, 0, OrderRow.NONE, OrderRow.NONE, 0,
                OrderRow.NONE, OrderRow.NONE, OrderRow.NONE, true, 1_763_700_000_000L));
            writer.processedThrough(DAY_2, 3);
            awaitWatermark(writer, JournalPosition.of(DAY_2, 3), 20_000);
        }
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            assertEquals("complete|10|2389.950000|2026-11-20", one(s,
                "SELECT status || '|' || filled_quantity || '|' || average_price || '|' || journal_day FROM orders WHERE tag = 'amo-1'"));
        }
    }

    @Test
    void shouldResumeFromTheStoredWatermarkAfterTheEngineStopsWhileTheDatabaseIsDown() throws Exception {
        final DatabaseEndpoint endpoint = db.migratedDatabase();
        final FakeJournal journal = new FakeJournal();
        final int total = 600;
        try (StoreWriter first = new StoreWriter(endpoint, journal, e -> { }, 128, 32).start()) {
            for (long input = 1; input <= total; input++) {
                if (input == 300) {
                    awaitWatermark(first, position(299), 20_000);
                    db.server().stop();
                }
                journal.record(position(input), fire(input));
                first.offer(fire(input));
                first.processedThrough(day(input), seq(input));
            }
        } // the engine stops (or dies) with the database still down: what was queued is gone
        db.server().ensureRunning();

        final long resumeAfter;
        try (Connection c = endpoint.connect()) {
            resumeAfter = StoreWriter.readWatermark(Store.dsl(c));
        }
        assertTrue(resumeAfter >= position(299) && resumeAfter < position(total), "watermark " + JournalPosition.toString(resumeAfter));
        // the restarted engine replays its journal from the watermark through a new writer
        try (StoreWriter second = new StoreWriter(endpoint, journal, e -> { }).start()) {
            journal.replay(resumeAfter + 1, position(total), new StoreRowSink() {
                @Override
                public void monitorLog(final MonitorLogEntry entry) {
                    second.offer(entry);
                }

                @Override
                public void order(final OrderRow order) {
                    second.offer(order);
                }

                @Override
                public void userHalt(final UserHaltRow halt) {
                    second.offer(halt);
                }
            });
            second.processedThrough(day(total), seq(total));
            awaitWatermark(second, position(total), 30_000);
            assertEquals(position(total), second.watermark());
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
            writer.processedThrough(day(4), seq(4));
            awaitWatermark(writer, position(4), 20_000);
            assertEquals(position(4), writer.watermark());
            assertEquals(1, writer.rejected());
            assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains("bad-tag") && e.getMessage().contains("orders_status_known")),
                errors.toString());
        }
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            assertEquals("2", one(s, "SELECT count(*) FROM monitor_log"));
            assertEquals("good-tag", one(s, "SELECT string_agg(tag, ',') FROM orders"));
        }
    }

    @Test
    void shouldRecordAHaltAndItsLiftWithoutAnOlderHaltReplayedLaterUndoingTheLift() throws Exception {
        final DatabaseEndpoint endpoint = db.migratedDatabase();
        final long t0 = java.time.Instant.parse("2026-11-19T04:00:00Z").toEpochMilli();
        final ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();
        try (StoreWriter writer = new StoreWriter(endpoint, (f, t, s) -> { }, errors::add, 1024, 64).start()) {
            writer.offer(new UserHaltRow(DAY_1, 5, 1, true, t0, "daily loss limit: day P&L -1250 rupees"));
            writer.processedThrough(DAY_1, 5);
            awaitWatermark(writer, JournalPosition.of(DAY_1, 5), 20_000);
            try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
                assertEquals("true|2026-11-19 04:00:00|daily loss limit: day P&L -1250 rupees",
                    one(s, "SELECT halted || '|' || " + UTC_AT + " || '|' || halt_reason FROM users WHERE id = 1"));
            }
            writer.offer(new UserHaltRow(DAY_2, 1, 1, false, t0 + 86_400_000L, null)); // the next day lifts it
            writer.offer(new UserHaltRow(DAY_2, 2, 1, true, t0, "re-created from the journal after the lift")); // older: ignored
            writer.offer(new UserHaltRow(DAY_2, 3, 4242, true, t0 + 86_400_000L, "no such user"));
            writer.processedThrough(DAY_2, 3);
            awaitWatermark(writer, JournalPosition.of(DAY_2, 3), 20_000);
            assertEquals(1, writer.rejected(), errors.toString());
            assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains("no users row with id 4242")), errors.toString());
        }
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            assertEquals("false|2026-11-20 04:00:00|", one(s, "SELECT halted || '|' || " + UTC_AT + " || '|' || coalesce(halt_reason, '')"
                + " FROM users WHERE id = 1"));
        }
    }

    private static final String UTC_AT = "to_char(halted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')";

    private static String one(final Statement s, final String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
