package io.kavach.engine.ring;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

/**
 * Spin, then yield, then sleep: a consumer that has just handled an event spins for
 * {@code spinNanos} (ticks of one socket read are published microseconds apart, so the rest of the
 * read finds it awake), then yields the core for up to {@code yieldNanos} more (a thread on the same
 * core, the writer loop among them, runs instead), and only then sleeps as {@link LiteBlockingWaitStrategy}
 * does. A publish pays for a wake-up (a futex call, and a context switch that on a small host often
 * preempts the publishing loop itself) only when the consumer has been idle for the whole backoff,
 * not on every tick of a burst as with {@code blocking}.
 *
 * <p>Unlike Disruptor's {@code PhasedBackoffWaitStrategy} (10,000 bare reads between clock checks) the
 * spin pauses the core ({@link Thread#onSpinWait()}) and reads the clock every {@link #SPINS_PER_CLOCK_READ}
 * reads (after every yield), so the phases last what they say. No wake-up can be lost: the sleeping phase is the
 * lite-blocking wait unchanged, with its flag-then-recheck protocol.
 *
 * <p>Threading: one instance per ring, shared by its consumers (each waits on its own stack) and its
 * publisher ({@link #signalAllWhenBlocking()}).
 */
public final class BackoffWaitStrategy implements WaitStrategy {
    /**
     * Covers the gaps between the ticks of one read (~0.5–1 µs); short, because a consumer woken onto
     * the writer loop's core holds it for as long as it spins (20 µs measured no better in the feed
     * harness, and costs the loop more when two consumers share two cores with it).
     */
    public static final long SPIN_NANOS_DEFAULT = 5_000;
    /** Spans the gap to the next read at tens of thousands of ticks a second (~100 µs apart at 50,000/s, 5 to a read). */
    public static final long YIELD_NANOS_DEFAULT = 65_000;
    private static final int SPINS_PER_CLOCK_READ = 64;

    private final long spinNanos;
    private final long backoffNanos;
    private final LiteBlockingWaitStrategy sleeping = new LiteBlockingWaitStrategy();

    public BackoffWaitStrategy(final long spinNanos, final long yieldNanos) {
        if (spinNanos < 0 || yieldNanos < 0) {
            throw new IllegalArgumentException("spin and yield times must be ≥ 0 ns, got " + spinNanos + " and " + yieldNanos);
        }
        this.spinNanos = spinNanos;
        this.backoffNanos = spinNanos + yieldNanos;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, InterruptedException {
        long available = dependentSequence.get();
        if (available >= sequence) {
            return available;
        }
        final long start = System.nanoTime(); // backoff phases only; nothing of it reaches logic
        int spins = 0;
        while (true) {
            available = dependentSequence.get();
            if (available >= sequence) {
                return available;
            }
            barrier.checkAlert();
            if (++spins < SPINS_PER_CLOCK_READ) {
                Thread.onSpinWait();
                continue;
            }
            spins = 0;
            final long waited = System.nanoTime() - start;
            if (waited > backoffNanos) {
                return sleeping.waitFor(sequence, cursor, dependentSequence, barrier);
            }
            if (waited > spinNanos) {
                Thread.yield();
                spins = SPINS_PER_CLOCK_READ - 1; // a yield takes a syscall or a whole slice: read the clock after each
            } else {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void signalAllWhenBlocking() {
        sleeping.signalAllWhenBlocking();
    }
}
