package io.kavach.journal;

import io.kavach.config.time.MarketClock;
import io.kavach.journal.layout.JournalLayout;
import io.kavach.journal.layout.RecordHeaderDecoder;
import io.kavach.journal.layout.RecordHeaderEncoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.ExcerptContext;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
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
import java.util.Arrays;

/**
 * Appends records to the journal under a root directory, one Chronicle queue per IST date. The
 * caller encodes a record (header first) into {@link #buffer()} and calls {@link #append(int)}.
 * The day follows the record's event time and only moves forward: a record stamped with an earlier
 * day than the open one (a late exchange timestamp) stays in the open day, so the journal is always
 * in input order. Appending is allocation-free in steady state (a day roll allocates).
 *
 * <p>Only ever appends; never truncates or edits an existing record. Opening an existing day (a
 * restart) first checks its tail and reports a torn last record to the damage handler. Before going
 * live, {@link #prepare} fills the day's file past the last record with zeros (only where it holds no
 * data) and locks that range in memory, so the session's appends do not create the file's pages.
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
    /** How far past the last record {@link #touchAhead} keeps the day's file mapped: 64 KB, ~200 full ticks. */
    static final int TOUCH_AHEAD_PAGES = 16;
    /** Most pages one {@link #touchAhead} creates (a first touch is a page fault of a few µs): bounds one call. */
    static final int TOUCH_PAGES_PER_CALL = 4;
    /**
     * {@link #prepare} writes zeros in blocks of this size, aligned to it: the page cache then holds the
     * prepared file in 64 KB folios, and a later write through Chronicle's mapping takes one fault per
     * folio (16 pages, ~3–5 µs on the test VM) instead of one ~5 µs fault per page. Larger folios make
     * fewer but longer faults (256 KB: ~5–38 µs, 1 MB: ~80 µs), a worse tail for the thread that takes them.
     */
    static final int PREPARE_BLOCK_BYTES = 64 * 1024;
    /** {@link #prepare} syncs the file after each step of this many bytes: bounds the dirty page cache and each step's time. */
    static final long PREPARE_STEP_BYTES = 64L << 20;
    private static final int O_RDONLY = 0;
    private static final int PROT_READ = 1;
    private static final int MAP_SHARED = 1;
    private static final int SEEK_DATA = 3;
    private static final int ENXIO = 6;
    /** Mapped chunks remembered as advised; Chronicle holds at most three of a day's file at once. */
    private static final int ADVISED_CHUNKS = 4;

    private final FileChannel lockChannel;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    /** The mapped chunks last advised (see {@link #adviseNoReadAhead}), newest at {@link #advisedNext} - 1; cleared when a day closes. */
    private final BytesStore<?, ?>[] advisedChunks = new BytesStore<?, ?>[ADVISED_CHUNKS];
    private int advisedNext;
    /** Chronicle's second view of the file, through which every append first reads the next header; see {@link #touchAhead}. */
    private Wire scanWire;
    private BytesStore<?, ?> touchedChunk;
    private long touchedTo;
    private BytesStore<?, ?> scannedChunk;
    private long scannedTo;
    /** Sums the touch reads so the JIT cannot drop them. */
    private long touchReads;
    private long openDay = Long.MIN_VALUE;
    private boolean dayStartDue;
    private long lastSequence = -1;
    private long appended;
    /** File offset just past the last complete excerpt of the open day as found by {@link #openDay} or {@link #prepare}; -1: unknown. */
    private long knownEnd = -1;
    /** The read-only mapping through which {@link #prepare} locks the prepared range; length 0: none. */
    private long preparedAddress;
    private long preparedLength;

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
        knownEnd = -1;
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
            knownEnd = end;
            final String torn = TornTail.inspect(bytes, end);
            if (torn != null) {
                damageHandler.onDamage("journal " + directory + ": torn last record after sequence " + lastSequence + ": " + torn
                    + "; the journal is intact up to that sequence and continues after it");
            }
            return true;
        }
    }

    /**
     * Prepares the open day's file up to {@code dayBytes} (the day's expected size) so that appends during
     * the session do not create the file's pages: call it before going live (at start-up, after
     * {@link #openDay}, before any record of the session), on the thread that owns the writer then, with no
     * append in flight.
     *
     * <p>Why: the first write into a page of the file's hole is a page fault that allocates and zeroes a page
     * (~4–5 µs on the test VM, mostly the first touch of memory the host had taken back), taken by whichever
     * thread touches the page first — inline, the logic thread. Writing zeros with {@code pwrite} here moves
     * that work to start-up, and leaves the page cache holding the file in {@link #PREPARE_BLOCK_BYTES} folios
     * that a later mapped write maps one folio per fault. The file is synced after every
     * {@link #PREPARE_STEP_BYTES}, so the prepared pages are clean when the session starts (no write-back of
     * zeros competing with the session for the CPU).
     *
     * <p>The prepared range is then locked in memory ({@code mlock}, through a read-only mapping the writer
     * holds until the day closes): a prepared page the OS evicted before the session reaches it (memory
     * pressure, or proactive reclaim of cold pages, which this VM runs) would be read back from the disk inside
     * an append (~50 µs), worse than the hole it replaced. When the lock is refused (the process's
     * {@code RLIMIT_MEMLOCK}, {@code ulimit -l}) or there is no native POSIX binding, nothing is written and
     * the result says why: the appends then create the pages as without preparation.
     *
     * <p>Never writes over data: it starts past the last complete record (rounded up to a block) and writes
     * only into blocks that are holes (asked with {@code lseek(SEEK_DATA)}; where the OS cannot say, a block is
     * written only when it reads back as all zeros), so a torn last record, an index Chronicle wrote, or
     * anything else written is left as it is. Zeros past the last record are not records: readers stop at the
     * first zero header, as they did at the file's hole. The file grows to {@code dayBytes} on disk.
     *
     * <p>On a new day it writes the day's first record (DAY_START) first, because Chronicle creates the file
     * with it; it uses an appender of its own, closed before returning, so the journal thread's appender is
     * still created on the journal thread. Allocates; never on the hot path.
     */
    public Preparation prepare(final long dayBytes) {
        if (queue == null) {
            throw new IllegalStateException("open a day before preparing its journal file");
        }
        if (appender != null) {
            knownEnd = appender.wire().bytes().writePosition();
        } else if (dayStartDue) {
            appender = queue.createAppender();
            dayStartDue = false;
            writeDayStart(openDay);
            knownEnd = appender.wire().bytes().writePosition();
            appender.close();
            appender = null;
        }
        if (knownEnd < 0) {
            throw new IllegalStateException("the end of journal day " + openDay + " is unknown");
        }
        final long from = (knownEnd + PREPARE_BLOCK_BYTES - 1) & -PREPARE_BLOCK_BYTES;
        if (from >= dayBytes) {
            return new Preparation(0, 0, null);
        }
        final Path file = cycleFile();
        final long length = dayBytes - from;
        final PosixAPI posix;
        final int fd;
        final long address;
        try {
            posix = PosixAPI.posix();
            fd = posix.open(file.toString(), O_RDONLY, 0);
            if (fd < 0) {
                return new Preparation(0, 0, "cannot open " + file + ": " + posix.lastErrorStr());
            }
            address = posix.mmap(0, length, PROT_READ, MAP_SHARED, fd, from);
            posix.close(fd);                // the mapping keeps the file
        } catch (final RuntimeException | LinkageError unavailable) {
            return new Preparation(0, 0, "cannot map " + file + " (" + unavailable.getMessage() + ")");
        }
        if (address == -1 || address == 0) {
            return new Preparation(0, 0, "cannot map " + (length >> 20) + " MiB of " + file + ": " + posix.lastErrorStr());
        }
        // lock before writing: only pages that will stay resident are worth creating ahead
        final String notLocked = lock(posix, address, length, true);
        if (notLocked != null) {
            posix.munmap(address, length);
            return new Preparation(0, 0, "cannot lock " + (length >> 20) + " MiB in memory (" + notLocked
                + "; raise the memlock limit, ulimit -l, or prepare less)");
        }
        unlockPrepared();
        preparedAddress = address;
        preparedLength = length;
        long written = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            final HoleFinder holes = new HoleFinder(file, channel);
            final ByteBuffer zeros = ByteBuffer.allocateDirect(PREPARE_BLOCK_BYTES);
            long unsynced = 0;
            try {
                for (long at = from; at < dayBytes; at += PREPARE_BLOCK_BYTES) {
                    if (!holes.isHole(at, PREPARE_BLOCK_BYTES)) {
                        continue;
                    }
                    zeros.clear();
                    while (zeros.hasRemaining()) {
                        channel.write(zeros, at + zeros.position());
                    }
                    written += PREPARE_BLOCK_BYTES;
                    unsynced += PREPARE_BLOCK_BYTES;
                    if (unsynced >= PREPARE_STEP_BYTES) {
                        channel.force(false);
                        unsynced = 0;
                    }
                }
                if (unsynced > 0) {
                    channel.force(false);
                }
            } finally {
                holes.close();
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("preparing journal file " + file, e);
        }
        // now that the file reaches dayBytes: map every prepared page here, which locks it
        final String notPopulated = lock(posix, address, length, false);
        if (notPopulated != null) {
            return new Preparation(written, 0, "zeros written but not locked in memory: " + notPopulated);
        }
        return new Preparation(written, length, null);
    }

    /**
     * {@code mlock2}: with {@code onFault} the pages are locked as they are mapped (checks the limit, maps
     * nothing), without it every page is mapped and locked now. The JNR binding throws where libc returns -1.
     *
     * @return null when locked, else why not
     */
    private static String lock(final PosixAPI posix, final long address, final long length, final boolean onFault) {
        try {
            return posix.mlock2(address, length, onFault) ? null : posix.lastErrorStr();
        } catch (final RuntimeException refused) {
            return refused.getMessage();
        }
    }

    /**
     * What {@link #prepare} did.
     *
     * @param zeroBytes   bytes of zeros written past the last record
     * @param lockedBytes bytes of the file locked in memory from the first prepared block on (0 when not locked)
     * @param notDone     why the file was not (fully) prepared, or null
     */
    public record Preparation(long zeroBytes, long lockedBytes, String notDone) {
    }

    /** Releases the lock and mapping of the prepared range (a day closes, the writer closes). */
    private void unlockPrepared() {
        if (preparedLength > 0) {
            PosixAPI.posix().munmap(preparedAddress, preparedLength);
            preparedLength = 0;
        }
    }

    /** The open day's Chronicle cycle file (one per day queue). */
    private Path cycleFile() {
        try (var files = Files.list(JournalDays.dayDirectory(root, openDay))) {
            return files.filter(f -> f.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException("journal day " + openDay + " has no cycle file"));
        } catch (final IOException e) {
            throw new UncheckedIOException("listing journal day " + openDay, e);
        }
    }

    /**
     * Tells a block that holds no data: by {@code lseek(SEEK_DATA)} on the file (ext4 and most
     * Linux file systems; a page written through a mapping but not yet on disk counts as data), else by
     * reading the block and finding only zeros. Start-up only.
     */
    private static final class HoleFinder {
        private final FileChannel channel;
        private final ByteBuffer read = ByteBuffer.allocateDirect(PREPARE_BLOCK_BYTES);
        private int fd = -1;
        /** [at, nextData) is known to be a hole. */
        private long nextData = -1;
        private long holeFrom = Long.MAX_VALUE;

        HoleFinder(final Path file, final FileChannel channel) {
            this.channel = channel;
            try {
                fd = PosixAPI.posix().open(file.toString(), O_RDONLY, 0);
            } catch (final RuntimeException | LinkageError unavailable) {
                fd = -1;                    // no native POSIX binding: read the blocks instead
            }
        }

        boolean isHole(final long at, final int length) throws IOException {
            if (fd >= 0) {
                if (at >= holeFrom && at + length <= nextData) {
                    return true;
                }
                final long data = PosixAPI.posix().lseek(fd, at, SEEK_DATA);
                if (data < 0) {
                    if (PosixAPI.posix().lastError() == ENXIO) {
                        holeFrom = at;      // no data at or after `at`
                        nextData = Long.MAX_VALUE;
                        return true;
                    }
                    return readsAsZeros(at, length);
                }
                holeFrom = at;
                nextData = data;
                return at + length <= data;
            }
            return readsAsZeros(at, length);
        }

        private boolean readsAsZeros(final long at, final int length) throws IOException {
            read.clear().limit(length);
            while (read.hasRemaining()) {
                if (channel.read(read, at + read.position()) < 0) {
                    break;                  // past the end of the file: a hole
                }
            }
            for (int i = 0; i < read.position(); i += Long.BYTES) {
                if (read.getLong(i) != 0) {
                    return false;
                }
            }
            return true;
        }

        void close() {
            if (fd >= 0) {
                PosixAPI.posix().close(fd);
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
        if (appender == null) {
            appender = queue.createAppender();
            scanWire = null;
            if (dayStartDue) {
                dayStartDue = false;
                writeDayStart(openDay);
            }
        }
        try (DocumentContext dc = appender.writingDocument()) {
            final Bytes<?> bytes = dc.wire().bytes();
            adviseNoReadAhead(bytes.bytesStore());
            bytes.unsafeWrite(source.addressOffset(), length);
        }
    }

    /**
     * The first write to a page of a file hole faults, and the kernel's fault read-ahead then zero-fills
     * up to the device's whole read-ahead window (8 MB on the test VM) in the faulting thread: a stall of
     * milliseconds on the appending thread, which inline is the logic thread. MADV_RANDOM turns fault
     * read-ahead off for the mapping, so each fault fills one page. Once per mapped chunk (64 MB + 16 MB
     * overlap); a refusal (no native POSIX binding, another OS) leaves the kernel's default, which is only slower.
     */
    private void adviseNoReadAhead(final BytesStore<?, ?> chunk) {
        for (final BytesStore<?, ?> advised : advisedChunks) {
            if (advised == chunk) {
                return;
            }
        }
        advisedChunks[advisedNext] = chunk;
        advisedNext = (advisedNext + 1) % ADVISED_CHUNKS;
        try {
            final long start = chunk.addressForRead(chunk.start());
            final long pageStart = start & ~(PAGE_BYTES - 1);
            // realCapacity() is the file offset where the mapping ends, not its length
            PosixAPI.posix().madvise(pageStart, chunk.realCapacity() - chunk.start() + (start - pageStart), MAdviseFlag.MADV_RANDOM);
        } catch (final RuntimeException | LinkageError unavailable) {
            // an optimisation only: the journal is written the same way either way
        }
    }

    /**
     * Maps the pages after the last record ahead of the appends that will need them, so an append takes
     * no page fault: call it after an append's result is published, when the writing thread would
     * otherwise wait (the journal stage does so at the end of each batch). Cheap when nothing is due;
     * allocation-free; never touches past the mapped chunk.
     *
     * <p>Two views of the file need the pages. The writer's own mapping gets up to
     * {@link #TOUCH_AHEAD_PAGES} pages past the last record, at most {@link #TOUCH_PAGES_PER_CALL} new
     * ones per call, each by a compare-and-swap of 0 with 0 at its start (a write, so the page is
     * created in the file and mapped writable, and the bytes stay as they are: past the last record
     * they are zero; where Chronicle wrote an index there, the swap fails and changes nothing). And
     * every append starts by reading the next record's header through Chronicle's index wire, which
     * keeps its own mapping: after the writer moves to the next 64 MB chunk, the index wire stays on
     * the previous one through its 16 MB overlap, so without this each page there took a fault inside
     * an append (read-ahead off, one page per fault) — 2% of all appends, the p99. Those pages are
     * read through that mapping too.
     */
    public void touchAhead() {
        if (appender == null) {
            return;
        }
        final Bytes<?> bytes = appender.wire().bytes();
        final BytesStore<?, ?> chunk = bytes.bytesStore();
        final long headPage = bytes.writePosition() & ~(PAGE_BYTES - 1);
        if (chunk != touchedChunk || touchedTo < headPage) {
            touchedChunk = chunk;               // the last record wrote the head page through this chunk
            touchedTo = headPage;
        }
        final long aheadTo = headPage + TOUCH_AHEAD_PAGES * PAGE_BYTES;
        for (int budget = TOUCH_PAGES_PER_CALL; budget > 0 && touchedTo < aheadTo && chunk.inside(touchedTo + PAGE_BYTES, Long.BYTES); budget--) {
            touchedTo += PAGE_BYTES;
            chunk.compareAndSwapLong(touchedTo, 0, 0);
        }
        if (scanWire == null) {
            scanWire = appender instanceof ExcerptContext ? ((ExcerptContext) appender).wireForIndex() : null;
            if (scanWire == null) {
                return;
            }
        }
        final BytesStore<?, ?> scanned = scanWire.bytes().bytesStore();
        if (scanned == chunk || scanned == null) {
            return;                             // one mapping: touched above
        }
        if (scanned != scannedChunk || scannedTo < headPage - PAGE_BYTES) {
            adviseNoReadAhead(scanned);
            scannedChunk = scanned;
            scannedTo = headPage - PAGE_BYTES;  // the head page is read next, so it is due as well
        }
        while (scannedTo < touchedTo && scanned.inside(scannedTo + PAGE_BYTES, Long.BYTES)) {
            scannedTo += PAGE_BYTES;
            touchReads += scanned.readVolatileLong(scannedTo);
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
        unlockPrepared();
        Arrays.fill(advisedChunks, null);
        scanWire = null;
        touchedChunk = null;
        scannedChunk = null;
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
