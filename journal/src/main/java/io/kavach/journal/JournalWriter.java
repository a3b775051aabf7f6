package io.kavach.journal;

import io.kavach.config.time.MarketClock;
import io.kavach.journal.layout.JournalLayout;
import io.kavach.journal.layout.RecordHeaderDecoder;
import io.kavach.journal.layout.RecordHeaderEncoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.util.MicroTouched;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    public static final String LOCK_FILE = "writer.lock";
    private static final long PAGE_BYTES = 4096;

    private final FileChannel lockChannel;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    /** The mapped chunk last advised (see {@link #adviseNoReadAhead}); null after a day closes. */
    private BytesStore<?, ?> advisedChunk;
    private long openDay = Long.MIN_VALUE;
    private boolean dayStartDue;
    private long lastSequence = -1;
    private long appended;

    /**
     * Takes the root's writer lock ({@code <root>/writer.lock}, an OS file lock the OS releases when the
     * process dies, SIGKILL included): two engines appending to one journal would interleave two
     * input streams.
     *
     * @throws IllegalStateException when another process (or writer) holds the journal
     */
    public JournalWriter(final Path root, final JournalDamageHandler damageHandler) {
        this.root = root;
        this.damageHandler = damageHandler;
        try {
            Files.createDirectories(root);
            lockChannel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (final OverlappingFileLockException heldHere) {
                lockChannel.close();
                throw new IllegalStateException("journal " + root + " already has a writer in this process");
            }
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("journal " + root + " is being written by another process; one engine per journal");
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot lock journal " + root, e);
        }
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
        boolean empty = true;
        if (Files.isDirectory(directory)) {
            // inspect through a read-only view: looking at a day never changes it
            try (SingleChronicleQueue readOnly = JournalDays.openQueue(directory, istEpochDay, true)) {
                empty = !resumeAfterLastRecord(readOnly, directory);
            }
        }
        queue = JournalDays.openQueue(directory, istEpochDay, false);
        openDay = istEpochDay;
        // Chronicle binds an appender to the thread that first uses it: create it on the first append,
        // on the journal thread, even when the day was opened by the thread that starts the engine.
        dayStartDue = empty;
    }

    /**
     * Finds the true last record of an existing day and checks what follows it: reads forward from the
     * last indexed record to the end, then walks any complete excerpts the tailer did not deliver
     * straight from their headers (defensive: Chronicle brings its index up to date lazily).
     *
     * @return false when the day holds no complete record
     */
    private boolean resumeAfterLastRecord(final SingleChronicleQueue readOnly, final Path directory) {
        final long indexedLast = readOnly.lastIndex();
        try (ExcerptTailer tailer = readOnly.createTailer()) {
            if (indexedLast >= 0 && !tailer.moveToIndex(indexedLast)) {
                tailer.toStart();
            }
            Bytes<?> bytes = null;
            long end = -1;
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    bytes = dc.wire().bytes();
                    final long start = bytes.readPosition();
                    end = bytes.readLimit();
                    if (end - start >= RecordHeaderEncoder.ENCODED_LENGTH) {
                        final UnsafeBuffer view = new UnsafeBuffer(bytes.addressForRead(start, (int) (end - start)), (int) (end - start));
                        header.wrap(view, 0);
                        if (header.version() > JournalLayout.CURRENT_VERSION) {
                            throw new JournalVersionException("journal " + directory + " holds records of layout version "
                                + header.version() + "; this build writes version " + JournalLayout.CURRENT_VERSION
                                + ". Refusing to append to it: use a newer Kavach build.");
                        }
                        if (header.kind() != JournalLayout.KIND_DAY_START) {
                            lastSequence = Math.max(lastSequence, header.sequence());
                        }
                    }
                }
            }
            if (bytes == null) {
                return false;
            }
            final Bytes<?> mapped = bytes;
            end = TornTail.walkComplete(mapped, end, (position, length) -> {
                if (length >= RecordHeaderEncoder.ENCODED_LENGTH
                    && mapped.readByte(position + RecordHeaderEncoder.KIND_OFFSET) != JournalLayout.KIND_DAY_START) {
                    lastSequence = Math.max(lastSequence, mapped.readLong(position + RecordHeaderEncoder.SEQUENCE_OFFSET));
                }
            });
            final String torn = TornTail.inspect(bytes, end);
            if (torn != null) {
                damageHandler.onDamage("journal " + directory + ": torn last record after sequence " + lastSequence + ": " + torn
                    + "; the journal is intact up to that sequence and continues after it");
            }
            return true;
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
        if (appender == null) {
            appender = queue.createAppender();
            if (dayStartDue) {
                dayStartDue = false;
                writeDayStart(openDay);
            }
        }
        try (DocumentContext dc = appender.writingDocument()) {
            final Bytes<?> bytes = dc.wire().bytes();
            final BytesStore<?, ?> chunk = bytes.bytesStore();
            if (chunk != advisedChunk) {
                adviseNoReadAhead(chunk);
            }
            bytes.unsafeWrite(source.addressOffset(), length);
        }
    }

    /**
     * The first write to a page of a file hole faults, and the kernel's fault read-ahead then zero-fills
     * up to the device's whole read-ahead window (8 MB on the test VM) in the faulting thread: a stall of
     * milliseconds on the appending thread, which inline is the logic thread. MADV_RANDOM turns fault
     * read-ahead off for the mapping, so each fault fills one page. Once per mapped chunk (64 MB);
     * a refusal (no native POSIX binding, another OS) leaves the kernel's default, which is only slower.
     */
    private void adviseNoReadAhead(final BytesStore<?, ?> chunk) {
        advisedChunk = chunk;
        try {
            final long start = chunk.addressForRead(chunk.start());
            final long pageStart = start & ~(PAGE_BYTES - 1);
            PosixAPI.posix().madvise(pageStart, chunk.realCapacity() + (start - pageStart), MAdviseFlag.MADV_RANDOM);
        } catch (final RuntimeException | LinkageError unavailable) {
            // an optimisation only: the journal is written the same way either way
        }
    }

    /**
     * Touches the page after the last record (once per page) so the next append does not take its page
     * fault: call it after an append's result is published, when the writing thread would otherwise
     * wait (the journal stage does so at the end of each batch). Cheap when the page is already touched.
     * Chronicle's own background pretoucher is an enterprise feature; this is its open-source micro-toucher.
     */
    public void touchAhead() {
        if (appender != null) {
            ((MicroTouched) appender).microTouch();
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
        advisedChunk = null;
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
        try {
            lockChannel.close(); // releases the lock
        } catch (final IOException e) {
            throw new UncheckedIOException("closing the journal lock of " + root, e);
        }
    }
}
