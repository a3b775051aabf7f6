package io.kavach.journal.layout;

import org.agrona.MutableDirectBuffer;

import static io.kavach.journal.layout.JournalLayout.BYTE_ORDER;

/**
 * Writes the 24-byte record header: version u8 @0, kind u8 @1, reserved u16 @2 (0), userId i32 @4,
 * sequence i64 @8, eventTimeEpochMs i64 @16. Little-endian.
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class RecordHeaderEncoder {
    public static final int VERSION_OFFSET = 0;
    public static final int KIND_OFFSET = 1;
    public static final int RESERVED_OFFSET = 2;
    public static final int USER_ID_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int EVENT_TIME_OFFSET = 16;
    public static final int ENCODED_LENGTH = 24;

    private MutableDirectBuffer buffer;
    private int offset;

    /** Wraps and writes the current version with a zero reserved field. */
    public RecordHeaderEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        buffer.putByte(offset + VERSION_OFFSET, JournalLayout.CURRENT_VERSION);
        buffer.putShort(offset + RESERVED_OFFSET, (short) 0, BYTE_ORDER);
        return this;
    }

    public RecordHeaderEncoder version(final byte version) {
        buffer.putByte(offset + VERSION_OFFSET, version);
        return this;
    }

    public RecordHeaderEncoder kind(final byte kind) {
        buffer.putByte(offset + KIND_OFFSET, kind);
        return this;
    }

    public RecordHeaderEncoder userId(final int userId) {
        buffer.putInt(offset + USER_ID_OFFSET, userId, BYTE_ORDER);
        return this;
    }

    public RecordHeaderEncoder sequence(final long sequence) {
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence, BYTE_ORDER);
        return this;
    }

    public RecordHeaderEncoder eventTimeEpochMs(final long eventTimeEpochMs) {
        buffer.putLong(offset + EVENT_TIME_OFFSET, eventTimeEpochMs, BYTE_ORDER);
        return this;
    }
}
