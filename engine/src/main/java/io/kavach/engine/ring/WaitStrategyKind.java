package io.kavach.engine.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.Locale;

/**
 * How the ring's consumers wait for the next event. {@link #BLOCKING} (the default) is kind to a
 * shared machine: consumers sleep on a monitor, and a publish pays for a wake-up only when one is
 * asleep (Disruptor's {@link LiteBlockingWaitStrategy}; its {@code BlockingWaitStrategy} locks and
 * notifies on every publish). {@link #YIELDING} spins and yields the core to any
 * other runnable thread: busy-spin latency while the core is free, without starving JVM service
 * threads on a small host. {@link #BUSY_SPIN} burns a core per consumer for the lowest latency and
 * belongs on a dedicated host with isolated cores.
 */
public enum WaitStrategyKind {
    BLOCKING("blocking"), BACKOFF("backoff"), SLEEPING("sleeping"), YIELDING("yielding"), BUSY_SPIN("busy-spin");

    public final String label;

    WaitStrategyKind(final String label) {
        this.label = label;
    }

    public WaitStrategy newWaitStrategy() {
        switch (this) {
            case BUSY_SPIN: return new BusySpinWaitStrategy();
            case YIELDING: return new YieldingWaitStrategy();
            case SLEEPING: return new SleepingWaitStrategy();
            case BACKOFF: return new BackoffWaitStrategy(spinNanos(), yieldNanos());
            default: return new LiteBlockingWaitStrategy();
        }
    }

    // TEMP tuning hooks
    private static long spinNanos() {
        return Long.getLong("kavach.backoff.spin.ns", BackoffWaitStrategy.SPIN_NANOS_DEFAULT);
    }

    private static long yieldNanos() {
        return Long.getLong("kavach.backoff.yield.ns", BackoffWaitStrategy.YIELD_NANOS_DEFAULT);
    }

    public static WaitStrategyKind parse(final String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        for (WaitStrategyKind k : values()) {
            if (k.label.equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown wait strategy '" + text + "': expected blocking, backoff, sleeping, yielding or busy-spin");
    }
}
