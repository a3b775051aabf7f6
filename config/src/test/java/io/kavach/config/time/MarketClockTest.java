package io.kavach.config.time;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketClockTest {
    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    @Test
    void shouldAgreeWithJavaTimeOnIstDayMinuteAndWeekdayForRandomInstants() {
        final long seed = 20_261_121L;
        System.out.println("MarketClockTest seed " + seed);
        final SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 100_000; i++) {
            final long ms = rnd.nextLong(0L, 4_000_000_000_000L); // IST has been a fixed +05:30 since 1945
            final ZonedDateTime z = java.time.Instant.ofEpochMilli(ms).atZone(IST);
            assertEquals(z.toLocalDate().toEpochDay(), MarketClock.istEpochDay(ms), "day of " + ms);
            assertEquals(z.getHour() * 60 + z.getMinute(), MarketClock.istMinuteOfDay(ms), "minute of " + ms);
            assertEquals(z.getDayOfWeek().getValue(), MarketClock.isoDayOfWeek(MarketClock.istEpochDay(ms)), "weekday of " + ms);
        }
    }

    @Test
    void shouldPlaceTheSessionBetweenNineFifteenAndHalfPastThreeIst() {
        final long day = LocalDate.of(2023, 1, 2).toEpochDay();
        final long open = MarketClock.epochMsAt(day, MarketClock.SESSION_OPEN_MINUTE);
        assertEquals(LocalDateTime.of(2023, 1, 2, 9, 15).atZone(IST).toInstant().toEpochMilli(), open);
        assertTrue(MarketClock.inSession(open));
        assertFalse(MarketClock.inSession(open - 1));
        final long close = MarketClock.epochMsAt(day, MarketClock.SESSION_CLOSE_MINUTE);
        assertTrue(MarketClock.inSession(close - 1));
        assertFalse(MarketClock.inSession(close));
    }

    @Test
    void shouldTreatWeekendsAndListedHolidaysAsNonTradingDays() {
        final MarketCalendar cal = MarketCalendar.nseDefault();
        assertTrue(cal.isTradingDay(LocalDate.of(2023, 1, 2)));     // Monday
        assertFalse(cal.isTradingDay(LocalDate.of(2023, 1, 1)));    // Sunday
        assertFalse(cal.isTradingDay(LocalDate.of(2022, 12, 31)));  // Saturday
        assertFalse(cal.isTradingDay(LocalDate.of(2023, 1, 26)));   // Republic Day
    }
}
