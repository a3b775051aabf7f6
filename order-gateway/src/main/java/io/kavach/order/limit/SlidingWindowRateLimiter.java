package io.kavach.order.limit;

/**
 * Exact sliding-window limiter: for each limit "N per W" it remembers the times of the last N
 * permits in a ring, and grants a new one only when the oldest of them is at least W + margin old.
 * So no window of W ms, anywhere, ever holds more than N permits, whatever the burst. A pause
 * (after a 429) blocks every permit until it ends. No allocation after construction.
 *
 * <p>Threading: owned by the gateway's event loop; not thread-safe.
 */
public final class SlidingWindowRateLimiter {
    private final int limitCount;
    private final long[][] rings;
    private final int[] heads;
    private final long[] spansMs;
    private long pausedUntilEpochMs = Long.MIN_VALUE;
    private long granted;

    public SlidingWindowRateLimiter(final RateLimits limits) {
        limitCount = limits.size();
        rings = new long[limitCount][];
        heads = new int[limitCount];
        spansMs = new long[limitCount];
        for (int i = 0; i < limitCount; i++) {
            rings[i] = new long[limits.count(i)];
            java.util.Arrays.fill(rings[i], Long.MIN_VALUE / 2);
            spansMs[i] = limits.windowMs(i) + limits.safetyMarginMs();
        }
    }

    /** Earliest time a permit can be granted (≤ now when one is available now). */
    public long nextPermitEpochMs(final long nowEpochMs) {
        long next = Math.max(nowEpochMs, pausedUntilEpochMs);
        for (int i = 0; i < limitCount; i++) {
            final long oldest = rings[i][heads[i]];
            next = Math.max(next, oldest + spansMs[i]);
        }
        return next;
    }

    /** Grants and records one permit if every limit allows it at {@code nowEpochMs}. */
    public boolean tryAcquire(final long nowEpochMs) {
        if (nextPermitEpochMs(nowEpochMs) > nowEpochMs) {
            return false;
        }
        for (int i = 0; i < limitCount; i++) {
            final long[] ring = rings[i];
            ring[heads[i]] = nowEpochMs;
            heads[i] = heads[i] + 1 == ring.length ? 0 : heads[i] + 1;
        }
        granted++;
        return true;
    }

    /** Blocks every permit until {@code untilEpochMs} (a 429 backoff); never shortens an existing pause. */
    public void pauseUntil(final long untilEpochMs) {
        pausedUntilEpochMs = Math.max(pausedUntilEpochMs, untilEpochMs);
    }

    public long pausedUntilEpochMs() {
        return pausedUntilEpochMs;
    }

    public long granted() {
        return granted;
    }
}
