package io.kavach.engine.risk;

import io.kavach.config.time.MarketClock;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * Pre-trade checks per user: a daily loss limit that puts the user in HALTED (entries refused,
 * exits allowed) until the next IST day, a cap on orders per minute, and a kill switch (global or
 * per user) that refuses every new order and modification; cancellations stay allowed so exposure
 * can always shrink. Time is event time.
 *
 * <p>Threading: owned by the logic thread. Allocation-free except the first check of a new user.
 */
public final class RiskGuard {
    public static final byte OK = 0;
    public static final byte REFUSED_KILL_SWITCH = 1;
    public static final byte REFUSED_HALTED = 2;
    public static final byte REFUSED_RATE_LIMIT = 3;

    public static final byte STATE_ACTIVE = 0;
    public static final byte STATE_HALTED = 1;

    private static final long MINUTE_MS = MarketClock.MS_PER_MINUTE;

    /** Told when a user's daily-loss halt starts or is lifted (the next IST day); logic thread, rare. */
    @FunctionalInterface
    public interface HaltHandler {
        /**
         * @param dayPnl      the day's P&amp;L (fixed point) that halted the user; 0 for a lift
         * @param eventTimeMs event time of the input that made the change
         */
        void onHaltChange(int userId, boolean halted, long dayPnl, long eventTimeMs);
    }

    private HaltHandler haltHandler = (userId, halted, dayPnl, eventTimeMs) -> { };

    private RiskLimits defaults;
    private final Int2ObjectHashMap<RiskLimits> limitsByUser = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<UserState> states = new Int2ObjectHashMap<>();
    private boolean killSwitch;

    public RiskGuard(final RiskLimits defaults) {
        this.defaults = defaults;
    }

    /** Who hears of halts and lifts (the store's rows); set before the first event. */
    public void setHaltHandler(final HaltHandler handler) {
        this.haltHandler = handler;
    }

    /**
     * New limits for every user without limits of their own, from now on; the day's P&amp;L, a halt
     * already in force (it lasts the IST day) and the orders of the trailing minute are kept.
     */
    public void setDefaults(final RiskLimits limits) {
        defaults = limits;
        states.forEach((userId, s) -> {
            if (!limitsByUser.containsKey(userId)) {
                s.limits = limits;
            }
        });
    }

    public RiskLimits defaults() {
        return defaults;
    }

    public void setLimits(final int userId, final RiskLimits limits) {
        limitsByUser.put(userId, limits);
        states.remove(userId);
    }

    public RiskLimits limits(final int userId) {
        final RiskLimits l = limitsByUser.get(userId);
        return l == null ? defaults : l;
    }

    public void setKillSwitch(final boolean engaged) {
        killSwitch = engaged;
    }

    public boolean killSwitch() {
        return killSwitch;
    }

    public void setUserKillSwitch(final int userId, final boolean engaged) {
        state(userId).killed = engaged;
    }

    public byte state(final int userId, final long nowMs) {
        final UserState s = state(userId);
        rollDay(userId, s, nowMs, 0);
        return s.halted ? STATE_HALTED : STATE_ACTIVE;
    }

    /**
     * Checks an order intent about to leave; on OK counts it against the per-minute cap.
     *
     * @param exit         a reduce-only exit (allowed while halted)
     * @param cancellation a cancel (allowed even under the kill switch)
     */
    public byte checkOrder(final int userId, final boolean exit, final boolean cancellation, final long nowMs) {
        final UserState s = state(userId);
        rollDay(userId, s, nowMs, s.lastPnl);
        if ((killSwitch || s.killed) && !cancellation) {
            return REFUSED_KILL_SWITCH;
        }
        if (s.halted && !exit && !cancellation) {
            return REFUSED_HALTED;
        }
        final int cap = s.limits.maxOrdersPerMinute();
        if (cap > 0) {
            if (s.times.length != cap) {
                s.times = new long[cap];
                s.count = 0;
                s.next = 0;
            }
            if (s.count == cap && nowMs - s.times[s.next] < MINUTE_MS) {
                return REFUSED_RATE_LIMIT;
            }
            s.times[s.next] = nowMs;
            s.next = (s.next + 1) % cap;
            if (s.count < cap) {
                s.count++;
            }
        }
        return OK;
    }

    /**
     * Reports the user's current total P&amp;L (fixed point). Returns true exactly when this report
     * halts the user (the day's P&amp;L reached minus the daily loss limit).
     */
    public boolean onPnl(final int userId, final long totalPnl, final long nowMs) {
        final UserState s = state(userId);
        rollDay(userId, s, nowMs, totalPnl);
        s.lastPnl = totalPnl;
        final long limit = s.limits.dailyLossLimit();
        if (limit > 0 && !s.halted && totalPnl - s.dayStartPnl <= -limit) {
            s.halted = true;
            haltHandler.onHaltChange(userId, true, totalPnl - s.dayStartPnl, nowMs);
            return true;
        }
        return false;
    }

    /** The day's P&amp;L as last reported (fixed point). */
    public long dayPnl(final int userId) {
        final UserState s = state(userId);
        return s.lastPnl - s.dayStartPnl;
    }

    private void rollDay(final int userId, final UserState s, final long nowMs, final long pnlNow) {
        final long day = MarketClock.istEpochDay(nowMs);
        if (day != s.day) {
            if (s.day != Long.MIN_VALUE) {
                s.dayStartPnl = s.lastPnl;
            } else {
                s.dayStartPnl = 0;
                s.lastPnl = pnlNow;
            }
            s.day = day;
            if (s.halted) {
                s.halted = false;
                haltHandler.onHaltChange(userId, false, 0, nowMs);
            }
        }
    }

    private UserState state(final int userId) {
        UserState s = states.get(userId);
        if (s == null) {
            s = new UserState(limits(userId));
            states.put(userId, s);
        }
        return s;
    }

    public static String resultName(final byte code) {
        switch (code) {
            case OK: return "OK";
            case REFUSED_KILL_SWITCH: return "REFUSED_KILL_SWITCH";
            case REFUSED_HALTED: return "REFUSED_HALTED";
            case REFUSED_RATE_LIMIT: return "REFUSED_RATE_LIMIT";
            default: return "UNKNOWN";
        }
    }

    private static final class UserState {
        RiskLimits limits;
        long day = Long.MIN_VALUE;
        long dayStartPnl;
        long lastPnl;
        boolean halted;
        boolean killed;
        long[] times;
        int count;
        int next;

        UserState(final RiskLimits limits) {
            this.limits = limits;
            this.times = new long[Math.max(0, limits.maxOrdersPerMinute())];
        }
    }
}
