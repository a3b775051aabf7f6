package io.kavach.feed.connection;

import java.util.Random;

/**
 * Exponential reconnect delays with jitter: the n-th consecutive failure waits
 * {@code min(max, initial * 2^n)} plus up to {@code jitterFraction} of it on top (never above max),
 * so reconnecting clients do not stampede the broker. {@link #reset()} after a healthy connection.
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
        long base = initialMs;
        for (int i = 0; i < failures && base < maxMs; i++) {
            base *= 2;
        }
        if (failures < Integer.MAX_VALUE) {
            failures++;
        }
        final long capped = Math.min(maxMs, base);
        return Math.min(maxMs, capped + (long) (capped * jitterFraction * random.nextDouble()));
    }

    /** Consecutive failures so far. */
    public int failures() {
        return failures;
    }

    public void reset() {
        failures = 0;
    }
}
