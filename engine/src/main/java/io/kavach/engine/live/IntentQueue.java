package io.kavach.engine.live;

import io.kavach.engine.journal.SideEffectGate;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderRouter;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executor;

/**
 * The order outbox: a single-producer, single-consumer ring of pre-allocated gateway intents from
 * the logic thread to the writer loop, where the order router runs. An intent leaves only when the
 * input that caused it is journaled ({@link SideEffectGate}): journal first for side effects. The
 * loop is woken with one pre-allocated task when the queue turns non-empty, so a busy stream of
 * intents costs no allocation.
 *
 * <p>Threading: {@link #claim}/{@link #commit} on the logic thread; {@link #drain} on the writer loop.
 */
public final class IntentQueue {
    public static final int CAPACITY_DEFAULT = 4096;
    /** How long a held intent waits before the loop asks the journal again. */
    private static final long HOLD_RETRY_NANOS = 20_000;

    private final OrderIntent[] intents;
    private final long[] causeSequence;
    private final long[] causeReceivedNanos;
    private final int mask;
    private final AtomicLong tail = new AtomicLong(); // next slot the producer fills
    private final AtomicLong head = new AtomicLong(); // next slot the consumer sends
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainFromLoop;
    private final Histogram tickToIntentNanos = new Histogram(3_600_000_000_000L, 3);
    private Executor loop;
    private SideEffectGate gate = SideEffectGate.RELEASE_ALL;
    private OrderRouter router;
    private long overflows;
    private long sent;
    private long suppressed;

    public IntentQueue(final int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        intents = new OrderIntent[capacity];
        for (int i = 0; i < capacity; i++) {
            intents[i] = new OrderIntent();
        }
        causeSequence = new long[capacity];
        causeReceivedNanos = new long[capacity];
        mask = capacity - 1;
    }

    /** Connects the consumer side: the loop to wake, the journal gate and the router to send to. */
    public void connect(final Executor writerLoop, final SideEffectGate journalGate, final OrderRouter orderRouter) {
        this.loop = writerLoop;
        this.gate = journalGate;
        this.router = orderRouter;
    }

    /** A cleared intent to fill, or null when the queue is full (counted: the loop is not keeping up). */
    public OrderIntent claim() {
        final long t = tail.get();
        if (t - head.get() >= intents.length) {
            overflows++;
            return null;
        }
        return intents[(int) (t & mask)].reset();
    }

    /** Publishes the claimed intent, caused by input {@code causeInputSequence} received at {@code receivedNanos}. */
    public void commit(final long causeInputSequence, final long receivedNanos) {
        final long t = tail.get();
        causeSequence[(int) (t & mask)] = causeInputSequence;
        causeReceivedNanos[(int) (t & mask)] = receivedNanos;
        tail.lazySet(t + 1);
        if (loop != null && !wakeScheduled.get() && wakeScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    private void drainFromLoop() {
        wakeScheduled.set(false);
        drain();
    }

    /** Sends every intent whose cause is journaled, in order; returns how many left the queue. */
    public int drain() {
        int n = 0;
        long h = head.get();
        final long t = tail.get();
        while (h < t) {
            final int slot = (int) (h & mask);
            final int decision = gate.decide(causeSequence[slot]);
            if (decision == SideEffectGate.HOLD) {
                scheduleRetry();
                break;
            }
            if (decision == SideEffectGate.RELEASE) {
                router.submit(intents[slot]);
                sent++;
                // metrics only: the wall clock never reaches the logic
                if (causeReceivedNanos[slot] > 0) {
                    tickToIntentNanos.recordValue(Math.max(0, System.nanoTime() - causeReceivedNanos[slot]));
                }
            } else {
                suppressed++;
            }
            h++;
            n++;
        }
        head.lazySet(h);
        return n;
    }

    private void scheduleRetry() {
        if (loop instanceof io.netty.channel.EventLoop && wakeScheduled.compareAndSet(false, true)) {
            ((io.netty.channel.EventLoop) loop).schedule(drainTask, HOLD_RETRY_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Receive-to-router latency of sent intents; read it on the writer loop (or after it stopped). */
    public Histogram tickToIntentNanos() {
        return tickToIntentNanos;
    }

    public long overflows() {
        return overflows;
    }

    public long sent() {
        return sent;
    }

    public long suppressed() {
        return suppressed;
    }

    public long pending() {
        return tail.get() - head.get();
    }
}
