package io.kavach.replay;

import io.kavach.config.time.MarketClock;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses {@code --from}/{@code --to}: an ISO date-time with an offset ({@code 2023-01-02T09:15:00+05:30}),
 * a local one taken as IST ({@code 2023-01-02T09:15}), a date (its IST midnight) or epoch milliseconds.
 *
 * <p>Pure functions; safe on any thread.
 */
public final class ReplayTimes {
    private static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    private ReplayTimes() {
    }

    public static long parseEpochMs(final String text) {
        final String s = text.trim();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(s);
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (final DateTimeParseException notWithOffset) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(s).toInstant(IST).toEpochMilli();
        } catch (final DateTimeParseException notLocal) {
            // try the next form
        }
        try {
            return MarketClock.istMidnightEpochMs(LocalDate.parse(s).toEpochDay());
        } catch (final DateTimeParseException notADate) {
            throw new IllegalArgumentException("time '" + text + "' is not 2023-01-02T09:15[:00][+05:30], 2023-01-02 or epoch ms");
        }
    }
}
