package io.kavach.journal.layout;

import org.agrona.DirectBuffer;

/**
 * Reads a MARKET_STATUS body written by {@link MarketStatusEncoder}.
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class MarketStatusDecoder {
    private DirectBuffer buffer;
    private int offset;

    public MarketStatusDecoder wrap(final DirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public byte segment() {
        return buffer.getByte(offset + MarketStatusEncoder.SEGMENT_OFFSET);
    }

    public byte marketStatus() {
        return buffer.getByte(offset + MarketStatusEncoder.MARKET_STATUS_OFFSET);
    }
}
