package io.kavach.journal.layout;

import org.agrona.DirectBuffer;

import static io.kavach.journal.layout.JournalLayout.BYTE_ORDER;

/**
 * Reads a TIMER body written by {@link TimerEncoder}.
 *
 * <p>Flyweight; owned by the thread that owns the buffer it wraps.
 */
public final class TimerDecoder {
    private DirectBuffer buffer;
    private int offset;

    public TimerDecoder wrap(final DirectBuffer buffer, final int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public long ruleId() {
        return buffer.getLong(offset + TimerEncoder.RULE_ID_OFFSET, BYTE_ORDER);
    }

    public byte timerType() {
        return buffer.getByte(offset + TimerEncoder.TIMER_TYPE_OFFSET);
    }
}
