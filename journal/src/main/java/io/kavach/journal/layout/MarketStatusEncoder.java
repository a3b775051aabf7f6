package io.kavach.journal.layout;

import org.agrona.MutableDirectBuffer;

/**
 * Writes a MARKET_STATUS body: segment u8 @0, marketStatus u8 @1.
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class MarketStatusEncoder {
    public static final int SEGMENT_OFFSET = 0;
    public static final int MARKET_STATUS_OFFSET = 1;
    public static final int ENCODED_LENGTH = 2;

    private MutableDirectBuffer buffer;
    private int offset;

    public MarketStatusEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public MarketStatusEncoder segment(final byte value) {
        buffer.putByte(offset + SEGMENT_OFFSET, value);
        return this;
    }

    public MarketStatusEncoder marketStatus(final byte value) {
        buffer.putByte(offset + MARKET_STATUS_OFFSET, value);
        return this;
    }
}
