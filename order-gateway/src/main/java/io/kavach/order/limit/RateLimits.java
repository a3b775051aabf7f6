package io.kavach.order.limit;

import java.util.Arrays;

/**
 * A set of "at most N calls in any window of W ms" limits, e.g. Upstox's 10/s, 500/min, 2,000 per
 * 30 min. Immutable; safe on any thread.
 */
public final class RateLimits {
    /** Upstox order placement/modify/cancel limits per user. */
    public static final int[] ORDER_COUNTS_DEFAULT = {10, 500, 2_000};
    public static final long[] ORDER_WINDOWS_MS_DEFAULT = {1_000L, 60_000L, 30 * 60_000L};
    /** Upstox limits for every other API (reads). */
    public static final int[] READ_COUNTS_DEFAULT = {50, 500, 2_000};
    public static final long[] READ_WINDOWS_MS_DEFAULT = {1_000L, 60_000L, 30 * 60_000L};
    /**
     * Added to every window: the broker counts arrivals, we count departures, and two requests can
     * take different times to get there. Spacing sends by window + margin keeps arrivals inside the limit.
     */
    public static final long SAFETY_MARGIN_MS_DEFAULT = 50L;

    final int[] counts;
    final long[] windowsMs;
    final long safetyMarginMs;

    public RateLimits(final int[] counts, final long[] windowsMs, final long safetyMarginMs) {
        if (counts.length != windowsMs.length || counts.length == 0) {
            throw new IllegalArgumentException("rate limits need one window per count");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] <= 0 || windowsMs[i] <= 0) {
                throw new IllegalArgumentException("rate limit " + i + " must be positive: " + counts[i] + " per " + windowsMs[i] + " ms");
            }
        }
        if (safetyMarginMs < 0) {
            throw new IllegalArgumentException("safety margin must not be negative");
        }
        this.counts = counts.clone();
        this.windowsMs = windowsMs.clone();
        this.safetyMarginMs = safetyMarginMs;
    }

    public static RateLimits orderDefaults() {
        return new RateLimits(ORDER_COUNTS_DEFAULT, ORDER_WINDOWS_MS_DEFAULT, SAFETY_MARGIN_MS_DEFAULT);
    }

    public static RateLimits readDefaults() {
        return new RateLimits(READ_COUNTS_DEFAULT, READ_WINDOWS_MS_DEFAULT, SAFETY_MARGIN_MS_DEFAULT);
    }

    public int size() {
        return counts.length;
    }

    public int count(final int i) {
        return counts[i];
    }

    public long windowMs(final int i) {
        return windowsMs[i];
    }

    public long safetyMarginMs() {
        return safetyMarginMs;
    }

    @Override
    public String toString() {
        return "RateLimits{counts=" + Arrays.toString(counts) + ", windowsMs=" + Arrays.toString(windowsMs)
                + ", marginMs=" + safetyMarginMs + '}';
    }
}
