package io.kavach.order.live;

import io.netty.channel.EventLoop;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs test reads on the router's event loop, which owns its state. Threading: the test's thread. */
final class LoopCalls {
    private final EventLoop loop;

    LoopCalls(final EventLoop loop) {
        this.loop = loop;
    }

    /** {@code task} on the loop, waiting up to 30 s for its result. */
    <T> T onLoop(final Callable<T> task) {
        try {
            return loop.submit(task).get(30, TimeUnit.SECONDS);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code done} on the loop every 20 ms; fails naming {@code what} after {@code timeoutMs}. */
    void await(final BooleanSupplier done, final long timeoutMs, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!onLoop(done::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
