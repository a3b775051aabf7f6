package io.kavach.replay;

import io.kavach.engine.journal.JournalReplaySource;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Holds each replayed event until its event-time offset from the first event, divided by the speed
 * factor, has passed on the wall clock. The wall clock is read here, in the replay tool's producer,
 * only to pace; the engine's logic sees event times only, so output does not depend on the speed.
 *
 * <p>Threading: the replay producer thread.
 */
public final class WallClockPacer implements JournalReplaySource.EventPacer {
    /** Below this the pacer spins rather than parks, to keep 100x gaps of a few µs accurate. */
    static final long SPIN_THRESHOLD_NANOS = 50_000;

    private final long factor;
    private final LongSupplier nanoClock;
    private long firstEventTimeMs = Long.MIN_VALUE;
    private long firstWallNanos;

    public WallClockPacer(final long factor, final LongSupplier nanoClock) {
        if (factor <= 0) {
            throw new IllegalArgumentException("pacing factor must be positive, got " + factor);
        }
        this.factor = factor;
        this.nanoClock = nanoClock;
    }

    @Override
    public void awaitEventTime(final long eventTimeEpochMs) {
        if (firstEventTimeMs == Long.MIN_VALUE) {
            firstEventTimeMs = eventTimeEpochMs;
            firstWallNanos = nanoClock.getAsLong();
            return;
        }
        final long dueNanos = firstWallNanos + dueOffsetNanos(eventTimeEpochMs);
        long remaining;
        while ((remaining = dueNanos - nanoClock.getAsLong()) > 0) {
            if (remaining > SPIN_THRESHOLD_NANOS) {
                LockSupport.parkNanos(remaining - SPIN_THRESHOLD_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** Wall-clock offset from the first event at which an event is due; a clock running backwards is not waited for. */
    long dueOffsetNanos(final long eventTimeEpochMs) {
        final long gapMs = Math.max(0, eventTimeEpochMs - firstEventTimeMs);
        return gapMs * 1_000_000L / factor;
    }
}
