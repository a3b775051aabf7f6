package io.kavach.journal.layout;

import org.agrona.DirectBuffer;

import static io.kavach.journal.layout.JournalLayout.BYTE_ORDER;
import static io.kavach.journal.layout.RecordHeaderEncoder.EVENT_TIME_OFFSET;
import static io.kavach.journal.layout.RecordHeaderEncoder.KIND_OFFSET;
import static io.kavach.journal.layout.RecordHeaderEncoder.SEQUENCE_OFFSET;
import static io.kavach.journal.layout.RecordHeaderEncoder.USER_ID_OFFSET;
import static io.kavach.journal.layout.RecordHeaderEncoder.VERSION_OFFSET;

/**
 * Reads the record header written by {@link RecordHeaderEncoder}.
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class RecordHeaderDecoder {
    public static final int ENCODED_LENGTH = RecordHeaderEncoder.ENCODED_LENGTH;

    private DirectBuffer buffer;
    private int offset;

    public RecordHeaderDecoder wrap(final DirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public byte version() {
        return buffer.getByte(offset + VERSION_OFFSET);
    }

    public byte kind() {
        return buffer.getByte(offset + KIND_OFFSET);
    }

    public int userId() {
        return buffer.getInt(offset + USER_ID_OFFSET, BYTE_ORDER);
    }

    public long sequence() {
        return buffer.getLong(offset + SEQUENCE_OFFSET, BYTE_ORDER);
    }

    public long eventTimeEpochMs() {
        return buffer.getLong(offset + EVENT_TIME_OFFSET, BYTE_ORDER);
    }
}
