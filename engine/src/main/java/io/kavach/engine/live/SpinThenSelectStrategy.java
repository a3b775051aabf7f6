package io.kavach.engine.live;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;

/**
 * A Netty {@link SelectStrategy} that, when its loop runs out of work, keeps polling the sockets
 * ({@code epoll_wait}/{@code selectNow} with no timeout) and the task queue for up to a bounded time
 * before the loop blocks. While it spins the loop counts as awake, so another thread's
 * {@code execute} only enqueues (Netty writes the wake-up eventfd only to a loop that is blocked) and
 * the task runs within a poll. A spin never outlasts the loop's next scheduled task (the intent
 * queue's journal-gate retry, the router's tick): it ends when that falls due, and the usual select
 * runs it. Tasks scheduled during a spin can only come from tasks, which end the spin first.
 *
 * <p>Threading: {@link #calculateStrategy} runs on the loop's thread; {@link #attach} once, before
 * the loop has work.
 */
final class SpinThenSelectStrategy implements SelectStrategy {
    /** Netty's {@code nextScheduledTaskDeadlineNanos()} and {@code deadlineToDelayNanos(long)}: protected, for loops. */
    private static final MethodHandle NEXT_DEADLINE_NANOS;
    private static final MethodHandle DELAY_NANOS;

    static {
        MethodHandle next = null;
        MethodHandle delay = null;
        try {
            final Method n = AbstractScheduledEventExecutor.class.getDeclaredMethod("nextScheduledTaskDeadlineNanos");
            final Method d = AbstractScheduledEventExecutor.class.getDeclaredMethod("deadlineToDelayNanos", long.class);
            n.setAccessible(true);
            d.setAccessible(true);
            next = MethodHandles.lookup().unreflect(n);
            delay = MethodHandles.lookup().unreflect(d);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another Netty: spins are then capped only by their length (a scheduled task runs up to one spin late)
            next = null;
            delay = null;
        }
        NEXT_DEADLINE_NANOS = next;
        DELAY_NANOS = delay;
    }

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
        final long deadline = System.nanoTime() + spinBudgetNanos(l);
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

    /** The spin, cut short to when the loop's next scheduled task falls due. */
    private long spinBudgetNanos(final SingleThreadEventLoop l) {
        if (NEXT_DEADLINE_NANOS == null) {
            return spinNanos;
        }
        try {
            final long next = (long) NEXT_DEADLINE_NANOS.invokeExact((AbstractScheduledEventExecutor) l);
            if (next == -1) {
                return spinNanos;
            }
            return Math.min(spinNanos, Math.max(0, (long) DELAY_NANOS.invokeExact(next)));
        } catch (Throwable e) {
            return spinNanos;
        }
    }
}
