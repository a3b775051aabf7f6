package io.kavach.order.live;

import io.kavach.config.time.MarketCalendar;
import io.kavach.config.time.MarketClock;

/**
 * When an order can go, in IST: a normal order in the continuous session (09:15–15:30) and the
 * pre-open order entry (09:00–09:08) of a trading day; an after-market order (is_amo) in the AMO
 * windows (05:00–08:58 and 16:05–24:00, and 05:00–24:00 on non-trading days); otherwise it waits for
 * the next window (the retry queue releases it at the window's start, so an order held overnight gets
 * a pre-market attempt at 09:00).
 *
 * <p>Pure functions over epoch ms; safe on any thread.
 */
public final class OrderSessionWindows {
    public static final int NORMAL = 1;
    public static final int AMO = 2;
    public static final int HOLD = 3;

    static final int PRE_OPEN_START = 9 * 60;
    static final int PRE_OPEN_END = 9 * 60 + 8;
    static final int SESSION_OPEN = MarketClock.SESSION_OPEN_MINUTE;
    static final int SESSION_CLOSE = MarketClock.SESSION_CLOSE_MINUTE;
    static final int AMO_MORNING_START = 5 * 60;
    static final int AMO_MORNING_END = 8 * 60 + 58;
    static final int AMO_EVENING_START = 16 * 60 + 5;

    private final MarketCalendar calendar;

    public OrderSessionWindows(final MarketCalendar calendar) {
        this.calendar = calendar;
    }

    /** {@link #NORMAL}, {@link #AMO} or {@link #HOLD} at {@code epochMs}. */
    public int phase(final long epochMs) {
        final long day = MarketClock.istEpochDay(epochMs);
        final int m = MarketClock.istMinuteOfDay(epochMs);
        if (!calendar.isTradingDay(day)) {
            return m >= AMO_MORNING_START ? AMO : HOLD;
        }
        if ((m >= SESSION_OPEN && m < SESSION_CLOSE) || (m >= PRE_OPEN_START && m < PRE_OPEN_END)) {
            return NORMAL;
        }
        if ((m >= AMO_MORNING_START && m < AMO_MORNING_END) || m >= AMO_EVENING_START) {
            return AMO;
        }
        return HOLD;
    }

    /** Start of the next minute at which {@link #phase} is not {@link #HOLD} (now if it already is not). */
    public long nextOpportunityEpochMs(final long epochMs) {
        if (phase(epochMs) != HOLD) {
            return epochMs;
        }
        final long day = MarketClock.istEpochDay(epochMs);
        final int m = MarketClock.istMinuteOfDay(epochMs);
        final int[] starts = {AMO_MORNING_START, PRE_OPEN_START, SESSION_OPEN, AMO_EVENING_START};
        for (final int start : starts) {
            if (start > m && phase(MarketClock.epochMsAt(day, start)) != HOLD) {
                return MarketClock.epochMsAt(day, start);
            }
        }
        return MarketClock.epochMsAt(day + 1, AMO_MORNING_START);
    }
}
