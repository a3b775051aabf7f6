package io.kavach.journal.layout;

import org.agrona.MutableDirectBuffer;

import static io.kavach.journal.layout.JournalLayout.BYTE_ORDER;

/**
 * Writes the body shared by ORDER_UPDATE, POSITION_UPDATE, ORDER_ACK and ORDER_INTENT: an 84-byte
 * fixed part, then brokerOrderId, tag and text bytes back to back (lengths in the fixed part).
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class OrderEncoder {
    public static final int INTENT_ID_OFFSET = 0;
    public static final int RULE_ID_OFFSET = 8;
    public static final int QUANTITY_OFFSET = 16;
    public static final int FILLED_QUANTITY_OFFSET = 24;
    public static final int PENDING_QUANTITY_OFFSET = 32;
    public static final int PRICE_OFFSET = 40;
    public static final int TRIGGER_PRICE_OFFSET = 48;
    public static final int AVERAGE_PRICE_OFFSET = 56;
    public static final int NET_QUANTITY_OFFSET = 64;
    public static final int INSTRUMENT_ID_OFFSET = 72;
    public static final int ORDER_STATUS_OFFSET = 76;
    public static final int SIDE_OFFSET = 77;
    public static final int ORDER_TYPE_OFFSET = 78;
    public static final int PRODUCT_OFFSET = 79;
    public static final int VALIDITY_OFFSET = 80;
    public static final int BROKER_ORDER_ID_LENGTH_OFFSET = 81;
    public static final int TAG_LENGTH_OFFSET = 82;
    public static final int TEXT_LENGTH_OFFSET = 83;
    /** ORDER_ACK: the intent's action (place/modify/cancel) and the router's ack code. */
    public static final int ACTION_OFFSET = 84;
    public static final int ACK_CODE_OFFSET = 85;
    public static final int FIXED_LENGTH = 86;

    private MutableDirectBuffer buffer;
    private int offset;
    private int varLength;

    public OrderEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        this.varLength = 0;
        return this;
    }

    public int encodedLength() {
        return FIXED_LENGTH + varLength;
    }

    public OrderEncoder intentId(final long value) {
        buffer.putLong(offset + INTENT_ID_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public OrderEncoder ruleId(final long value) {
        buffer.putLong(offset + RULE_ID_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public OrderEncoder quantity(final long value) {
        buffer.putLong(offset + QUANTITY_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public OrderEncoder filledQuantity(final long value) {
        buffer.putLong(offset + FILLED_QUANTITY_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public OrderEncoder pendingQuantity(final long value) {
        buffer.putLong(offset + PENDING_QUANTITY_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public OrderEncoder price(final long value) {
        buffer.putLong(offset + PRICE_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public OrderEncoder triggerPrice(final long value) {
        buffer.putLong(offset + TRIGGER_PRICE_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public OrderEncoder averagePrice(final long value) {
        buffer.putLong(offset + AVERAGE_PRICE_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public OrderEncoder netQuantity(final long value) {
        buffer.putLong(offset + NET_QUANTITY_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public OrderEncoder instrumentId(final int value) {
        buffer.putInt(offset + INSTRUMENT_ID_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public OrderEncoder orderStatus(final byte value) {
        buffer.putByte(offset + ORDER_STATUS_OFFSET, value);
        return this;
    }

    public OrderEncoder side(final byte value) {
        buffer.putByte(offset + SIDE_OFFSET, value);
        return this;
    }

    public OrderEncoder orderType(final byte value) {
        buffer.putByte(offset + ORDER_TYPE_OFFSET, value);
        return this;
    }

    public OrderEncoder product(final byte value) {
        buffer.putByte(offset + PRODUCT_OFFSET, value);
        return this;
    }

    public OrderEncoder validity(final byte value) {
        buffer.putByte(offset + VALIDITY_OFFSET, value);
        return this;
    }

    public OrderEncoder action(final byte value) {
        buffer.putByte(offset + ACTION_OFFSET, value);
        return this;
    }

    public OrderEncoder ackCode(final byte value) {
        buffer.putByte(offset + ACK_CODE_OFFSET, value);
        return this;
    }

    /**
     * Writes the three variable fields, in this order, after the fixed part. Lengths are clamped to
     * {@link JournalLayout#MAX_ID_BYTES} / {@link JournalLayout#MAX_TEXT_BYTES}.
     */
    public OrderEncoder strings(
        final byte[] brokerOrderId, final int brokerOrderIdLength,
        final byte[] tag, final int tagLength,
        final byte[] text, final int textLength) {
        final int idLen = clamp(brokerOrderIdLength, JournalLayout.MAX_ID_BYTES);
        final int tagLen = clamp(tagLength, JournalLayout.MAX_ID_BYTES);
        final int textLen = clamp(textLength, JournalLayout.MAX_TEXT_BYTES);
        buffer.putByte(offset + BROKER_ORDER_ID_LENGTH_OFFSET, (byte) idLen);
        buffer.putByte(offset + TAG_LENGTH_OFFSET, (byte) tagLen);
        buffer.putByte(offset + TEXT_LENGTH_OFFSET, (byte) textLen);
        int at = offset + FIXED_LENGTH;
        buffer.putBytes(at, brokerOrderId, 0, idLen);
        at += idLen;
        buffer.putBytes(at, tag, 0, tagLen);
        at += tagLen;
        buffer.putBytes(at, text, 0, textLen);
        varLength = idLen + tagLen + textLen;
        return this;
    }

    static int clamp(final int length, final int max) {
        return length < 0 ? 0 : Math.min(length, max);
    }
}
