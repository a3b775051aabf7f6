package io.kavach.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Time conversions at the store's edge: the database keeps instants (TIMESTAMPTZ); people and the
 * rule JSON see them in IST ({@code 2026-11-20T15:15:00+05:30}), as the backtest output does.
 *
 * <p>Threading: stateless.
 */
public final class StoreTime {
    public static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    private StoreTime() {
    }

    public static OffsetDateTime toDb(final Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static OffsetDateTime fromEpochMs(final long epochMs) {
        return Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC);
    }

    public static Instant toInstant(final OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** ISO-8601 in IST, or null. */
    public static String ist(final OffsetDateTime time) {
        return time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.withOffsetSameInstant(IST));
    }
}
