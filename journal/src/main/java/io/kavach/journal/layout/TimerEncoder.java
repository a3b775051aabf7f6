package io.kavach.journal.layout;

import org.agrona.MutableDirectBuffer;

import static io.kavach.journal.layout.JournalLayout.BYTE_ORDER;

/**
 * Writes a TIMER body: ruleId i64 @0 (0 unless the timer belongs to one rule), timerType u8 @8.
 * The timer's time is the header's event time.
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class TimerEncoder {
    public static final int RULE_ID_OFFSET = 0;
    public static final int TIMER_TYPE_OFFSET = 8;
    public static final int ENCODED_LENGTH = 9;

    private MutableDirectBuffer buffer;
    private int offset;

    public TimerEncoder wrap(final MutableDirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public TimerEncoder ruleId(final long value) {
        buffer.putLong(offset + RULE_ID_OFFSET, value, BYTE_ORDER);
        return this;
    }

    public TimerEncoder timerType(final byte value) {
        buffer.putByte(offset + TIMER_TYPE_OFFSET, value);
        return this;
    }
}
