package io.kavach.feed.market;

import org.agrona.DirectBuffer;

/**
 * Codes for the {@code interval} string of an Upstox OHLC bar, recognised from its bytes without
 * allocating: {@code "1d"} is {@link #ONE_DAY}; an intraday {@code "I<n>"} (n = 1..9999 minutes,
 * no sign, no leading zero) is the positive number of minutes, so {@code "I1"} is
 * {@link #ONE_MINUTE} and {@code "I30"} is 30; anything else is {@link #OTHER} (the decoder keeps
 * the raw bytes reachable for a cold-path message).
 *
 * <p>Pure functions; safe on any thread.
 */
public final class OhlcInterval {
    public static final int OTHER = 0;
    public static final int ONE_DAY = -1;
    public static final int ONE_MINUTE = 1;
    private static final int MAX_INTRADAY_DIGITS = 4;

    private OhlcInterval() {
    }

    /** The interval code of {@code buffer[offset, offset+length)}. */
    public static int code(final DirectBuffer buffer, final int offset, final int length) {
        if (length < 2) {
            return OTHER;
        }
        final byte first = buffer.getByte(offset);
        if (length == 2 && first == '1' && buffer.getByte(offset + 1) == 'd') {
            return ONE_DAY;
        }
        if (first != 'I' || length > 1 + MAX_INTRADAY_DIGITS || buffer.getByte(offset + 1) == '0') {
            return OTHER;
        }
        int minutes = 0;
        for (int i = offset + 1, end = offset + length; i < end; i++) {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                return OTHER;
            }
            minutes = minutes * 10 + digit;
        }
        return minutes;
    }

    /** A readable name of a code, for messages; cold path. */
    public static String name(final int code) {
        if (code == ONE_DAY) {
            return "1d";
        }
        return code > 0 ? "I" + code : "other";
    }
}
