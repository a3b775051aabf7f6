package io.kavach.journal.layout;

import org.agrona.DirectBuffer;

import static io.kavach.journal.layout.JournalLayout.BYTE_ORDER;
import static io.kavach.journal.layout.MarketTickEncoder.*;

/**
 * Reads a MARKET_TICK body written by {@link MarketTickEncoder}. Absent sections read as zero, the
 * values an engine event's {@code clearTick()} gives them.
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class MarketTickDecoder {
    private DirectBuffer buffer;
    private int offset;
    private int flags;
    private int depthLevels;
    private int dayOffset;
    private int minuteOffset;
    private int greeksOffset;
    private int depthOffset;
    private int encodedLength;

    public MarketTickDecoder wrap(final DirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        flags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        depthLevels = buffer.getByte(offset + DEPTH_LEVELS_OFFSET) & 0xFF;
        int next = offset + FIXED_LENGTH;
        dayOffset = next;
        next += hasDayOhlc() ? DAY_OHLC_LENGTH : 0;
        minuteOffset = next;
        next += hasMinuteOhlc() ? MINUTE_OHLC_LENGTH : 0;
        greeksOffset = next;
        next += hasGreeks() ? GREEKS_LENGTH : 0;
        depthOffset = next;
        encodedLength = next + depthLevels * DEPTH_LEVEL_LENGTH - offset;
        return this;
    }

    /** Length the flags and depth count imply; the reader checks it against the record length. */
    public int encodedLength() {
        return encodedLength;
    }

    public int flags() {
        return flags;
    }

    public int depthLevels() {
        return depthLevels;
    }

    public boolean snapshot() {
        return (flags & FLAG_SNAPSHOT) != 0;
    }

    public boolean hasDayOhlc() {
        return (flags & FLAG_DAY_OHLC) != 0;
    }

    public boolean hasMinuteOhlc() {
        return (flags & FLAG_MINUTE_OHLC) != 0;
    }

    public boolean hasGreeks() {
        return (flags & FLAG_GREEKS) != 0;
    }

    public int instrumentId() {
        return buffer.getInt(offset + INSTRUMENT_ID_OFFSET, BYTE_ORDER);
    }

    public byte feedShape() {
        return buffer.getByte(offset + FEED_SHAPE_OFFSET);
    }

    public byte requestMode() {
        return buffer.getByte(offset + REQUEST_MODE_OFFSET);
    }

    public long feedTimeEpochMs() {
        return buffer.getLong(offset + FEED_TIME_OFFSET, BYTE_ORDER);
    }

    public long ltp() {
        return buffer.getLong(offset + LTP_OFFSET, BYTE_ORDER);
    }

    public long lttEpochMs() {
        return buffer.getLong(offset + LTT_OFFSET, BYTE_ORDER);
    }

    public long ltq() {
        return buffer.getLong(offset + LTQ_OFFSET, BYTE_ORDER);
    }

    public long closePrice() {
        return buffer.getLong(offset + CLOSE_PRICE_OFFSET, BYTE_ORDER);
    }

    public long atp() {
        return buffer.getLong(offset + ATP_OFFSET, BYTE_ORDER);
    }

    public long vtt() {
        return buffer.getLong(offset + VTT_OFFSET, BYTE_ORDER);
    }

    public double oi() {
        return buffer.getDouble(offset + OI_OFFSET, BYTE_ORDER);
    }

    public double iv() {
        return buffer.getDouble(offset + IV_OFFSET, BYTE_ORDER);
    }

    public double tbq() {
        return buffer.getDouble(offset + TBQ_OFFSET, BYTE_ORDER);
    }

    public double tsq() {
        return buffer.getDouble(offset + TSQ_OFFSET, BYTE_ORDER);
    }

    public long dayOpen() {
        return hasDayOhlc() ? buffer.getLong(dayOffset, BYTE_ORDER) : 0;
    }

    public long dayHigh() {
        return hasDayOhlc() ? buffer.getLong(dayOffset + 8, BYTE_ORDER) : 0;
    }

    public long dayLow() {
        return hasDayOhlc() ? buffer.getLong(dayOffset + 16, BYTE_ORDER) : 0;
    }

    public long dayClose() {
        return hasDayOhlc() ? buffer.getLong(dayOffset + 24, BYTE_ORDER) : 0;
    }

    public long dayVolume() {
        return hasDayOhlc() ? buffer.getLong(dayOffset + 32, BYTE_ORDER) : 0;
    }

    public long minuteOpen() {
        return hasMinuteOhlc() ? buffer.getLong(minuteOffset, BYTE_ORDER) : 0;
    }

    public long minuteHigh() {
        return hasMinuteOhlc() ? buffer.getLong(minuteOffset + 8, BYTE_ORDER) : 0;
    }

    public long minuteLow() {
        return hasMinuteOhlc() ? buffer.getLong(minuteOffset + 16, BYTE_ORDER) : 0;
    }

    public long minuteClose() {
        return hasMinuteOhlc() ? buffer.getLong(minuteOffset + 24, BYTE_ORDER) : 0;
    }

    public long minuteVolume() {
        return hasMinuteOhlc() ? buffer.getLong(minuteOffset + 32, BYTE_ORDER) : 0;
    }

    public long minuteStartEpochMs() {
        return hasMinuteOhlc() ? buffer.getLong(minuteOffset + 40, BYTE_ORDER) : 0;
    }

    public double delta() {
        return hasGreeks() ? buffer.getDouble(greeksOffset, BYTE_ORDER) : 0.0;
    }

    public double theta() {
        return hasGreeks() ? buffer.getDouble(greeksOffset + 8, BYTE_ORDER) : 0.0;
    }

    public double gamma() {
        return hasGreeks() ? buffer.getDouble(greeksOffset + 16, BYTE_ORDER) : 0.0;
    }

    public double vega() {
        return hasGreeks() ? buffer.getDouble(greeksOffset + 24, BYTE_ORDER) : 0.0;
    }

    public double rho() {
        return hasGreeks() ? buffer.getDouble(greeksOffset + 32, BYTE_ORDER) : 0.0;
    }

    public long bidPrice(final int level) {
        return buffer.getLong(depthOffset + level * DEPTH_LEVEL_LENGTH, BYTE_ORDER);
    }

    public long bidQty(final int level) {
        return buffer.getLong(depthOffset + level * DEPTH_LEVEL_LENGTH + 8, BYTE_ORDER);
    }

    public long askPrice(final int level) {
        return buffer.getLong(depthOffset + level * DEPTH_LEVEL_LENGTH + 16, BYTE_ORDER);
    }

    public long askQty(final int level) {
        return buffer.getLong(depthOffset + level * DEPTH_LEVEL_LENGTH + 24, BYTE_ORDER);
    }
}
