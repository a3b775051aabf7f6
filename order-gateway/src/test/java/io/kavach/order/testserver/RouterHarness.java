package io.kavach.order.testserver;

import io.kavach.config.time.MarketCalendar;
import io.kavach.order.OrderGatewayConfig;
import io.kavach.order.OrderIntent;
import io.kavach.order.live.LiveOrderRouter;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A live router on its own single-thread event loop, pointed at an {@link UpstoxTestServer} on
 * loopback, with a fake clock both share. Time moves only through {@link #advanceTo} /
 * {@link #runUntil}, which first wait until every written request has been answered or is being
 * held by the server, so server arrival times equal client send times exactly.
 */
public final class RouterHarness implements AutoCloseable {
    public static final String TOKEN = "tok-SECRET-abc123";
    /** Friday 2026-11-20 10:00:00 IST, a trading day in the middle of the session. */
    public static final long SESSION_MS = java.time.ZonedDateTime.of(2026, 11, 20, 10, 0, 0, 0,
            java.time.ZoneId.of("Asia/Kolkata")).toInstant().toEpochMilli();

    public final FakeEpochClock clock;
    public final UpstoxTestServer server;
    public final NioEventLoopGroup group = new NioEventLoopGroup(1);
    public final EventLoop loop = group.next();
    public final RecordingOrderEventHandler events = new RecordingOrderEventHandler();
    public final OrderGatewayConfig config;
    public final LiveOrderRouter router;

    public RouterHarness(final long startEpochMs, final java.util.function.Consumer<OrderGatewayConfig> tweak) throws Exception {
        clock = new FakeEpochClock(startEpochMs);
        server = new UpstoxTestServer(clock);
        config = new OrderGatewayConfig()
                .orderBaseUri(server.baseUri())
                .readBaseUri(server.baseUri())
                .accessToken(TOKEN)
                .algoName("kavach-test")
                .autoTick(false)
                .requestTimeoutMs(5_000)
                .lookupSettleMs(2_000);
        tweak.accept(config);
        router = onLoop(() -> new LiveOrderRouter(config, loop, clock, events, MarketCalendar.nseDefault()));
        onLoop(() -> {
            router.start();
            return null;
        });
        awaitQuiet(10_000);
        tick(); // the start-up reconciliation (order book, positions) is done before a test begins
    }

    public <T> T onLoop(final Callable<T> task) {
        try {
            return loop.submit(task).get(30, TimeUnit.SECONDS);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public int submit(final OrderIntent intent) {
        return onLoop(() -> router.submit(intent));
    }

    /** Waits (real time) until all written requests arrived and every answer the server sent was read. */
    public void awaitQuiet(final long timeoutMs) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            final boolean quiet = onLoop(() -> {
                final long written = router.orderRequestsWritten() + router.readRequestsWritten();
                final long[] counts = server.counts();
                return written == counts[0] && router.responsesReceived() == counts[1] && connectingDone();
            });
            if (quiet) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("router did not go quiet: written=" + onLoop(() -> router.orderRequestsWritten() + router.readRequestsWritten())
                        + " arrived=" + server.requestCount() + " answered=" + server.responsesSent()
                        + " read=" + onLoop(router::responsesReceived) + " requests="
                        + server.requests().stream().map(r -> r.method + " " + r.path + " " + r.fault).collect(java.util.stream.Collectors.toList()));
            }
            Thread.onSpinWait();
        }
    }

    private boolean connectingDone() {
        return router.connectingCount() == 0;
    }

    /** One tick at the current fake time, then wait until quiet. */
    public void tick() {
        onLoop(() -> {
            router.tick();
            return null;
        });
        awaitQuiet(10_000);
    }

    /** Moves the fake clock forward to {@code epochMs}, stopping at every wake-up on the way. */
    public void advanceTo(final long epochMs) {
        tick();
        while (true) {
            final long next = onLoop(router::nextWakeEpochMs);
            if (next > epochMs) {
                clock.set(epochMs);
                tick();
                return;
            }
            step(next);
        }
    }

    /** Sets the clock to {@code next}, or 1 ms on when the router wants to run again at the current time. */
    private void step(final long next) {
        clock.set(Math.max(clock.time() + (next <= clock.time() ? 1 : 0), next));
        tick();
    }

    public void advanceBy(final long ms) {
        advanceTo(clock.time() + ms);
    }

    /** Drives fake time from wake-up to wake-up until {@code done} (checked on the loop) or the fake deadline. */
    public void runUntil(final BooleanSupplier done, final long fakeDeadlineEpochMs) {
        tick();
        while (!onLoop(done::getAsBoolean)) {
            final long next = onLoop(router::nextWakeEpochMs);
            if (next > fakeDeadlineEpochMs) {
                throw new AssertionError("not done by the fake deadline; next wake-up " + next);
            }
            step(next);
        }
    }

    @Override
    public void close() {
        onLoop(() -> {
            router.close();
            return null;
        });
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        server.close();
    }
}
