package io.kavach.store.rule;

import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import org.jooq.DSLContext;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Brings rule changes from the store to the engine: {@code LISTEN kavach_rule_changed} delivers a
 * change within a second of its commit; a full comparison of every rule's version every
 * {@link #DEFAULT_POLL_INTERVAL_MS} is the safety net (a notification lost while the connection was
 * down, a change made with the trigger disabled). After a reconnect the comparison runs at once.
 *
 * <p>Threading: owns one thread ({@value #THREAD_NAME}) and one database connection; the handler is
 * called on that thread. {@link #close()} may be called from any thread.
 */
public final class RuleChangeProcessor implements AutoCloseable {
    public static final String CHANNEL = "kavach_rule_changed";
    public static final String THREAD_NAME = "kavach-rule-changes";
    public static final long DEFAULT_POLL_INTERVAL_MS = 30_000;
    public static final int NOTIFICATION_WAIT_MS = 250;
    public static final long RECONNECT_BACKOFF_MAX_MS = 5_000;

    private final DatabaseEndpoint endpoint;
    private final RuleChangeHandler handler;
    private final long pollIntervalMs;
    private final Consumer<Exception> errorHandler;
    private final RuleRepository rules = new RuleRepository();
    /** Rule id → what was last delivered. Touched only by the processor thread. */
    private final Map<Long, RuleVersion> delivered = new HashMap<>();
    private final Thread thread;
    private final AtomicLong fullSyncs = new AtomicLong();
    private final AtomicLong notificationsReceived = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean running = true;
    private volatile Connection connection;

    /**
     * @param knownVersions the rules the engine already holds (from journal recovery), so those are
     *                      not delivered again; empty on a first start
     * @param errorHandler  told of each database error (the processor retries by itself)
     */
    public RuleChangeProcessor(final DatabaseEndpoint endpoint, final RuleChangeHandler handler, final long pollIntervalMs,
                               final List<RuleVersion> knownVersions, final Consumer<Exception> errorHandler) {
        this.endpoint = endpoint;
        this.handler = handler;
        this.pollIntervalMs = pollIntervalMs;
        this.errorHandler = errorHandler;
        for (final RuleVersion v : knownVersions) {
            delivered.put(v.id(), v);
        }
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    public RuleChangeProcessor start() {
        thread.start();
        return this;
    }

    public long fullSyncs() {
        return fullSyncs.get();
    }

    public long notificationsReceived() {
        return notificationsReceived.get();
    }

    public long errors() {
        return errors.get();
    }

    private void run() {
        long backoffMs = 100;
        while (running) {
            try (Connection c = endpoint.connect(THREAD_NAME)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                backoffMs = 100;
                fullSync(c);
                long nextPollMs = System.currentTimeMillis() + pollIntervalMs; // wall clock: scheduling only
                final PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    final PGNotification[] notifications = pg.getNotifications(NOTIFICATION_WAIT_MS);
                    if (notifications != null && notifications.length > 0) {
                        notificationsReceived.addAndGet(notifications.length);
                        deliverNotified(c, notifications);
                    }
                    if (System.currentTimeMillis() >= nextPollMs) {
                        fullSync(c);
                        nextPollMs = System.currentTimeMillis() + pollIntervalMs;
                    }
                }
            } catch (final SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                errors.incrementAndGet();
                errorHandler.accept(e);
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, RECONNECT_BACKOFF_MAX_MS);
            } finally {
                connection = null;
            }
        }
    }

    private void deliverNotified(final Connection c, final PGNotification[] notifications) {
        final TreeSet<Long> ids = new TreeSet<>();
        for (final PGNotification n : notifications) {
            try {
                ids.add(Long.parseLong(n.getParameter()));
            } catch (final NumberFormatException e) {
                errors.incrementAndGet();
                errorHandler.accept(new IllegalArgumentException("notification on " + CHANNEL + " with a payload that is not a rule id: '"
                    + n.getParameter() + "'"));
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        final DSLContext dsl = Store.dsl(c);
        final List<RuleRow> rows = rules.findAll(dsl, ids);
        for (final RuleRow row : rows) {
            ids.remove(row.id());
            deliver(row.id(), row.userId(), row.version(), row.deleted(), row);
        }
        for (final Long goneId : ids) { // removed from the table outright
            deliverHardDelete(goneId);
        }
        handler.onChangesDelivered();
    }

    private void fullSync(final Connection c) {
        final DSLContext dsl = Store.dsl(c);
        final List<RuleVersion> versions = rules.versions(dsl);
        final List<Long> changed = new ArrayList<>();
        final Map<Long, Boolean> present = new HashMap<>();
        for (final RuleVersion v : versions) {
            present.put(v.id(), Boolean.TRUE);
            final RuleVersion known = delivered.get(v.id());
            if (v.deleted()) {
                deliver(v.id(), v.userId(), v.version(), true, null);
            } else if (known == null || known.version() < v.version()) {
                changed.add(v.id());
            }
        }
        if (!changed.isEmpty()) {
            for (final RuleRow row : rules.findAll(dsl, changed)) {
                deliver(row.id(), row.userId(), row.version(), row.deleted(), row);
            }
        }
        for (final Long id : new ArrayList<>(delivered.keySet())) {
            if (!present.containsKey(id)) {
                deliverHardDelete(id);
            }
        }
        handler.onChangesDelivered();
        fullSyncs.incrementAndGet();
    }

    private void deliver(final long id, final int userId, final long version, final boolean deleted, final RuleRow row) {
        final RuleVersion known = delivered.get(id);
        if (deleted) {
            if (known == null || known.deleted()) {
                return; // never delivered (so nothing to stop), or already delivered as deleted
            }
            delivered.put(id, new RuleVersion(id, userId, version, true));
            handler.onRuleDeleted(id, userId, version);
            return;
        }
        if (known != null && known.version() >= version) {
            return;
        }
        delivered.put(id, new RuleVersion(id, userId, version, false));
        handler.onRuleChanged(id, userId, version, row.toJson());
    }

    /** A row removed outright (by hand, outside the CLI): stopped as a deletion one version later. */
    private void deliverHardDelete(final long id) {
        final RuleVersion known = delivered.get(id);
        if (known != null && !known.deleted()) {
            delivered.put(id, new RuleVersion(id, known.userId(), known.version() + 1, true));
            handler.onRuleDeleted(id, known.userId(), known.version() + 1);
        }
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
