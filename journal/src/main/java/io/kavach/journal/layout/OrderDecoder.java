package io.kavach.journal.layout;

import org.agrona.DirectBuffer;

import static io.kavach.journal.layout.JournalLayout.BYTE_ORDER;
import static io.kavach.journal.layout.OrderEncoder.*;

/**
 * Reads the order-family body written by {@link OrderEncoder}.
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class OrderDecoder {
    private DirectBuffer buffer;
    private int offset;

    public OrderDecoder wrap(final DirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Length the string lengths imply; the reader checks it against the record length. */
    public int encodedLength() {
        return FIXED_LENGTH + brokerOrderIdLength() + tagLength() + textLength();
    }

    public long intentId() {
        return buffer.getLong(offset + INTENT_ID_OFFSET, BYTE_ORDER);
    }

    public long ruleId() {
        return buffer.getLong(offset + RULE_ID_OFFSET, BYTE_ORDER);
    }

    public long quantity() {
        return buffer.getLong(offset + QUANTITY_OFFSET, BYTE_ORDER);
    }

    public long filledQuantity() {
        return buffer.getLong(offset + FILLED_QUANTITY_OFFSET, BYTE_ORDER);
    }

    public long pendingQuantity() {
        return buffer.getLong(offset + PENDING_QUANTITY_OFFSET, BYTE_ORDER);
    }

    public long price() {
        return buffer.getLong(offset + PRICE_OFFSET, BYTE_ORDER);
    }

    public long triggerPrice() {
        return buffer.getLong(offset + TRIGGER_PRICE_OFFSET, BYTE_ORDER);
    }

    public long averagePrice() {
        return buffer.getLong(offset + AVERAGE_PRICE_OFFSET, BYTE_ORDER);
    }

    public long netQuantity() {
        return buffer.getLong(offset + NET_QUANTITY_OFFSET, BYTE_ORDER);
    }

    public int instrumentId() {
        return buffer.getInt(offset + INSTRUMENT_ID_OFFSET, BYTE_ORDER);
    }

    public byte orderStatus() {
        return buffer.getByte(offset + ORDER_STATUS_OFFSET);
    }

    public byte side() {
        return buffer.getByte(offset + SIDE_OFFSET);
    }

    public byte orderType() {
        return buffer.getByte(offset + ORDER_TYPE_OFFSET);
    }

    public byte product() {
        return buffer.getByte(offset + PRODUCT_OFFSET);
    }

    public byte validity() {
        return buffer.getByte(offset + VALIDITY_OFFSET);
    }

    public byte action() {
        return buffer.getByte(offset + OrderEncoder.ACTION_OFFSET);
    }

    public byte ackCode() {
        return buffer.getByte(offset + OrderEncoder.ACK_CODE_OFFSET);
    }

    public int brokerOrderIdLength() {
        return buffer.getByte(offset + BROKER_ORDER_ID_LENGTH_OFFSET) & 0xFF;
    }

    public int tagLength() {
        return buffer.getByte(offset + TAG_LENGTH_OFFSET) & 0xFF;
    }

    public int textLength() {
        return buffer.getByte(offset + TEXT_LENGTH_OFFSET) & 0xFF;
    }

    /** Copies the broker order id into {@code dst} (capacity at least its length); returns the length. */
    public int getBrokerOrderId(final byte[] dst) {
        final int length = Math.min(brokerOrderIdLength(), dst.length);
        buffer.getBytes(offset + FIXED_LENGTH, dst, 0, length);
        return length;
    }

    public int getTag(final byte[] dst) {
        final int length = Math.min(tagLength(), dst.length);
        buffer.getBytes(offset + FIXED_LENGTH + brokerOrderIdLength(), dst, 0, length);
        return length;
    }

    public int getText(final byte[] dst) {
        final int length = Math.min(textLength(), dst.length);
        buffer.getBytes(offset + FIXED_LENGTH + brokerOrderIdLength() + tagLength(), dst, 0, length);
        return length;
    }
}
