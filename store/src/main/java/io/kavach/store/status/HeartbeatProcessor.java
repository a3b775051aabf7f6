package io.kavach.store.status;

import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;

import java.sql.Connection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes the service's heartbeat row every {@link #DEFAULT_INTERVAL_MS}: a status snapshot taken
 * from the engine's counters. A database that is down costs one failed attempt per interval,
 * reported to the error handler, and nothing else.
 *
 * <p>Threading: owns one scheduler thread ({@value #THREAD_NAME}); the snapshot supplier is called on
 * it and must read the engine's state only through thread-safe counters.
 */
public final class HeartbeatProcessor implements AutoCloseable {
    public static final String THREAD_NAME = "kavach-heartbeat";
    public static final long DEFAULT_INTERVAL_MS = 60_000;

    private final DatabaseEndpoint endpoint;
    private final Supplier<ServiceStatus> snapshot;
    private final Consumer<Exception> errorHandler;
    private final ServiceStatusRepository repository = new ServiceStatusRepository();
    private final ScheduledExecutorService scheduler;
    private final AtomicLong beats = new AtomicLong();

    public HeartbeatProcessor(final DatabaseEndpoint endpoint, final Supplier<ServiceStatus> snapshot,
                              final Consumer<Exception> errorHandler) {
        this.endpoint = endpoint;
        this.snapshot = snapshot;
        this.errorHandler = errorHandler;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
    }

    public HeartbeatProcessor start(final long intervalMs) {
        scheduler.scheduleAtFixedRate(this::beat, 0, intervalMs, TimeUnit.MILLISECONDS);
        return this;
    }

    public long beats() {
        return beats.get();
    }

    /** Writes one heartbeat now (also the last one, with state "stopped", at shutdown). */
    public void beat() {
        try (Connection c = endpoint.connect(THREAD_NAME)) {
            repository.upsert(Store.dsl(c), snapshot.get());
            beats.incrementAndGet();
        } catch (final Exception e) {
            errorHandler.accept(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
