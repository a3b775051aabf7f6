package io.kavach.journal;

import io.kavach.journal.layout.JournalLayout;
import io.kavach.journal.layout.RecordHeaderDecoder;
import io.kavach.journal.layout.RecordHeaderEncoder;
import io.kavach.journal.layout.RecordValidator;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Reads a journal root in order: every IST day directory in [fromDay, toDay], oldest first, every
 * complete record of each. Records are handed out zero-copy over the mapped queue file, after
 * {@link RecordValidator validation}. Queues are opened read-only: reading never changes a journal.
 *
 * <ul>
 *   <li>A record from a newer layout version stops reading with a {@link JournalVersionException}.</li>
 *   <li>A record failing validation is skipped, counted and reported to the damage handler.</li>
 *   <li>A torn last record of a day is reported; reading goes on with the next day.</li>
 *   <li>A record whose sequence does not increase (an input journaled twice) is skipped and reported.</li>
 * </ul>
 *
 * <p>Owned by one thread (the replay or recovery thread); not thread-safe.
 */
public final class JournalReader implements AutoCloseable {
    private final Path root;
    private final long[] days;
    private final JournalDamageHandler damageHandler;
    private final RecordValidator validator = new RecordValidator();
    private final RecordHeaderDecoder header = new RecordHeaderDecoder();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    private int dayIndex = -1;
    private SingleChronicleQueue queue;
    private ExcerptTailer tailer;
    private Bytes<?> lastBytes;
    private long lastEnd = -1;
    private long lastIndex = -1;
    private long lastSequence = Long.MIN_VALUE;
    private boolean end;
    private long recordsRead;
    private long recordsSkipped;
    private long tornRecords;

    /** Reads every day under {@code root}. */
    public JournalReader(final Path root, final JournalDamageHandler damageHandler) {
        this(root, Long.MIN_VALUE, Long.MAX_VALUE, damageHandler);
    }

    /** Reads the days in [fromIstEpochDay, toIstEpochDay] under {@code root}. */
    public JournalReader(final Path root, final long fromIstEpochDay, final long toIstEpochDay,
                         final JournalDamageHandler damageHandler) {
        this.root = root;
        this.damageHandler = damageHandler;
        try {
            this.days = java.util.Arrays.stream(JournalDays.days(root))
                .filter(day -> day >= fromIstEpochDay && day <= toIstEpochDay).toArray();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list journal days under " + root, e);
        }
    }

    public long[] days() {
        return days.clone();
    }

    /**
     * Delivers up to {@code limit} records to {@code handler}.
     *
     * @return records delivered; 0 once {@link #isEnd()}
     */
    public int poll(final JournalRecordHandler handler, final int limit) {
        int delivered = 0;
        while (delivered < limit && !end) {
            if (tailer == null && !nextDay()) {
                end = true;
                break;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    finishDay();
                    continue;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long start = bytes.readPosition();
                final int length = (int) (bytes.readLimit() - start);
                lastBytes = bytes;
                lastEnd = bytes.readLimit();
                lastIndex = dc.index();
                if (length <= 0) {
                    skip(RecordValidator.TOO_SHORT_FOR_HEADER, dc.index());
                    continue;
                }
                view.wrap(bytes.addressForRead(start, length), length);
                final int code = validator.validate(view, 0, length);
                if (code != RecordValidator.VALID) {
                    if (code == RecordValidator.NEWER_VERSION) {
                        header.wrap(view, 0);
                        throw new JournalVersionException("journal " + currentDirectory() + " record at index 0x"
                            + Long.toHexString(dc.index()) + " (sequence " + header.sequence() + ") has layout version "
                            + header.version() + "; this build reads up to version " + JournalLayout.CURRENT_VERSION
                            + ". Refusing to read it: use a newer Kavach build for this journal.");
                    }
                    skip(code, dc.index());
                    continue;
                }
                header.wrap(view, 0);
                if (header.kind() == JournalLayout.KIND_DAY_START) {
                    continue;
                }
                if (header.sequence() <= lastSequence) {
                    recordsSkipped++;
                    damageHandler.onDamage("journal " + currentDirectory() + " record at index 0x" + Long.toHexString(dc.index())
                        + " skipped: sequence " + header.sequence() + " does not follow " + lastSequence + " (a repeated input)");
                    continue;
                }
                lastSequence = header.sequence();
                recordsRead++;
                delivered++;
                handler.onRecord(view, 0, length);
            }
        }
        return delivered;
    }

    private void skip(final int code, final long index) {
        recordsSkipped++;
        damageHandler.onDamage("journal " + currentDirectory() + " record at index 0x" + Long.toHexString(index)
            + " skipped: " + RecordValidator.describe(code));
    }

    private boolean nextDay() {
        dayIndex++;
        if (dayIndex >= days.length) {
            return false;
        }
        queue = JournalDays.openQueue(JournalDays.dayDirectory(root, days[dayIndex]), days[dayIndex], true);
        tailer = queue.createTailer();
        lastBytes = null;
        lastEnd = -1;
        lastIndex = -1;
        return true;
    }

    private void finishDay() {
        if (lastBytes != null) {
            final long[] undelivered = {0};
            final long end = TornTail.walkComplete(lastBytes, lastEnd, (position, length) -> undelivered[0]++);
            if (undelivered[0] > 0) {
                damageHandler.onDamage("journal " + currentDirectory() + ": " + undelivered[0]
                    + " complete records after index 0x" + Long.toHexString(lastIndex) + " were not delivered by the queue");
            }
            final String torn = TornTail.inspect(lastBytes, end);
            if (torn != null) {
                tornRecords++;
                damageHandler.onDamage("journal " + currentDirectory() + ": torn last record after index 0x"
                    + Long.toHexString(lastIndex) + ": " + torn + "; recovered every record before it");
            }
        }
        closeDay();
    }

    private Path currentDirectory() {
        return JournalDays.dayDirectory(root, days[dayIndex]);
    }

    private void closeDay() {
        if (tailer != null) {
            tailer.close();
            tailer = null;
        }
        if (queue != null) {
            queue.close();
            queue = null;
        }
        lastBytes = null;
    }

    public boolean isEnd() {
        return end;
    }

    public long recordsRead() {
        return recordsRead;
    }

    public long recordsSkipped() {
        return recordsSkipped;
    }

    /** Days whose last record was found torn. */
    public long tornRecords() {
        return tornRecords;
    }

    @Override
    public void close() {
        closeDay();
        end = true;
    }
}
