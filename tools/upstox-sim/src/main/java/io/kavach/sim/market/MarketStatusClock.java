package io.kavach.sim.market;

import io.kavach.config.time.MarketCalendar;
import io.kavach.config.time.MarketClock;
import io.kavach.feed.proto.MarketDataFeedV3.MarketStatus;

import java.util.List;

/**
 * The segment status the feed's {@code market_info} reports at a scenario time, from NSE's IST
 * timetable: pre-open 09:00–09:08, pre-open end to 09:15, continuous 09:15–15:30, closing session
 * to 15:40, closing end to 16:00, closed otherwise and on non-trading days.
 *
 * <p>Pure functions; safe on any thread.
 */
public final class MarketStatusClock {
    /** The segments market_info lists (PROTOCOL.md §4). */
    public static final List<String> SEGMENTS = List.of("NSE_EQ", "NSE_FO", "NSE_COM", "NSE_INDEX", "NCD_FO",
        "BSE_EQ", "BSE_FO", "BCD_FO", "BSE_INDEX", "MCX_FO", "MCX_INDEX");

    private static final MarketCalendar CALENDAR = MarketCalendar.nseDefault();

    private MarketStatusClock() {
    }

    public static MarketStatus statusAt(final long marketTimeMs) {
        if (!CALENDAR.isTradingDay(MarketClock.istEpochDay(marketTimeMs))) {
            return MarketStatus.NORMAL_CLOSE;
        }
        final int minute = MarketClock.istMinuteOfDay(marketTimeMs);
        if (minute < 9 * 60) {
            return MarketStatus.NORMAL_CLOSE;
        } else if (minute < 9 * 60 + 8) {
            return MarketStatus.PRE_OPEN_START;
        } else if (minute < MarketClock.SESSION_OPEN_MINUTE) {
            return MarketStatus.PRE_OPEN_END;
        } else if (minute < MarketClock.SESSION_CLOSE_MINUTE) {
            return MarketStatus.NORMAL_OPEN;
        } else if (minute < 15 * 60 + 40) {
            return MarketStatus.CLOSING_START;
        } else if (minute < 16 * 60) {
            return MarketStatus.CLOSING_END;
        }
        return MarketStatus.NORMAL_CLOSE;
    }
}
