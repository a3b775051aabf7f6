package io.kavach.config.time;

/**
 * IST arithmetic on epoch milliseconds, allocation-free. India has no daylight saving, so IST is
 * always UTC+05:30 and a trading day, a minute of the day or a session boundary is plain integer
 * arithmetic on the epoch; no {@code java.time} objects on the hot path.
 *
 * <p>Pure functions; safe on any thread.
 */
public final class MarketClock {
    public static final long IST_OFFSET_MS = (5L * 60 + 30) * 60_000L;
    public static final long MS_PER_MINUTE = 60_000L;
    public static final long MS_PER_DAY = 86_400_000L;

    /** NSE continuous session, minutes after IST midnight. */
    public static final int SESSION_OPEN_MINUTE = 9 * 60 + 15;
    public static final int SESSION_CLOSE_MINUTE = 15 * 60 + 30;
    public static final int PRE_OPEN_START_MINUTE = 9 * 60;

    private MarketClock() {
    }

    /** Days since 1970-01-01 in IST, i.e. {@code LocalDate.toEpochDay()} of the IST date. */
    public static long istEpochDay(final long epochMs) {
        return Math.floorDiv(epochMs + IST_OFFSET_MS, MS_PER_DAY);
    }

    /** Milliseconds since IST midnight of the IST date of {@code epochMs}. */
    public static long istMillisOfDay(final long epochMs) {
        return Math.floorMod(epochMs + IST_OFFSET_MS, MS_PER_DAY);
    }

    public static int istMinuteOfDay(final long epochMs) {
        return (int) (istMillisOfDay(epochMs) / MS_PER_MINUTE);
    }

    /** Epoch ms of IST midnight starting the IST day {@code istEpochDay}. */
    public static long istMidnightEpochMs(final long istEpochDay) {
        return istEpochDay * MS_PER_DAY - IST_OFFSET_MS;
    }

    /** Epoch ms of a given IST minute of a given IST day. */
    public static long epochMsAt(final long istEpochDay, final int istMinuteOfDay) {
        return istMidnightEpochMs(istEpochDay) + istMinuteOfDay * MS_PER_MINUTE;
    }

    /** Day of week of an IST epoch day, 1 = Monday … 7 = Sunday (ISO). */
    public static int isoDayOfWeek(final long istEpochDay) {
        return (int) Math.floorMod(istEpochDay + 3, 7L) + 1; // 1970-01-01 was a Thursday
    }

    /** True when {@code epochMs} falls in the continuous session [09:15, 15:30) IST. */
    public static boolean inSession(final long epochMs) {
        final long msOfDay = istMillisOfDay(epochMs);
        return msOfDay >= SESSION_OPEN_MINUTE * MS_PER_MINUTE && msOfDay < SESSION_CLOSE_MINUTE * MS_PER_MINUTE;
    }
}
