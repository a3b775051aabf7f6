package io.kavach.feed.connection;

import java.util.Random;

/**
 * Reconnect delays: the first retry after a healthy connection comes at once, spread over
 * {@code jitterFraction × initial} (0–250 ms by default) so the engine is live again within a second of
 * a server that is already back; every further consecutive failure waits {@code min(max, initial × 2^(n−1))}
 * minus up to {@code jitterFraction} of it (1 s, 2 s, 4 s … 60 s nominal, never more), so reconnecting
 * clients do not stampede the broker and no wait exceeds its nominal step. {@link #reset()} after a
 * healthy connection.
 *
 * <p>Threading: owned by one connection's event loop.
 */
public final class ReconnectBackoff {
    private final long initialMs;
    private final long maxMs;
    private final double jitterFraction;
    private final Random random;
    private int failures;

    public ReconnectBackoff(final long initialMs, final long maxMs, final double jitterFraction, final Random random) {
        if (initialMs <= 0 || maxMs < initialMs || jitterFraction < 0 || jitterFraction > 1) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max and jitter in [0, 1]");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.jitterFraction = jitterFraction;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more consecutive failure. */
    public long nextDelayMs() {
        final int n = failures;
        if (failures < Integer.MAX_VALUE) {
            failures++;
        }
        if (n == 0) {
            return (long) (initialMs * jitterFraction * random.nextDouble());
        }
        long base = initialMs;
        for (int i = 1; i < n && base < maxMs; i++) {
            base *= 2;
        }
        final long capped = Math.min(maxMs, base);
        return capped - (long) (capped * jitterFraction * random.nextDouble());
    }

    /** Consecutive failures so far. */
    public int failures() {
        return failures;
    }

    public void reset() {
        failures = 0;
    }
}
