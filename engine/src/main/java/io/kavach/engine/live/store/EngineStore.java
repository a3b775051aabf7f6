package io.kavach.engine.live.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.store.Store;
import io.kavach.store.StoreConfig;
import io.kavach.store.rule.RuleChangeHandler;
import io.kavach.store.rule.RuleChangeProcessor;
import io.kavach.store.rule.RuleRepository;
import io.kavach.store.rule.RuleRow;
import io.kavach.store.rule.RuleVersion;
import io.kavach.store.status.HeartbeatProcessor;
import io.kavach.store.status.ServiceStatus;
import io.kavach.store.status.ServiceStatusRepository;
import io.kavach.store.writer.CatchUpSource;
import io.kavach.store.writer.StoreWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The store as a running engine uses it (DESIGN.md §5): opened at start (embedded PostgreSQL under the
 * home, or {@code --db-url}), then three workers off the ring — the {@link StoreWriter} (monitor-log
 * and order rows, journal first, caught up from the journal after an outage), the
 * {@link RuleChangeProcessor} (rule changes by LISTEN/NOTIFY and a poll) and the
 * {@link HeartbeatProcessor} (the {@code service_status} row {@code kavach status} reads). Closed in the
 * order that loses nothing: rule changes stop first, the caller drains the ring, then the writer
 * flushes, the last heartbeat says "stopped", and the store closes.
 *
 * <p>Threading: opened, started and closed by the starting thread; each worker owns its thread.
 */
public final class EngineStore implements AutoCloseable {
    static {
        // the engine's stderr is for the operator: not Flyway's and the PostgreSQL launcher's start-up chatter
        System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", System.getProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", System.getProperty("org.slf4j.simpleLogger.log.io.zonky", "warn"));
    }

    /** Store errors printed in full before they are only counted (an outage retries every 2 s). */
    private static final int ERRORS_PRINTED_MAX = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final PrintStream err;
    private final String instanceId = UUID.randomUUID().toString();
    private final Instant startedAt = Instant.now(); // wall clock: for the operator's status view only
    private final AtomicLong errors = new AtomicLong();
    private final Map<String, LongSupplier> counters = new LinkedHashMap<>();
    private StoreWriter writer;
    private RuleChangeProcessor ruleChanges;
    private HeartbeatProcessor heartbeat;
    private volatile String state = "starting";
    private Supplier<String> marketFeed = () -> null;
    private Supplier<String> portfolioFeed = () -> null;
    private LongSupplier lagMs = () -> -1;
    private LongSupplier journalSeq = () -> -1;

    private EngineStore(final Store store, final PrintStream err) {
        this.store = store;
        this.err = err;
    }

    /** Reaches the database (starting or attaching to the embedded one) and migrates it. */
    public static EngineStore open(final StoreConfig config, final PrintStream err) throws IOException {
        return new EngineStore(Store.open(config), err);
    }

    public Store store() {
        return store;
    }

    /** Every rule not deleted, as stored now (the start-up load and its instruments). */
    public List<RuleRow> rules() throws SQLException {
        return store.withDsl(dsl -> new RuleRepository().list(dsl, false, Instant.now()));
    }

    /** Ids of every stored rule, deleted ones included. */
    public Set<Long> storedIds() throws SQLException {
        return store.withDsl(dsl -> {
            final Set<Long> ids = new HashSet<>();
            for (final RuleVersion v : new RuleRepository().versions(dsl)) {
                ids.add(v.id());
            }
            return ids;
        });
    }

    /** Starts the row writer; {@code journaledPosition} holds back rows of inputs not yet journaled. */
    public StoreWriter startWriter(final CatchUpSource catchUp, final LongSupplier journaledPosition, final int queueCapacity) {
        writer = new StoreWriter(store.endpoint(), catchUp, errorHandler("writer"), queueCapacity, StoreWriter.DEFAULT_BATCH_SIZE)
            .journalFirst(journaledPosition).start();
        return writer;
    }

    /** Starts following rule changes; {@code known} are the rules the engine holds already. */
    public RuleChangeProcessor startRuleChanges(final RuleChangeHandler handler, final List<RuleVersion> known, final long pollIntervalMs) {
        ruleChanges = new RuleChangeProcessor(store.endpoint(), handler, pollIntervalMs, known, errorHandler("rule changes")).start();
        return ruleChanges;
    }

    /** What the heartbeat reports; set before {@link #startHeartbeat}. Suppliers are called on the heartbeat thread. */
    public EngineStore reporting(final Supplier<String> marketFeedState, final Supplier<String> portfolioFeedState, final LongSupplier lag,
                                 final LongSupplier journaledSequence, final Map<String, LongSupplier> engineCounters) {
        this.marketFeed = marketFeedState;
        this.portfolioFeed = portfolioFeedState;
        this.lagMs = lag;
        this.journalSeq = journaledSequence;
        this.counters.putAll(engineCounters);
        return this;
    }

    /** Writes the heartbeat now and every {@code intervalMs}; the engine is "running" from here on. */
    public void startHeartbeat(final long intervalMs) {
        state = "running";
        heartbeat = new HeartbeatProcessor(store.endpoint(), this::snapshot, errorHandler("heartbeat")).start(intervalMs);
    }

    public HeartbeatProcessor heartbeat() {
        return heartbeat;
    }

    /** Stops following rule changes (first step of a stop: no command enters a draining ring). */
    public void stopRuleChanges() {
        if (ruleChanges != null) {
            ruleChanges.close();
        }
    }

    /** Database errors seen by the workers (each retries by itself). */
    public long errors() {
        return errors.get();
    }

    ServiceStatus snapshot() {
        final ObjectNode c = JSON.createObjectNode();
        for (final Map.Entry<String, LongSupplier> e : counters.entrySet()) {
            c.put(e.getKey(), e.getValue().getAsLong());
        }
        if (writer != null) {
            c.put("store_rows_offered", writer.offered());
            c.put("store_rows_written", writer.written());
            c.put("store_rows_dropped", writer.dropped());
            c.put("store_rows_caught_up", writer.caughtUp());
            c.put("store_rows_rejected", writer.rejected());
            c.put("store_outages", writer.outages());
        }
        if (ruleChanges != null) {
            c.put("rule_notifications", ruleChanges.notificationsReceived());
            c.put("rule_full_syncs", ruleChanges.fullSyncs());
        }
        c.put("store_errors", errors.get());
        final long lag = lagMs.getAsLong();
        final long seq = journalSeq.getAsLong();
        return new ServiceStatus(ServiceStatusRepository.ENGINE_SERVICE, instanceId, ProcessHandle.current().pid(), host(), state,
            startedAt, Instant.now(), marketFeed.get(), portfolioFeed.get(), lag < 0 ? null : lag, seq < 0 ? null : seq, c.toString(),
            EngineStore.class.getPackage().getImplementationVersion());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (final IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }

    private Consumer<Exception> errorHandler(final String worker) {
        return e -> {
            final long n = errors.incrementAndGet();
            if (n <= ERRORS_PRINTED_MAX || n % 100 == 0) {
                err.println("run: store " + worker + ": " + e.getMessage() + (n == ERRORS_PRINTED_MAX ? " (further store errors only counted)" : ""));
            }
        };
    }

    /**
     * After the ring has drained: the writer writes what is queued (if the database is up; else the
     * journal keeps it and the next start catches up), the last heartbeat says "stopped", and the
     * store closes (stopping the embedded server if this process started it).
     */
    @Override
    public void close() throws IOException {
        stopRuleChanges();
        if (writer != null) {
            writer.close();
        }
        if (heartbeat != null) {
            heartbeat.close();
            state = "stopped";
            heartbeat.beat();
        }
        store.close();
    }
}
