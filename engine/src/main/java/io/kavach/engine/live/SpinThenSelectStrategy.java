package io.kavach.engine.live;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.IntSupplier;

/**
 * A Netty {@link SelectStrategy} that, when its loop runs out of work, keeps polling the sockets
 * ({@code epoll_wait}/{@code selectNow} with no timeout) and the task queue for up to a bounded time
 * before the loop blocks. While it spins the loop counts as awake, so another thread's
 * {@code execute} only enqueues (Netty writes the wake-up eventfd only to a loop that is blocked) and
 * the task runs within a poll. After the spin the usual blocking select follows, which also serves
 * scheduled tasks; a scheduled task falling due during a spin runs up to one spin late.
 *
 * <p>Threading: {@link #calculateStrategy} runs on the loop's thread; {@link #attach} once, before
 * the loop has work.
 */
final class SpinThenSelectStrategy implements SelectStrategy {
    private final long spinNanos;
    private volatile SingleThreadEventLoop loop;

    SpinThenSelectStrategy(final long spinNanos) {
        this.spinNanos = spinNanos;
    }

    /** The loop whose task queue to watch while spinning (the group builds the strategy before the loop exists). */
    void attach(final SingleThreadEventLoop eventLoop) {
        this.loop = eventLoop;
    }

    @Override
    public int calculateStrategy(final IntSupplier selectNow, final boolean hasTasks) throws Exception {
        if (hasTasks) {
            return selectNow.get();
        }
        final SingleThreadEventLoop l = loop;
        if (l == null) {
            return SELECT;
        }
        final long deadline = System.nanoTime() + spinNanos;
        do {
            final int ready = selectNow.get();
            if (ready > 0) {
                return ready;
            }
            if (l.pendingTasks() > 0) {
                return 0; // no I/O ready: the loop goes straight to its tasks
            }
            Thread.onSpinWait();
        } while (System.nanoTime() - deadline < 0);
        return SELECT;
    }
}
