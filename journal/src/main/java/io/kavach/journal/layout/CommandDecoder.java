package io.kavach.journal.layout;

import org.agrona.DirectBuffer;

import static io.kavach.journal.layout.CommandEncoder.*;
import static io.kavach.journal.layout.JournalLayout.BYTE_ORDER;

/**
 * Reads a RULE_COMMAND / CONTROL body written by {@link CommandEncoder}.
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class CommandDecoder {
    private DirectBuffer buffer;
    private int offset;

    public CommandDecoder wrap(final DirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Length the text and payload lengths imply (long: a corrupt length must not overflow the check). */
    public long encodedLength() {
        return (long) FIXED_LENGTH + textLength() + (payloadLength() & 0xFFFF_FFFFL);
    }

    public long ruleId() {
        return buffer.getLong(offset + RULE_ID_OFFSET, BYTE_ORDER);
    }

    public int instrumentId() {
        return buffer.getInt(offset + INSTRUMENT_ID_OFFSET, BYTE_ORDER);
    }

    public byte command() {
        return buffer.getByte(offset + COMMAND_OFFSET);
    }

    public int textLength() {
        return buffer.getByte(offset + TEXT_LENGTH_OFFSET) & 0xFF;
    }

    public int payloadLength() {
        return buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET, BYTE_ORDER);
    }

    public int getText(final byte[] dst) {
        final int length = Math.min(textLength(), dst.length);
        buffer.getBytes(offset + FIXED_LENGTH, dst, 0, length);
        return length;
    }

    public int getPayload(final byte[] dst) {
        final int length = Math.min(payloadLength(), dst.length);
        buffer.getBytes(offset + FIXED_LENGTH + textLength(), dst, 0, length);
        return length;
    }
}
