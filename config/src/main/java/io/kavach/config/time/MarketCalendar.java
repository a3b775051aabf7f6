package io.kavach.config.time;

import org.agrona.collections.LongHashSet;

import java.time.LocalDate;
import java.util.Collection;

/**
 * Which IST dates are trading days: weekdays that are not exchange holidays. The holiday list is
 * configuration (Upstox publishes it at {@code /v2/market/holidays}); the defaults are NSE's
 * published trading holidays for the years our shipped data and tests cover, plus 2026.
 *
 * <p>Built on a cold thread, then read-only; {@link #isTradingDay(long)} is allocation-free.
 */
public final class MarketCalendar {
    private final LongHashSet holidayEpochDays = new LongHashSet();

    public MarketCalendar(final Collection<LocalDate> holidays) {
        for (LocalDate d : holidays) {
            holidayEpochDays.add(d.toEpochDay());
        }
    }

    /** NSE equity-segment trading holidays, 2022–2026 (weekday holidays only). */
    public static MarketCalendar nseDefault() {
        return new MarketCalendar(java.util.List.of(
            // 2022
            LocalDate.of(2022, 1, 26), LocalDate.of(2022, 3, 1), LocalDate.of(2022, 3, 18), LocalDate.of(2022, 4, 14),
            LocalDate.of(2022, 4, 15), LocalDate.of(2022, 5, 3), LocalDate.of(2022, 8, 9), LocalDate.of(2022, 8, 15),
            LocalDate.of(2022, 8, 31), LocalDate.of(2022, 10, 5), LocalDate.of(2022, 10, 24), LocalDate.of(2022, 10, 26),
            LocalDate.of(2022, 11, 8),
            // 2023
            LocalDate.of(2023, 1, 26), LocalDate.of(2023, 3, 7), LocalDate.of(2023, 3, 30), LocalDate.of(2023, 4, 4),
            LocalDate.of(2023, 4, 7), LocalDate.of(2023, 4, 14), LocalDate.of(2023, 5, 1), LocalDate.of(2023, 6, 28),
            LocalDate.of(2023, 8, 15), LocalDate.of(2023, 9, 19), LocalDate.of(2023, 10, 2), LocalDate.of(2023, 10, 24),
            LocalDate.of(2023, 11, 14), LocalDate.of(2023, 11, 27), LocalDate.of(2023, 12, 25),
            // 2024
            LocalDate.of(2024, 1, 22), LocalDate.of(2024, 1, 26), LocalDate.of(2024, 3, 8), LocalDate.of(2024, 3, 25),
            LocalDate.of(2024, 3, 29), LocalDate.of(2024, 4, 11), LocalDate.of(2024, 4, 17), LocalDate.of(2024, 5, 1),
            LocalDate.of(2024, 5, 20), LocalDate.of(2024, 6, 17), LocalDate.of(2024, 7, 17), LocalDate.of(2024, 8, 15),
            LocalDate.of(2024, 10, 2), LocalDate.of(2024, 11, 1), LocalDate.of(2024, 11, 15), LocalDate.of(2024, 11, 20),
            LocalDate.of(2024, 12, 25),
            // 2025
            LocalDate.of(2025, 2, 26), LocalDate.of(2025, 3, 14), LocalDate.of(2025, 3, 31), LocalDate.of(2025, 4, 10),
            LocalDate.of(2025, 4, 14), LocalDate.of(2025, 4, 18), LocalDate.of(2025, 5, 1), LocalDate.of(2025, 8, 15),
            LocalDate.of(2025, 8, 27), LocalDate.of(2025, 10, 2), LocalDate.of(2025, 10, 21), LocalDate.of(2025, 10, 22),
            LocalDate.of(2025, 11, 5), LocalDate.of(2025, 12, 25),
            // 2026
            LocalDate.of(2026, 1, 26), LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 26), LocalDate.of(2026, 3, 31),
            LocalDate.of(2026, 4, 3), LocalDate.of(2026, 4, 14), LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 28),
            LocalDate.of(2026, 6, 26), LocalDate.of(2026, 9, 14), LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 20),
            LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 24), LocalDate.of(2026, 12, 25)));
    }

    /** True for a weekday that is not a listed holiday. */
    public boolean isTradingDay(final long istEpochDay) {
        final int dow = MarketClock.isoDayOfWeek(istEpochDay);
        return dow <= 5 && !holidayEpochDays.contains(istEpochDay);
    }

    public boolean isTradingDay(final LocalDate date) {
        return isTradingDay(date.toEpochDay());
    }
}
