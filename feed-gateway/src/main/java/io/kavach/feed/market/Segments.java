package io.kavach.feed.market;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Small stable codes for Upstox exchange segments (the part of an instrument key before {@code |},
 * and the keys of the feed's {@code market_info.segmentStatus} map). Codes are journaled, so a code
 * is never renumbered or reused; {@link #UNKNOWN} is 0.
 *
 * <p>Pure functions over immutable tables; safe on any thread.
 */
public final class Segments {
    public static final byte UNKNOWN = 0;
    public static final byte NSE_EQ = 1;
    public static final byte NSE_FO = 2;
    public static final byte NSE_COM = 3;
    public static final byte NSE_INDEX = 4;
    public static final byte NCD_FO = 5;
    public static final byte BSE_EQ = 6;
    public static final byte BSE_FO = 7;
    public static final byte BCD_FO = 8;
    public static final byte BSE_INDEX = 9;
    public static final byte MCX_FO = 10;
    public static final byte MCX_INDEX = 11;
    public static final byte MAX_CODE = MCX_INDEX;

    private static final String[] NAMES = {
        "UNKNOWN", "NSE_EQ", "NSE_FO", "NSE_COM", "NSE_INDEX", "NCD_FO",
        "BSE_EQ", "BSE_FO", "BCD_FO", "BSE_INDEX", "MCX_FO", "MCX_INDEX",
    };
    private static final byte[][] NAME_BYTES = new byte[NAMES.length][];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAME_BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Segments() {
    }

    /** The code of the segment named by {@code buffer[offset, offset+length)}, or {@link #UNKNOWN}. Allocation-free. */
    public static byte code(final DirectBuffer buffer, final int offset, final int length) {
        for (int code = 1; code <= MAX_CODE; code++) {
            final byte[] name = NAME_BYTES[code];
            if (name.length == length && equals(name, buffer, offset)) {
                return (byte) code;
            }
        }
        return UNKNOWN;
    }

    /** The code of a segment name, or {@link #UNKNOWN}; cold path. */
    public static byte code(final String name) {
        for (int code = 1; code <= MAX_CODE; code++) {
            if (NAMES[code].equals(name)) {
                return (byte) code;
            }
        }
        return UNKNOWN;
    }

    /** The Upstox name of a segment code ({@code "UNKNOWN"} for codes outside the table). */
    public static String name(final int code) {
        return code > 0 && code <= MAX_CODE ? NAMES[code] : NAMES[UNKNOWN];
    }

    private static boolean equals(final byte[] name, final DirectBuffer buffer, final int offset) {
        for (int i = 0; i < name.length; i++) {
            if (buffer.getByte(offset + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
