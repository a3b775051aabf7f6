package io.kavach.journal.layout;

import org.agrona.MutableDirectBuffer;

import static io.kavach.journal.layout.JournalLayout.BYTE_ORDER;

/**
 * Writes a MARKET_TICK body: a 96-byte fixed part, then the optional sections the flags announce,
 * in this order: day OHLCV (5 × i64), minute bar (6 × i64), greeks (5 × f64), and
 * {@code depthLevels} depth levels (bidPrice, bidQty, askPrice, askQty: 4 × i64 each).
 *
 * <p>Call {@link #wrap} with the flags and depth count first: it fixes where each section goes.
 * Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class MarketTickEncoder {
    public static final int INSTRUMENT_ID_OFFSET = 0;
    public static final int FEED_SHAPE_OFFSET = 4;
    public static final int REQUEST_MODE_OFFSET = 5;
    public static final int FLAGS_OFFSET = 6;
    public static final int DEPTH_LEVELS_OFFSET = 7;
    public static final int FEED_TIME_OFFSET = 8;
    public static final int LTP_OFFSET = 16;
    public static final int LTT_OFFSET = 24;
    public static final int LTQ_OFFSET = 32;
    public static final int CLOSE_PRICE_OFFSET = 40;
    public static final int ATP_OFFSET = 48;
    public static final int VTT_OFFSET = 56;
    public static final int OI_OFFSET = 64;
    public static final int IV_OFFSET = 72;
    public static final int TBQ_OFFSET = 80;
    public static final int TSQ_OFFSET = 88;
    public static final int FIXED_LENGTH = 96;

    public static final int FLAG_SNAPSHOT = 1;
    public static final int FLAG_DAY_OHLC = 2;
    public static final int FLAG_MINUTE_OHLC = 4;
    public static final int FLAG_GREEKS = 8;
    public static final int KNOWN_FLAGS = FLAG_SNAPSHOT | FLAG_DAY_OHLC | FLAG_MINUTE_OHLC | FLAG_GREEKS;

    public static final int DAY_OHLC_LENGTH = 5 * 8;
    public static final int MINUTE_OHLC_LENGTH = 6 * 8;
    public static final int GREEKS_LENGTH = 5 * 8;
    public static final int DEPTH_LEVEL_LENGTH = 4 * 8;

    private MutableDirectBuffer buffer;
    private int offset;
    private int dayOffset;
    private int minuteOffset;
    private int greeksOffset;
    private int depthOffset;
    private int encodedLength;

    /** Body length for the given flags and depth count. */
    public static int encodedLength(final int flags, final int depthLevels) {
        return FIXED_LENGTH
            + ((flags & FLAG_DAY_OHLC) != 0 ? DAY_OHLC_LENGTH : 0)
            + ((flags & FLAG_MINUTE_OHLC) != 0 ? MINUTE_OHLC_LENGTH : 0)
            + ((flags & FLAG_GREEKS) != 0 ? GREEKS_LENGTH : 0)
            + depthLevels * DEPTH_LEVEL_LENGTH;
    }

    /** Wraps and writes the flags and depth count; {@code depthLevels} must be in [0, 30]. */
    public MarketTickEncoder wrap(final MutableDirectBuffer buffer, final int offset, final int flags, final int depthLevels) {
        this.buffer = buffer;
        this.offset = offset;
        buffer.putByte(offset + FLAGS_OFFSET, (byte) flags);
        buffer.putByte(offset + DEPTH_LEVELS_OFFSET, (byte) depthLevels);
        int next = offset + FIXED_LENGTH;
        dayOffset = next;
        next += (flags & FLAG_DAY_OHLC) != 0 ? DAY_OHLC_LENGTH : 0;
        minuteOffset = next;
        next += (flags & FLAG_MINUTE_OHLC) != 0 ? MINUTE_OHLC_LENGTH : 0;
        greeksOffset = next;
        next += (flags & FLAG_GREEKS) != 0 ? GREEKS_LENGTH : 0;
        depthOffset = next;
        encodedLength = next + depthLevels * DEPTH_LEVEL_LENGTH - offset;
        return this;
    }

    public int encodedLength() {
        return encodedLength;
    }

    public MarketTickEncoder instrumentId(final int value) {
        buffer.putInt(offset + INSTRUMENT_ID_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder feedShape(final byte value) {
        buffer.putByte(offset + FEED_SHAPE_OFFSET, value);
        return this;
    }

    public MarketTickEncoder requestMode(final byte value) {
        buffer.putByte(offset + REQUEST_MODE_OFFSET, value);
        return this;
    }

    public MarketTickEncoder feedTimeEpochMs(final long value) {
        buffer.putLong(offset + FEED_TIME_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder ltp(final long value) {
        buffer.putLong(offset + LTP_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder lttEpochMs(final long value) {
        buffer.putLong(offset + LTT_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder ltq(final long value) {
        buffer.putLong(offset + LTQ_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder closePrice(final long value) {
        buffer.putLong(offset + CLOSE_PRICE_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder atp(final long value) {
        buffer.putLong(offset + ATP_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder vtt(final long value) {
        buffer.putLong(offset + VTT_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder oi(final double value) {
        buffer.putDouble(offset + OI_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder iv(final double value) {
        buffer.putDouble(offset + IV_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder tbq(final double value) {
        buffer.putDouble(offset + TBQ_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public MarketTickEncoder tsq(final double value) {
        buffer.putDouble(offset + TSQ_OFFSET, value, BYTE_ORDER);
        return this;
    }

    /** Only when wrapped with {@link #FLAG_DAY_OHLC}. */
    public MarketTickEncoder dayOhlc(final long open, final long high, final long low, final long close, final long volume) {
        buffer.putLong(dayOffset, open, BYTE_ORDER);
        buffer.putLong(dayOffset + 8, high, BYTE_ORDER);
        buffer.putLong(dayOffset + 16, low, BYTE_ORDER);
        buffer.putLong(dayOffset + 24, close, BYTE_ORDER);
        buffer.putLong(dayOffset + 32, volume, BYTE_ORDER);
        return this;
    }

    /** Only when wrapped with {@link #FLAG_MINUTE_OHLC}. */
    public MarketTickEncoder minuteOhlc(
        final long open, final long high, final long low, final long close, final long volume, final long startEpochMs) {
        buffer.putLong(minuteOffset, open, BYTE_ORDER);
        buffer.putLong(minuteOffset + 8, high, BYTE_ORDER);
        buffer.putLong(minuteOffset + 16, low, BYTE_ORDER);
        buffer.putLong(minuteOffset + 24, close, BYTE_ORDER);
        buffer.putLong(minuteOffset + 32, volume, BYTE_ORDER);
        buffer.putLong(minuteOffset + 40, startEpochMs, BYTE_ORDER);
        return this;
    }

    /** Only when wrapped with {@link #FLAG_GREEKS}. */
    public MarketTickEncoder greeks(final double delta, final double theta, final double gamma, final double vega, final double rho) {
        buffer.putDouble(greeksOffset, delta, BYTE_ORDER);
        buffer.putDouble(greeksOffset + 8, theta, BYTE_ORDER);
        buffer.putDouble(greeksOffset + 16, gamma, BYTE_ORDER);
        buffer.putDouble(greeksOffset + 24, vega, BYTE_ORDER);
        buffer.putDouble(greeksOffset + 32, rho, BYTE_ORDER);
        return this;
    }

    /** Level {@code level} in [0, depthLevels). */
    public MarketTickEncoder depthLevel(
        final int level, final long bidPrice, final long bidQty, final long askPrice, final long askQty) {
        final int at = depthOffset + level * DEPTH_LEVEL_LENGTH;
        buffer.putLong(at, bidPrice, BYTE_ORDER);
        buffer.putLong(at + 8, bidQty, BYTE_ORDER);
        buffer.putLong(at + 16, askPrice, BYTE_ORDER);
        buffer.putLong(at + 24, askQty, BYTE_ORDER);
        return this;
    }
}
