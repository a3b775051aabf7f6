package io.kavach.store.writer;

import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import io.kavach.store.StoreTime;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Query;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import static io.kavach.store.jooq.Tables.MONITOR_LOG;
import static io.kavach.store.jooq.Tables.MONITOR_RULE;
import static io.kavach.store.jooq.Tables.ORDERS;
import static io.kavach.store.jooq.Tables.STORE_WATERMARK;
import static io.kavach.store.jooq.Tables.USERS;

/**
 * Writes monitor-log, order and user-halt rows off the ring, in batches, and never holds the engine up.
 *
 * <p>The producer (the engine's logic thread, the only one) {@link #offer offers} rows into a bounded
 * single-producer queue and says after each input event {@link #processedThrough how far} it got.
 * An offer never blocks: when the queue is full (the database has been down a while) the row is
 * dropped and the journal range of the drops remembered. The writer thread drains the
 * queue in batches of {@link #DEFAULT_BATCH_SIZE}, one transaction each, together with the
 * <em>watermark</em>: the {@link JournalPosition journal position} (IST day, input sequence) through
 * which every row is in the store. When the
 * database is down it keeps its current batch and retries with backoff; when it returns, the batch
 * is written, then the dropped range is re-created by the {@link CatchUpSource} (the journal) and
 * written. Every write is an idempotent upsert — monitor-log rows by (journal_day, journal_seq,
 * rule_id), orders by tag (or broker order id) guarded by journal position — so nothing is lost and
 * nothing doubled.
 * After a crash, the engine replays the journal from {@link #readWatermark} + 1 the same way.
 *
 * <p>Threading: {@link #offer}/{@link #processedThrough} by one producer thread; everything else on
 * the writer's own thread ({@value #THREAD_NAME}); counters readable anywhere.
 */
public final class StoreWriter implements AutoCloseable {
    public static final String THREAD_NAME = "kavach-store-writer";
    public static final int DEFAULT_QUEUE_CAPACITY = 65_536;
    public static final int DEFAULT_BATCH_SIZE = 512;
    public static final long IDLE_PARK_NS = 2_000_000;
    public static final long RECONNECT_BACKOFF_MIN_MS = 100;
    public static final long RECONNECT_BACKOFF_MAX_MS = 2_000;
    public static final String WATERMARK_STREAM = "engine";
    /** A watermark with no rows to go with it is written at most this often. */
    public static final long WATERMARK_ONLY_INTERVAL_MS = 1_000;
    private static final int PRICE_SCALE_DIGITS = 6; // io.kavach.config.Prices.PRICE_SCALE = 1e6

    private final DatabaseEndpoint endpoint;
    private final CatchUpSource catchUp;
    private final Consumer<Exception> errorHandler;
    private final int batchSize;
    private final OneToOneConcurrentArrayQueue<Object> queue;
    private final Thread thread;
    /** The {@link JournalPosition} through which inputs are journaled: rows of later inputs wait (journal first). */
    private volatile LongSupplier journaledThrough = () -> Long.MAX_VALUE;

    private final AtomicLong processedPosition = new AtomicLong(JournalPosition.NONE);
    private final Object dropLock = new Object();
    private long firstDropped = JournalPosition.NONE; // guarded by dropLock
    private long lastDropped = JournalPosition.NONE;  // guarded by dropLock

    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong caughtUp = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();
    private final AtomicLong watermark = new AtomicLong(-1);
    private volatile boolean databaseUp;
    private volatile boolean running = true;

    // writer thread only
    private final List<Object> batch = new ArrayList<>();
    private Connection connection;
    private long batchThrough = -1;
    private boolean batchDrainedQueue;
    private long lastWatermarkOnlyWriteNs;
    private long maxWritten = JournalPosition.NONE;

    public StoreWriter(final DatabaseEndpoint endpoint, final CatchUpSource catchUp, final Consumer<Exception> errorHandler,
                       final int queueCapacity, final int batchSize) {
        this.endpoint = endpoint;
        this.catchUp = catchUp;
        this.errorHandler = errorHandler;
        this.batchSize = batchSize;
        this.queue = new OneToOneConcurrentArrayQueue<>(queueCapacity);
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    public StoreWriter(final DatabaseEndpoint endpoint, final CatchUpSource catchUp, final Consumer<Exception> errorHandler) {
        this(endpoint, catchUp, errorHandler, DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE);
    }

    /**
     * Journal first: rows are written only once the input that caused them is journaled, so the store
     * never shows what a restart would not know happened. {@code journaledPosition} returns the
     * {@link JournalPosition} through which inputs are journaled; it is read on the writer thread.
     * Without it (tests, tools) rows are written as soon as they are offered. Call before {@link #start}.
     */
    public StoreWriter journalFirst(final LongSupplier journaledPosition) {
        this.journaledThrough = journaledPosition;
        return this;
    }

    public StoreWriter start() {
        thread.start();
        return this;
    }

    // ---- producer side ----------------------------------------------------------------------

    /** Never blocks; false when the row was dropped (it will be re-created from the journal). */
    public boolean offer(final MonitorLogEntry entry) {
        return offer(entry, entry.position());
    }

    /** Never blocks; false when the row was dropped (it will be re-created from the journal). */
    public boolean offer(final OrderRow order) {
        return offer(order, order.position());
    }

    /** Never blocks; false when the row was dropped (it will be re-created from the journal). */
    public boolean offer(final UserHaltRow halt) {
        return offer(halt, halt.position());
    }

    private boolean offer(final Object row, final long position) {
        offered.incrementAndGet();
        if (queue.offer(row)) {
            return true;
        }
        dropped.incrementAndGet();
        synchronized (dropLock) { // overflow path only, held for two field writes
            if (firstDropped < 0 || position < firstDropped) {
                firstDropped = position;
            }
            lastDropped = Math.max(lastDropped, position);
        }
        return false;
    }

    /** Every row of inputs up to this one (IST epoch day of its journal cycle, sequence) has been offered (or dropped). */
    public void processedThrough(final int journalDay, final long journalSeq) {
        processedPosition.lazySet(JournalPosition.of(journalDay, journalSeq));
    }

    // ---- status -------------------------------------------------------------------------------

    public long offered() {
        return offered.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    /** Rows re-created from the journal and written after drops. */
    public long caughtUp() {
        return caughtUp.get();
    }

    /** Rows the database refused as invalid (reported to the error handler one by one). */
    public long rejected() {
        return rejected.get();
    }

    public long outages() {
        return outages.get();
    }

    public boolean databaseUp() {
        return databaseUp;
    }

    /** The {@link JournalPosition} through which every row is known to be in the store ({@link JournalPosition#NONE}: none yet). */
    public long watermark() {
        return watermark.get();
    }

    /**
     * The stored watermark as a {@link JournalPosition}: a restarting engine replays its journal from
     * the next position ({@link JournalPosition#NONE} when nothing was written yet).
     */
    public static long readWatermark(final DSLContext dsl) {
        final var r = dsl.select(STORE_WATERMARK.JOURNAL_DAY, STORE_WATERMARK.JOURNAL_SEQ).from(STORE_WATERMARK)
            .where(STORE_WATERMARK.STREAM.eq(WATERMARK_STREAM)).fetchOne();
        return r == null ? JournalPosition.NONE : JournalPosition.of((int) r.value1().toEpochDay(), r.value2());
    }

    // ---- writer thread ------------------------------------------------------------------------

    private void run() {
        long backoffMs = RECONNECT_BACKOFF_MIN_MS;
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (connection == null) {
                    connection = endpoint.connect(THREAD_NAME);
                    if (!databaseUp) {
                        databaseUp = true;
                        watermark.set(Math.max(watermark.get(), readWatermark(Store.dsl(connection))));
                    }
                }
                final boolean didWork = step();
                backoffMs = RECONNECT_BACKOFF_MIN_MS;
                if (!didWork) {
                    if (!running) {
                        break;
                    }
                    LockSupport.parkNanos(IDLE_PARK_NS);
                }
            } catch (final SQLException | RuntimeException e) {
                if (databaseUp) {
                    outages.incrementAndGet();
                }
                databaseUp = false;
                errorHandler.accept(e);
                closeConnection();
                if (!running) {
                    break; // closing while the database is down: what is left comes back from the journal
                }
                sleepMs(backoffMs);
                backoffMs = Math.min(backoffMs * 2, RECONNECT_BACKOFF_MAX_MS);
            }
        }
        closeConnection();
    }

    /** One unit of work; false when there was nothing to do. */
    private boolean step() throws SQLException {
        if (batch.isEmpty()) {
            final long journaled = journaledThrough.getAsLong();
            // read before draining: every row up to it is queued or dropped
            batchThrough = Math.min(processedPosition.get(), journaled);
            batchDrainedQueue = true;
            while (true) {
                final Object row = queue.peek();
                if (row == null || positionOf(row) > journaled) {
                    break; // rows of inputs not yet journaled wait (queue order is journal order)
                }
                if (batch.size() == batchSize) {
                    batchDrainedQueue = false;
                    break;
                }
                batch.add(queue.poll());
            }
        }
        if (!batch.isEmpty()) {
            write(batch, batchDrainedQueue ? batchThrough : -1);
            written.addAndGet(batch.size());
            batch.clear();
            return true;
        }
        final long gapFrom;
        synchronized (dropLock) {
            gapFrom = firstDropped;
        }
        if (gapFrom >= 0 && batchThrough >= gapFrom) {
            catchUp(gapFrom, batchThrough);
            return true;
        }
        final long now = System.nanoTime(); // pacing only
        // at once when written rows wait for it, else at most once per interval (inputs without rows)
        if (batchThrough > watermark.get() && gapFrom < 0
            && (maxWritten > watermark.get() || now - lastWatermarkOnlyWriteNs >= WATERMARK_ONLY_INTERVAL_MS * 1_000_000)) {
            lastWatermarkOnlyWriteNs = now;
            write(List.of(), batchThrough);
            return true;
        }
        return false;
    }

    private void catchUp(final long from, final long through) throws SQLException {
        final List<Object> rows = new ArrayList<>();
        try {
            catchUp.replay(from, through, new StoreRowSink() {
                @Override
                public void monitorLog(final MonitorLogEntry entry) {
                    rows.add(entry);
                }

                @Override
                public void order(final OrderRow order) {
                    rows.add(order);
                }

                @Override
                public void userHalt(final UserHaltRow halt) {
                    rows.add(halt);
                }
            });
        } catch (final Exception e) {
            throw new IllegalStateException("catching the store up from journal position " + JournalPosition.toString(from)
                + " to " + JournalPosition.toString(through) + " failed", e);
        }
        for (int i = 0; i < rows.size(); i += batchSize) {
            write(rows.subList(i, Math.min(rows.size(), i + batchSize)), -1);
        }
        caughtUp.addAndGet(rows.size());
        synchronized (dropLock) {
            // drops after 'through' (made while we replayed) start a new gap; earlier ones are now written
            firstDropped = lastDropped > through ? through + 1 : JournalPosition.NONE;
            if (firstDropped < 0) {
                lastDropped = JournalPosition.NONE;
            }
        }
    }

    /**
     * Writes rows and (if {@code through >= 0} and no gap precedes it) the watermark, in one
     * transaction: one prepared JDBC batch per statement shape (fires, rule fire counts — one
     * update per rule, its highest count — orders keyed by tag, orders keyed by broker id).
     */
    private void write(final List<Object> rows, final long through) throws SQLException {
        final DSLContext dsl = Store.dsl(connection);
        final long newWatermark = through < 0 ? -1 : watermarkFor(through);
        try {
            dsl.transaction(cfg -> {
                final DSLContext tx = DSL.using(cfg);
                BatchBindStep logs = null;
                BatchBindStep byTag = null;
                BatchBindStep byBrokerId = null;
                final Map<Long, MonitorLogEntry> lastFireByRule = new LinkedHashMap<>();
                final List<UserHaltRow> halts = new ArrayList<>(0);
                for (final Object row : rows) {
                    if (row instanceof UserHaltRow h) {
                        halts.add(h); // rare: one statement each, after the orders
                    } else if (row instanceof MonitorLogEntry m) {
                        logs = (logs == null ? tx.batch(monitorLogInsert(tx, null)) : logs).bind(monitorLogValues(m));
                        lastFireByRule.merge(m.ruleId(), m, (a, b) -> b.fireCount() >= a.fireCount() ? b : a);
                    } else {
                        final OrderRow o = (OrderRow) row;
                        if (o.tag() != null) {
                            byTag = (byTag == null ? tx.batch(orderUpsert(tx, null, true)) : byTag).bind(orderValues(o).values().toArray());
                        } else {
                            byBrokerId = (byBrokerId == null ? tx.batch(orderUpsert(tx, null, false)) : byBrokerId)
                                .bind(orderValues(o).values().toArray());
                        }
                    }
                }
                if (logs != null) {
                    logs.execute();
                    BatchBindStep fires = tx.batch(fireCountUpdate(tx));
                    for (final MonitorLogEntry m : lastFireByRule.values()) {
                        fires = fires.bind(m.fireCount(), StoreTime.fromEpochMs(m.firedAtEpochMs()), m.ruleId());
                    }
                    fires.execute();
                }
                if (byTag != null) {
                    byTag.execute();
                }
                if (byBrokerId != null) {
                    byBrokerId.execute();
                }
                for (final UserHaltRow h : halts) {
                    writeUserHalt(tx, h);
                }
                if (newWatermark > watermark.get()) {
                    watermarkQuery(tx, newWatermark).execute();
                }
            });
        } catch (final org.jooq.exception.DataAccessException e) {
            if (isDataError(e)) {
                writeOneByOne(rows);
            } else {
                throw new SQLException("store write failed: " + e.getMessage(), e.sqlState(), e);
            }
        }
        for (final Object row : rows) {
            maxWritten = Math.max(maxWritten, positionOf(row));
        }
        if (newWatermark > watermark.get()) {
            watermark.set(newWatermark);
        }
    }

    private static long positionOf(final Object row) {
        if (row instanceof UserHaltRow h) {
            return h.position();
        }
        return row instanceof MonitorLogEntry m ? m.position() : ((OrderRow) row).position();
    }

    private long watermarkFor(final long through) {
        synchronized (dropLock) {
            return firstDropped >= 0 ? Math.min(through, firstDropped - 1) : through;
        }
    }

    /** A batch with an invalid row: every good row is written, each bad one reported and counted. */
    private void writeOneByOne(final List<Object> rows) throws SQLException {
        final DSLContext dsl = Store.dsl(connection);
        for (final Object row : rows) {
            try {
                dsl.transaction(cfg -> {
                    final List<Query> queries = new ArrayList<>(2);
                    addQueries(DSL.using(cfg), row, queries);
                    for (final Query q : queries) {
                        q.execute();
                    }
                });
            } catch (final org.jooq.exception.DataAccessException e) {
                if (!isDataError(e)) {
                    throw new SQLException("store write failed: " + e.getMessage(), e.sqlState(), e);
                }
                rejected.incrementAndGet();
                errorHandler.accept(new IllegalArgumentException("store refused " + describe(row) + ": " + e.getMessage(), e));
            }
        }
    }

    private static boolean isDataError(final org.jooq.exception.DataAccessException e) {
        final String state = e.sqlState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static String describe(final Object row) {
        if (row instanceof UserHaltRow h) {
            return "user halt row (journal " + JournalPosition.toString(h.position()) + ", user " + h.userId() + ")";
        }
        if (row instanceof MonitorLogEntry m) {
            return "monitor log row (journal " + JournalPosition.toString(m.position()) + ", rule " + m.ruleId() + ")";
        }
        final OrderRow o = (OrderRow) row;
        return "order row (journal " + JournalPosition.toString(o.position()) + ", tag " + o.tag() + ", broker order " + o.brokerOrderId() + ")";
    }

    private void addQueries(final DSLContext dsl, final Object row, final List<Query> queries) {
        if (row instanceof UserHaltRow h) {
            writeUserHalt(dsl, h);
        } else if (row instanceof MonitorLogEntry m) {
            queries.add(monitorLogInsert(dsl, m));
            queries.add(fireCountUpdate(dsl).bind(1, m.fireCount()).bind(2, StoreTime.fromEpochMs(m.firedAtEpochMs())).bind(3, m.ruleId()));
        } else {
            final OrderRow o = (OrderRow) row;
            queries.add(orderUpsert(dsl, o, o.tag() != null));
        }
    }

    /**
     * The user's halt state, never moved back in time: skipped when the stored {@code halted_at} is
     * later (a lift written before a re-created older halt). A user without a row has nothing to update.
     */
    private void writeUserHalt(final DSLContext dsl, final UserHaltRow h) {
        if (userHaltUpdate(dsl, h).execute() == 0 && !dsl.fetchExists(USERS, USERS.ID.eq(h.userId()))) {
            rejected.incrementAndGet();
            errorHandler.accept(new IllegalArgumentException("store: " + describe(h) + " not recorded: no users row with id " + h.userId()));
        }
    }

    private static Query userHaltUpdate(final DSLContext dsl, final UserHaltRow h) {
        final OffsetDateTime at = StoreTime.fromEpochMs(h.atEpochMs());
        return dsl.update(USERS)
            .set(USERS.HALTED, h.halted())
            .set(USERS.HALTED_AT, at)
            .set(USERS.HALT_REASON, h.reason())
            .set(USERS.UPDATED_AT, DSL.currentOffsetDateTime())
            .where(USERS.ID.eq(h.userId()))
            .and(USERS.HALTED_AT.isNull().or(USERS.HALTED_AT.le(at)));
    }

    /** With {@code m} null: the statement with its binds unset, for a batch. */
    private static Query monitorLogInsert(final DSLContext dsl, final MonitorLogEntry m) {
        final Object[] v = m == null ? new Object[10] : monitorLogValues(m);
        return dsl.insertInto(MONITOR_LOG)
            .set(MONITOR_LOG.JOURNAL_DAY, DSL.val((LocalDate) v[0], MONITOR_LOG.JOURNAL_DAY))
            .set(MONITOR_LOG.JOURNAL_SEQ, DSL.val((Long) v[1], MONITOR_LOG.JOURNAL_SEQ))
            .set(MONITOR_LOG.RULE_ID, DSL.val((Long) v[2], MONITOR_LOG.RULE_ID))
            .set(MONITOR_LOG.USER_ID, DSL.val((Integer) v[3], MONITOR_LOG.USER_ID))
            .set(MONITOR_LOG.TRIGGER_TYPE, DSL.val((String) v[4], MONITOR_LOG.TRIGGER_TYPE))
            .set(MONITOR_LOG.ACTION_TYPE, DSL.val((String) v[5], MONITOR_LOG.ACTION_TYPE))
            .set(MONITOR_LOG.TRIGGER_SNAPSHOT, DSL.val((JSONB) v[6], MONITOR_LOG.TRIGGER_SNAPSHOT))
            .set(MONITOR_LOG.ACTION_RESULT, DSL.val((JSONB) v[7], MONITOR_LOG.ACTION_RESULT))
            .set(MONITOR_LOG.ACTION_TAKEN, DSL.val((Boolean) v[8], MONITOR_LOG.ACTION_TAKEN))
            .set(MONITOR_LOG.FIRED_AT, DSL.val((OffsetDateTime) v[9], MONITOR_LOG.FIRED_AT))
            .onConflict(MONITOR_LOG.JOURNAL_DAY, MONITOR_LOG.JOURNAL_SEQ, MONITOR_LOG.RULE_ID).doNothing();
    }

    private static Object[] monitorLogValues(final MonitorLogEntry m) {
        return new Object[] {LocalDate.ofEpochDay(m.journalDay()), m.journalSeq(), m.ruleId(), m.userId(), m.triggerType(), m.actionType(),
            JSONB.valueOf(m.triggerSnapshotJson()), m.actionResultJson() == null ? null : JSONB.valueOf(m.actionResultJson()),
            m.actionTaken(), StoreTime.fromEpochMs(m.firedAtEpochMs())};
    }

    /** The rule's fire count and last fire time, never backwards (PostgreSQL's GREATEST skips NULL). Binds: count, time, id. */
    private static Query fireCountUpdate(final DSLContext dsl) {
        return dsl.update(MONITOR_RULE)
            .set(MONITOR_RULE.FIRE_COUNT, DSL.greatest(MONITOR_RULE.FIRE_COUNT, DSL.val((Integer) null, MONITOR_RULE.FIRE_COUNT)))
            .set(MONITOR_RULE.FIRED_AT, DSL.greatest(MONITOR_RULE.FIRED_AT, DSL.val((OffsetDateTime) null, MONITOR_RULE.FIRED_AT)))
            .where(MONITOR_RULE.ID.eq(DSL.val((Long) null, MONITOR_RULE.ID)));
    }

    /** The insert values of an order, in a fixed column order (the batch binds follow it). */
    private static Map<Field<?>, Object> orderValues(final OrderRow o) {
        final Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(ORDERS.USER_ID, o.userId());
        values.put(ORDERS.RULE_ID, o.ruleId() == 0 ? null : o.ruleId());
        values.put(ORDERS.INTENT_ID, o.intentId() == 0 ? null : o.intentId());
        values.put(ORDERS.TAG, o.tag());
        values.put(ORDERS.BROKER_ORDER_ID, o.brokerOrderId());
        values.put(ORDERS.INSTRUMENT_TOKEN, o.instrumentToken());
        values.put(ORDERS.SYMBOL, o.symbol());
        values.put(ORDERS.TRANSACTION_TYPE, o.transactionType());
        values.put(ORDERS.ORDER_TYPE, o.orderType());
        values.put(ORDERS.PRODUCT, o.product());
        values.put(ORDERS.VALIDITY, o.validity() == null ? "DAY" : o.validity());
        values.put(ORDERS.QUANTITY, o.quantity());
        values.put(ORDERS.PRICE, price(o.price()));
        values.put(ORDERS.TRIGGER_PRICE, price(o.triggerPrice()));
        values.put(ORDERS.STATUS, o.status());
        values.put(ORDERS.BROKER_STATUS, o.brokerStatus());
        values.put(ORDERS.STATUS_MESSAGE, o.statusMessage());
        values.put(ORDERS.FAILURE_REASON, o.failureReason());
        values.put(ORDERS.REJECTION_REASON, o.rejectionReason());
        values.put(ORDERS.RETRY_COUNT, o.retryCount());
        values.put(ORDERS.FIRST_FAILURE_AT, time(o.firstFailureAtEpochMs()));
        values.put(ORDERS.LAST_RETRY_AT, time(o.lastRetryAtEpochMs()));
        values.put(ORDERS.FILLED_QUANTITY, o.filledQuantity());
        values.put(ORDERS.AVERAGE_PRICE, price(o.averagePrice()));
        values.put(ORDERS.EXECUTED_AT, time(o.executedAtEpochMs()));
        values.put(ORDERS.LAST_STATUS_CHECK_AT, time(o.lastStatusCheckAtEpochMs()));
        values.put(ORDERS.IS_AMO, o.amo());
        values.put(ORDERS.PLACED_AT, time(o.placedAtEpochMs()));
        values.put(ORDERS.JOURNAL_DAY, LocalDate.ofEpochDay(o.journalDay()));
        values.put(ORDERS.JOURNAL_SEQ, o.journalSeq());
        return values;
    }

    /**
     * Insert-or-update of an order, keyed by tag or by broker order id, applied only when the row is
     * newer (journal day, then sequence) than what is stored. With {@code o} null: binds unset, for a batch.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Query orderUpsert(final DSLContext dsl, final OrderRow o, final boolean keyByTag) {
        final Map<Field<?>, Object> values = orderValues(o != null ? o : TEMPLATE_ORDER);
        final Map<Field<?>, Object> insert = new LinkedHashMap<>();
        for (final Map.Entry<Field<?>, Object> e : values.entrySet()) {
            insert.put(e.getKey(), DSL.val(o == null ? null : e.getValue(), (Field) e.getKey()));
        }
        final Map<Field<?>, Object> updates = new LinkedHashMap<>();
        for (final Field<?> f : values.keySet()) {
            if (f != ORDERS.USER_ID && f != ORDERS.PLACED_AT) {
                updates.put(f, DSL.excluded(f));
            }
        }
        updates.put(ORDERS.PLACED_AT, DSL.coalesce(ORDERS.PLACED_AT, DSL.excluded(ORDERS.PLACED_AT)));
        updates.put(ORDERS.UPDATED_AT, DSL.currentOffsetDateTime());
        if (keyByTag) {
            // the broker id arrives only with the acknowledgement: never erase one already known
            updates.put(ORDERS.BROKER_ORDER_ID, DSL.coalesce(DSL.excluded(ORDERS.BROKER_ORDER_ID), ORDERS.BROKER_ORDER_ID));
        }
        return dsl.insertInto(ORDERS).set(insert)
            .onConflict(keyByTag ? ORDERS.TAG : ORDERS.BROKER_ORDER_ID).doUpdate().set(updates)
            .where(DSL.row(ORDERS.JOURNAL_DAY, ORDERS.JOURNAL_SEQ).lt(DSL.row(DSL.excluded(ORDERS.JOURNAL_DAY), DSL.excluded(ORDERS.JOURNAL_SEQ))));
    }

    /** Only its shape matters: the column order of a batch's template. */
    private static final OrderRow TEMPLATE_ORDER = new OrderRow(0, 0, 0, 0, 0, null, null, null, null, null, null, null, null, 0,
        OrderRow.NONE, OrderRow.NONE, null, null, null, null, null, 0, OrderRow.NONE, OrderRow.NONE, 0, OrderRow.NONE,
        OrderRow.NONE, OrderRow.NONE, false, OrderRow.NONE);

    private static Query watermarkQuery(final DSLContext dsl, final long position) {
        final LocalDate day = LocalDate.ofEpochDay(JournalPosition.day(position));
        final long seq = JournalPosition.sequence(position);
        return dsl.insertInto(STORE_WATERMARK)
            .set(STORE_WATERMARK.STREAM, WATERMARK_STREAM)
            .set(STORE_WATERMARK.JOURNAL_DAY, day)
            .set(STORE_WATERMARK.JOURNAL_SEQ, seq)
            .onConflict(STORE_WATERMARK.STREAM).doUpdate()
            .set(STORE_WATERMARK.JOURNAL_DAY, day)
            .set(STORE_WATERMARK.JOURNAL_SEQ, seq)
            .set(STORE_WATERMARK.UPDATED_AT, DSL.currentOffsetDateTime())
            .where(DSL.row(STORE_WATERMARK.JOURNAL_DAY, STORE_WATERMARK.JOURNAL_SEQ).lt(day, seq));
    }

    private static BigDecimal price(final long fixed) {
        return fixed == OrderRow.NONE ? null : BigDecimal.valueOf(fixed, PRICE_SCALE_DIGITS);
    }

    private static OffsetDateTime time(final long epochMs) {
        return epochMs == OrderRow.NONE ? null : StoreTime.fromEpochMs(epochMs);
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (final SQLException e) {
                // the connection is gone either way
            }
            connection = null;
        }
    }

    private static void sleepMs(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued (while the database is up), then stops the writer thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
