package io.kavach.store.rule;

import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import io.kavach.store.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleChangeProcessorTest {
    /** Long enough that a delivery within the test can only have come from NOTIFY, not from the poll. */
    static final long NO_POLL_MS = 600_000;
    private final RuleRepository rules = new RuleRepository();
    private final LinkedBlockingQueue<String> delivered = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Exception> errors = new LinkedBlockingQueue<>();
    private DatabaseEndpoint endpoint;
    private RuleChangeProcessor processor;

    /** A hand-written handler that records what arrives, as the engine's event-loop adapter would receive it. */
    private final RuleChangeHandler handler = new RuleChangeHandler() {
        @Override
        public void onRuleChanged(final long ruleId, final int userId, final long version, final String ruleJson) {
            delivered.add("changed " + ruleId + " v" + version + " enabled=" + ruleJson.contains("\"enabled\":true"));
        }

        @Override
        public void onRuleDeleted(final long ruleId, final int userId, final long version) {
            delivered.add("deleted " + ruleId + " v" + version);
        }
    };

    @BeforeEach
    void freshDatabase() throws Exception {
        endpoint = TestDatabase.shared().migratedDatabase();
    }

    @AfterEach
    void stop() {
        if (processor != null) {
            processor.close();
        }
    }

    private long insert(final String name) throws Exception {
        try (Connection c = endpoint.connect()) {
            return rules.insert(Store.dsl(c), RuleRepositoryTest.stopLoss(name, 1, null));
        }
    }

    private <T> T dsl(final Store.SqlWork<T> work) throws Exception {
        try (Connection c = endpoint.connect()) {
            return work.run(Store.dsl(c));
        }
    }

    private String next() throws InterruptedException {
        return delivered.poll(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldDeliverExistingRulesAtStartThenEachChangeThroughNotify() throws Exception {
        final long existing = insert("existing");
        processor = new RuleChangeProcessor(endpoint, handler, NO_POLL_MS, List.of(), errors::add).start();
        assertEquals("changed " + existing + " v1 enabled=true", next());

        final long added = insert("added while running");
        assertEquals("changed " + added + " v1 enabled=true", next());
        dsl(d -> rules.setEnabled(d, added, false));
        assertEquals("changed " + added + " v2 enabled=false", next());
        dsl(d -> rules.delete(d, added, Instant.now()));
        assertEquals("deleted " + added + " v3", next());

        dsl(d -> {
            rules.recordFire(d, existing, 1, Instant.now());
            return null;
        });
        final long marker = insert("marker");
        assertEquals("changed " + marker + " v1 enabled=true", next(), "the engine's own fire bookkeeping is not sent back to it");

        assertEquals(1, processor.fullSyncs(), "every change came by NOTIFY, none by the poll");
        assertTrue(processor.notificationsReceived() >= 4);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void shouldNotRedeliverRulesTheEngineAlreadyHolds() throws Exception {
        final long known = insert("known");
        final long unknown = insert("unknown");
        processor = new RuleChangeProcessor(endpoint, handler, NO_POLL_MS, List.of(new RuleVersion(known, 1, 1, false)), errors::add).start();
        assertEquals("changed " + unknown + " v1 enabled=true", next());
        assertNull(delivered.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldFindAChangeMadeWithoutNotificationByThePoll() throws Exception {
        final long id = insert("quiet");
        processor = new RuleChangeProcessor(endpoint, handler, 300, List.of(), errors::add).start();
        assertEquals("changed " + id + " v1 enabled=true", next());
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE monitor_rule DISABLE TRIGGER monitor_rule_notify");
            s.execute("UPDATE monitor_rule SET name = 'changed quietly' WHERE id = " + id);
            s.execute("DELETE FROM monitor_rule WHERE id <> " + id); // nothing else there: no-op
        }
        assertEquals("changed " + id + " v2 enabled=true", next());
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM monitor_rule WHERE id = " + id); // removed outright, by hand
        }
        assertEquals("deleted " + id + " v3", next());
    }

    @Test
    void shouldReconnectAfterItsConnectionIsKilledAndCatchUpOnMissedChanges() throws Exception {
        processor = new RuleChangeProcessor(endpoint, handler, NO_POLL_MS, List.of(), errors::add).start();
        final long first = insert("first");
        assertEquals("changed " + first + " v1 enabled=true", next());
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + RuleChangeProcessor.THREAD_NAME + "' AND datname = current_database()");
        }
        final long second = insert("while reconnecting");
        assertEquals("changed " + second + " v1 enabled=true", next());
        assertNotNull(errors.poll(5, TimeUnit.SECONDS), "the lost connection was reported");
        final long deadline = System.currentTimeMillis() + 5_000; // the count goes up just after the sync delivered
        while (processor.fullSyncs() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(processor.fullSyncs() >= 2, "a reconnect compares everything again");
    }
}
