package io.kavach.engine.live;

import io.kavach.engine.event.TimerType;
import io.kavach.engine.ring.InputPublisher;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The ring's only writer: one Netty event loop that every gateway shares. Feed frames, order
 * responses and paper fills are handled on it and published straight into the ring; anything
 * produced on another thread (the store poller, admin commands) is handed over with
 * {@link #execute(Runnable)}. It also publishes the clock: a {@link TimerType#CLOCK} timer every
 * {@code clockPeriodMs}, stamped with the wall clock — read here, in the gateway, and journaled, so
 * logic only ever sees time as an input.
 *
 * <p>Threading: {@link #publisher()} may only be used on {@link #eventLoop()}.
 */
public final class WriterLoop implements AutoCloseable {
    public static final long CLOCK_PERIOD_MS_DEFAULT = 1_000;

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final InputPublisher publisher;
    private final LongSupplier wallClockMs;
    private ScheduledFuture<?> clock;

    /** {@code wallClockMs} is {@code System::currentTimeMillis} in production and a fake in tests. */
    public WriterLoop(final InputPublisher publisher, final LongSupplier wallClockMs) {
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("kavach-writer", true));
        this.loop = group.next();
        this.publisher = publisher;
        this.wallClockMs = wallClockMs;
    }

    /** Starts publishing a clock timer every {@code periodMs}. */
    public void startClock(final long periodMs) {
        clock = loop.scheduleAtFixedRate(this::publishClock, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private void publishClock() {
        publisher.publishTimer(wallClockMs.getAsLong(), TimerType.CLOCK);
    }

    public EventLoop eventLoop() {
        return loop;
    }

    public EventLoopGroup group() {
        return group;
    }

    public InputPublisher publisher() {
        return publisher;
    }

    public void execute(final Runnable task) {
        loop.execute(task);
    }

    public boolean inLoop() {
        return loop.inEventLoop();
    }

    /** Stops publishing clock timers (on the loop: a tick already running finishes first). */
    public void stopClock() {
        if (clock != null) {
            clock.cancel(false);
        }
    }

    /** Stops the clock and the loop, letting tasks already handed over finish. */
    @Override
    public void close() {
        stopClock();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
