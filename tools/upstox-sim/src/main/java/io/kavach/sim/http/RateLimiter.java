package io.kavach.sim.http;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Upstox's per-user request limits, enforced the way the broker does: a call over any window is
 * answered 429 (UDAPI10005). Order calls (place/modify/cancel) and other APIs are counted apart.
 * Every received call counts, answered or not.
 *
 * <p>Owned by the simulator's event loop. Reads the wall clock: rate limits are in real time.
 */
public final class RateLimiter {
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long MINUTE_NS = 60 * SECOND_NS;
    private static final long HALF_HOUR_NS = 30 * MINUTE_NS;

    /** Limits per second, per minute and per 30 minutes. */
    public record Limits(int perSecond, int perMinute, int perHalfHour) {
        public static final Limits UPSTOX_ORDER_CALLS = new Limits(10, 500, 2_000);
        public static final Limits UPSTOX_OTHER_CALLS = new Limits(50, 500, 2_000);
    }

    private final Limits orderLimits;
    private final Limits otherLimits;
    private final Map<String, ArrayDeque<Long>> calls = new HashMap<>();
    private long violations;

    public RateLimiter(final Limits orderLimits, final Limits otherLimits) {
        this.orderLimits = orderLimits;
        this.otherLimits = otherLimits;
    }

    /** Counts a call; true when it is within every window (including itself). */
    public boolean admit(final String userId, final boolean orderCall, final long nowNanos) {
        final ArrayDeque<Long> times = calls.computeIfAbsent(userId + (orderCall ? "/order" : "/other"), k -> new ArrayDeque<>());
        while (!times.isEmpty() && nowNanos - times.peekFirst() >= HALF_HOUR_NS) {
            times.pollFirst();
        }
        times.addLast(nowNanos);
        final Limits limits = orderCall ? orderLimits : otherLimits;
        final boolean ok = times.size() <= limits.perHalfHour()
            && countSince(times, nowNanos - MINUTE_NS) <= limits.perMinute()
            && countSince(times, nowNanos - SECOND_NS) <= limits.perSecond();
        if (!ok) {
            violations++;
        }
        return ok;
    }

    public long violations() {
        return violations;
    }

    private static int countSince(final ArrayDeque<Long> times, final long fromNanos) {
        int n = 0;
        final var it = times.descendingIterator();
        while (it.hasNext() && it.next() > fromNanos) {
            n++;
        }
        return n;
    }
}
