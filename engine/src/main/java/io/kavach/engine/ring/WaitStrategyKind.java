package io.kavach.engine.ring;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.Locale;

/**
 * How the ring's consumers wait for the next event (engine/README.md, "Wait strategy", has the
 * measurements behind the choice).
 * <ul>
 * <li>{@link #BACKOFF} (the default): spin ~5 µs, yield ~65 µs, then sleep ({@link BackoffWaitStrategy}).
 *     Ticks of one socket read find the consumer awake, so the writer loop publishes them without a
 *     wake-up each; an idle engine sleeps.</li>
 * <li>{@link #BLOCKING}: sleep at once on a monitor (Disruptor's {@link LiteBlockingWaitStrategy}: a
 *     publish pays a wake-up only when a consumer is asleep — at tick rates that is nearly every
 *     publish, ~8–10 µs of the writer loop each on a 2-vCPU VM, and the woken consumer often preempts
 *     the loop mid-read). The least CPU; for a host shared with other work where latency matters less.</li>
 * <li>{@link #SLEEPING}: Disruptor's spin/yield/{@code parkNanos} poll: the publisher never pays, the
 *     consumer sees an event up to a timer-slack late (~50–60 µs on Linux) once it has dozed off.</li>
 * <li>{@link #YIELDING}: spin and yield for ever: busy-spin latency while the core is free; on a host
 *     loaded by other processes a yield can hand a whole scheduler slice (ms) to them.</li>
 * <li>{@link #BUSY_SPIN}: burn a core per consumer, for a host with a core isolated per spinning thread.</li>
 * </ul>
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
            case BACKOFF: return new BackoffWaitStrategy(BackoffWaitStrategy.SPIN_NANOS_DEFAULT, BackoffWaitStrategy.YIELD_NANOS_DEFAULT);
            default: return new LiteBlockingWaitStrategy();
        }
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
