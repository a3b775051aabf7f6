package io.kavach.store.status;

import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import io.kavach.store.TestDatabase;
import io.kavach.store.log.MonitorLogRepository;
import io.kavach.store.log.MonitorLogRow;
import io.kavach.store.writer.MonitorLogEntry;
import io.kavach.store.writer.StoreWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusAndLogTest {
    private DatabaseEndpoint endpoint;

    @BeforeEach
    void freshDatabase() throws Exception {
        endpoint = TestDatabase.shared().migratedDatabase();
    }

    @Test
    void shouldReadTheNewestFiresFirstFilteredByRule() throws Exception {
        try (StoreWriter writer = new StoreWriter(endpoint, (f, t, s) -> { }, e -> { }).start()) {
            for (long seq = 1; seq <= 30; seq++) {
                writer.offer(new MonitorLogEntry(20_412, seq, seq % 2 == 0 ? 7 : 8, 1, "price", "place_order",
                    "{\"ltp\":" + seq + "}", null, seq % 3 != 0, 1_763_700_000_000L + seq * 1000, (int) seq));
            }
            writer.processedThrough(20_412, 30);
            final long deadline = System.currentTimeMillis() + 20_000;
            while (writer.watermark() < io.kavach.store.writer.JournalPosition.of(20_412, 30) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        }
        try (Connection c = endpoint.connect()) {
            final List<MonitorLogRow> rows = new MonitorLogRepository().latest(Store.dsl(c), 7L, 5);
            assertEquals(List.of(30L, 28L, 26L, 24L, 22L), rows.stream().map(MonitorLogRow::journalSeq).toList());
            assertEquals("{\"ltp\":30}", rows.get(0).toJsonNode().get("trigger_snapshot").toString());
            assertTrue(rows.get(0).toJsonNode().get("action_result").isNull());
            assertEquals("2025-11-21T10:10:30+05:30", rows.get(0).toJsonNode().get("fired_at").asText());
            assertEquals(20, new MonitorLogRepository().latest(Store.dsl(c), null, 20).size());
        }
    }

    @Test
    void shouldWriteTheHeartbeatRowAndListHaltedUsers() throws Exception {
        final AtomicInteger n = new AtomicInteger();
        final ConcurrentLinkedQueue<Exception> errors = new ConcurrentLinkedQueue<>();
        try (HeartbeatProcessor heartbeat = new HeartbeatProcessor(endpoint, () -> new ServiceStatus("engine", "i-1",
            ProcessHandle.current().pid(), "host-a", "running", Instant.parse("2026-11-20T03:40:00Z"), Instant.now(),
            "connected", "connected", 3L, 1000L + n.incrementAndGet(), "{\"ticks\":" + n.get() + "}", "0.1.0"), errors::add)) {
            heartbeat.beat();
            heartbeat.beat();
        }
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE users SET halted = true, halted_at = now(), halt_reason = 'daily loss limit' WHERE id = 1");
            final ServiceStatusRepository repo = new ServiceStatusRepository();
            final ServiceStatus status = repo.find(Store.dsl(c), "engine").orElseThrow();
            assertEquals(1002L, status.journalSeq(), "one row per service, the newest beat");
            assertEquals("{\"ticks\": 2}", status.countersJson());
            assertEquals("daily loss limit", repo.haltedUsers(Store.dsl(c)).get(0).reason());
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
