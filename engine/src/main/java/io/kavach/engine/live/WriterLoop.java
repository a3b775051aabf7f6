package io.kavach.engine.live;

import io.kavach.engine.event.TimerType;
import io.kavach.engine.ring.InputPublisher;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
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
 * <p>The loop runs Netty's epoll transport where it is available and NIO elsewhere
 * ({@link WriterLoopSettings}); everything that opens a channel on it (feeds, order pools, the admin
 * port) takes the matching channel class from the loop. Optionally it spins for a bounded time before
 * blocking ({@link SpinThenSelectStrategy}), so an intent handed over by the logic thread needs no
 * wake-up. It runs every queued task after each batch of I/O (I/O ratio 100): its tasks are the
 * intents' hand-off, which should not wait for an I/O time budget.
 *
 * <p>Threading: {@link #publisher()} may only be used on {@link #eventLoop()}.
 */
public final class WriterLoop implements AutoCloseable {
    public static final long CLOCK_PERIOD_MS_DEFAULT = 1_000;

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final LoopTransport transport;
    private final long spinMicros;
    private final InputPublisher publisher;
    private final LongSupplier wallClockMs;
    private ScheduledFuture<?> clock;

    /** {@code wallClockMs} is {@code System::currentTimeMillis} in production and a fake in tests. */
    public WriterLoop(final InputPublisher publisher, final LongSupplier wallClockMs) {
        this(publisher, wallClockMs, WriterLoopSettings.defaults());
    }

    /** As {@link #WriterLoop(InputPublisher, LongSupplier)} with the transport and spin of {@code settings}. */
    public WriterLoop(final InputPublisher publisher, final LongSupplier wallClockMs, final WriterLoopSettings settings) {
        this.transport = settings.transport().resolve();
        this.spinMicros = settings.resolvedSpinMicros(Runtime.getRuntime().availableProcessors());
        final SpinThenSelectStrategy spin = spinMicros > 0 ? new SpinThenSelectStrategy(TimeUnit.MICROSECONDS.toNanos(spinMicros)) : null;
        final SelectStrategyFactory strategies = spin == null ? DefaultSelectStrategyFactory.INSTANCE : () -> spin;
        final DefaultThreadFactory threads = new DefaultThreadFactory("kavach-writer", true);
        if (transport == LoopTransport.EPOLL) {
            final EpollEventLoopGroup epoll = new EpollEventLoopGroup(1, threads, strategies);
            epoll.setIoRatio(100);
            this.group = epoll;
        } else {
            final NioEventLoopGroup nio = new NioEventLoopGroup(1, threads, java.nio.channels.spi.SelectorProvider.provider(), strategies);
            nio.setIoRatio(100);
            this.group = nio;
        }
        this.loop = group.next();
        if (spin != null) {
            spin.attach((SingleThreadEventLoop) loop);
        }
        this.publisher = publisher;
        this.wallClockMs = wallClockMs;
    }

    /** The transport the loop runs: {@link LoopTransport#EPOLL} or {@link LoopTransport#NIO}. */
    public LoopTransport transport() {
        return transport;
    }

    /** How long the loop spins before blocking, 0 when it never does. */
    public long spinMicros() {
        return spinMicros;
    }

    /** The client socket channel class for this loop's transport. */
    public Class<? extends SocketChannel> socketChannelClass() {
        return transport == LoopTransport.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The server socket channel class for this loop's transport. */
    public Class<? extends ServerSocketChannel> serverChannelClass() {
        return transport == LoopTransport.EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
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
