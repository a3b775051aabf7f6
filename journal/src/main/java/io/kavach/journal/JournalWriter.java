package io.kavach.journal;

import io.kavach.config.time.MarketClock;
import io.kavach.journal.layout.JournalLayout;
import io.kavach.journal.layout.RecordHeaderDecoder;
import io.kavach.journal.layout.RecordHeaderEncoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Appends records to the journal under a root directory, one Chronicle queue per IST date. The
 * caller encodes a record (header first) into {@link #buffer()} and calls {@link #append(int)}.
 * The day follows the record's event time and only moves forward: a record stamped with an earlier
 * day than the open one (a late exchange timestamp) stays in the open day, so the journal is always
 * in input order. Appending is allocation-free in steady state (a day roll allocates).
 *
 * <p>Only ever appends; never truncates or edits an existing record. Opening an existing day (a
 * restart) first checks its tail and reports a torn last record to the damage handler.
 *
 * <p>Owned by one thread (the journal handler's); not thread-safe.
 */
public final class JournalWriter implements AutoCloseable {
    private final Path root;
    private final JournalDamageHandler damageHandler;
    // off-heap scratch: Chronicle copies native→mapped memory with a bulk copy, byte[] with a slow loop
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(JournalLayout.MAX_RECORD_BYTES));
    private final RecordHeaderDecoder header = new RecordHeaderDecoder();
    private final RecordHeaderEncoder headerEncoder = new RecordHeaderEncoder();
    private final UnsafeBuffer dayStartBuffer =
        new UnsafeBuffer(ByteBuffer.allocateDirect(RecordHeaderEncoder.ENCODED_LENGTH + JournalLayout.DAY_START_BODY_LENGTH));

    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private long openDay = Long.MIN_VALUE;
    private long lastSequence = -1;
    private long appended;

    public JournalWriter(final Path root, final JournalDamageHandler damageHandler) {
        this.root = root;
        this.damageHandler = damageHandler;
    }

    /** Scratch buffer to encode the next record into, header at offset 0. */
    public MutableDirectBuffer buffer() {
        return buffer;
    }

    /**
     * Appends the {@code length} bytes encoded at the start of {@link #buffer()}.
     *
     * @throws IllegalArgumentException when the record's sequence does not increase (a producer bug)
     */
    public void append(final int length) {
        header.wrap(buffer, 0);
        final long sequence = header.sequence();
        final long day = MarketClock.istEpochDay(header.eventTimeEpochMs());
        if (day > openDay) {
            openDay(day);
        }
        if (sequence <= lastSequence) {
            throw new IllegalArgumentException("journal sequence must increase: " + sequence + " after " + lastSequence);
        }
        write(buffer, length);
        lastSequence = sequence;
        appended++;
    }

    /**
     * Opens (or creates) the journal of an IST day before any record arrives, so a restart can learn
     * {@link #lastSequence()} and hear about damage up front. Days only move forward.
     */
    public void openDay(final long istEpochDay) {
        if (istEpochDay <= openDay) {
            return;
        }
        closeQueue();
        final Path directory = JournalDays.dayDirectory(root, istEpochDay);
        queue = JournalDays.openQueue(directory, istEpochDay, false);
        openDay = istEpochDay;
        final long lastIndex = queue.lastIndex();
        if (lastIndex >= 0) {
            resumeAfter(lastIndex, directory);
        }
        appender = queue.createAppender();
        if (lastIndex < 0) {
            writeDayStart(istEpochDay);
        }
    }

    private void resumeAfter(final long lastIndex, final Path directory) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(lastIndex)) {
                return;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long start = bytes.readPosition();
                final long end = bytes.readLimit();
                if (end - start >= RecordHeaderEncoder.ENCODED_LENGTH) {
                    final UnsafeBuffer view = new UnsafeBuffer(bytes.addressForRead(start, (int) (end - start)), (int) (end - start));
                    header.wrap(view, 0);
                    if (header.kind() != JournalLayout.KIND_DAY_START) {
                        lastSequence = Math.max(lastSequence, header.sequence());
                    }
                }
                final String torn = TornTail.inspect(bytes, end);
                if (torn != null) {
                    damageHandler.onDamage("journal " + directory + ": torn last record after index 0x"
                        + Long.toHexString(lastIndex) + " (sequence " + lastSequence + "): " + torn
                        + "; the journal is intact up to that sequence and continues after it");
                }
            }
        }
    }

    private void writeDayStart(final long istEpochDay) {
        headerEncoder.wrap(dayStartBuffer, 0)
            .kind(JournalLayout.KIND_DAY_START)
            .userId(0)
            .sequence(0)
            .eventTimeEpochMs(MarketClock.istMidnightEpochMs(istEpochDay));
        dayStartBuffer.putLong(RecordHeaderEncoder.ENCODED_LENGTH, istEpochDay, JournalLayout.BYTE_ORDER);
        write(dayStartBuffer, dayStartBuffer.capacity());
    }

    private void write(final UnsafeBuffer source, final int length) {
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().unsafeWrite(source.addressOffset(), length);
        }
    }

    /** Sequence of the last record appended (or found on reopening the day); -1 if none. */
    public long lastSequence() {
        return lastSequence;
    }

    public long appendedCount() {
        return appended;
    }

    /** The IST epoch day currently open, or {@link Long#MIN_VALUE} before the first append. */
    public long openDay() {
        return openDay;
    }

    private void closeQueue() {
        if (appender != null) {
            appender.close();
            appender = null;
        }
        if (queue != null) {
            queue.close();
            queue = null;
        }
    }

    @Override
    public void close() {
        closeQueue();
    }
}
