package io.kavach.journal.layout;

import org.agrona.MutableDirectBuffer;

import static io.kavach.journal.layout.JournalLayout.BYTE_ORDER;

/**
 * Writes the body shared by RULE_COMMAND and CONTROL: ruleId i64 @0, instrumentId i32 @8,
 * command u8 @12, textLength u8 @13, payloadLength i32 @14, then text bytes and payload bytes.
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class CommandEncoder {
    public static final int RULE_ID_OFFSET = 0;
    public static final int INSTRUMENT_ID_OFFSET = 8;
    public static final int COMMAND_OFFSET = 12;
    public static final int TEXT_LENGTH_OFFSET = 13;
    public static final int PAYLOAD_LENGTH_OFFSET = 14;
    public static final int FIXED_LENGTH = 18;

    private MutableDirectBuffer buffer;
    private int offset;
    private int varLength;

    public CommandEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        this.varLength = 0;
        return this;
    }

    public int encodedLength() {
        return FIXED_LENGTH + varLength;
    }

    public CommandEncoder ruleId(final long value) {
        buffer.putLong(offset + RULE_ID_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public CommandEncoder instrumentId(final int value) {
        buffer.putInt(offset + INSTRUMENT_ID_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public CommandEncoder command(final byte value) {
        buffer.putByte(offset + COMMAND_OFFSET, value);
        return this;
    }

    /** Writes text then payload after the fixed part; lengths clamped to the layout maxima. */
    public CommandEncoder body(final byte[] text, final int textLength, final byte[] payload, final int payloadLength) {
        final int textLen = OrderEncoder.clamp(textLength, JournalLayout.MAX_TEXT_BYTES);
        final int payloadLen = OrderEncoder.clamp(payloadLength, JournalLayout.MAX_PAYLOAD_BYTES);
        buffer.putByte(offset + TEXT_LENGTH_OFFSET, (byte) textLen);
        buffer.putInt(offset + PAYLOAD_LENGTH_OFFSET, payloadLen, BYTE_ORDER);
        buffer.putBytes(offset + FIXED_LENGTH, text, 0, textLen);
        buffer.putBytes(offset + FIXED_LENGTH + textLen, payload, 0, payloadLen);
        varLength = textLen + payloadLen;
        return this;
    }
}
