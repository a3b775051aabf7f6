package io.kavach.engine.output;

import io.kavach.config.time.MarketClock;

/**
 * Formats epoch milliseconds as ISO-8601 IST ({@code 2023-01-02T09:15:00+05:30}) into a
 * caller's buffer, with plain integer arithmetic: the same bytes on every machine and JVM.
 *
 * <p>Pure functions; safe on any thread.
 */
public final class IstTimestamps {
    private IstTimestamps() {
    }

    public static void appendIso(final StringBuilder out, final long epochMs) {
        final long day = MarketClock.istEpochDay(epochMs);
        final long msOfDay = MarketClock.istMillisOfDay(epochMs);
        // civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian
        final long z = day + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long d = doy - (153 * mp + 2) / 5 + 1;
        final long m = mp < 10 ? mp + 3 : mp - 9;
        final long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        out.append(y).append('-');
        two(out, m);
        out.append('-');
        two(out, d);
        out.append('T');
        final long secs = msOfDay / 1000;
        two(out, secs / 3600);
        out.append(':');
        two(out, (secs / 60) % 60);
        out.append(':');
        two(out, secs % 60);
        final long millis = msOfDay % 1000;
        if (millis != 0) {
            out.append('.');
            if (millis < 100) {
                out.append('0');
            }
            if (millis < 10) {
                out.append('0');
            }
            out.append(millis);
        }
        out.append("+05:30");
    }

    public static String iso(final long epochMs) {
        final StringBuilder sb = new StringBuilder(32);
        appendIso(sb, epochMs);
        return sb.toString();
    }

    private static void two(final StringBuilder out, final long v) {
        if (v < 10) {
            out.append('0');
        }
        out.append(v);
    }
}
