package io.kavach.journal;

import io.kavach.config.time.MarketClock;
import io.kavach.journal.layout.JournalLayout;
import io.kavach.journal.layout.RecordHeaderEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.kavach.journal.TestRecords.DAY_ONE_0915_IST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalOnDiskTest {
    @TempDir
    Path root;

    @Test
    void shouldReadBackEveryRecordInOrderAcrossTwoIstDaysEachInItsOwnDirectory() throws IOException {
        final long dayOne = MarketClock.istEpochDay(DAY_ONE_0915_IST);
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            TestRecords.append(writer, 1, DAY_ONE_0915_IST);
            TestRecords.append(writer, 2, DAY_ONE_0915_IST + 1);
            // 23:59:59.999 IST is still day one; 00:00 IST next day (18:30 UTC) rolls
            TestRecords.append(writer, 3, MarketClock.istMidnightEpochMs(dayOne + 1) - 1);
            TestRecords.append(writer, 4, MarketClock.istMidnightEpochMs(dayOne + 1));
            // a late timestamp from day one stays in the open day: the journal keeps input order
            TestRecords.append(writer, 5, DAY_ONE_0915_IST + 2);
        }
        assertArrayEquals(new long[]{dayOne, dayOne + 1}, JournalDays.days(root));
        assertTrue(Files.isDirectory(root.resolve(java.time.LocalDate.ofEpochDay(dayOne).toString())));
        final List<String> damage = new ArrayList<>();
        final TestRecords.Collector all = TestRecords.readAll(root, damage);
        assertArrayEquals(new long[]{1, 2, 3, 4, 5}, all.sequences());
        assertEquals(300, all.records.get(2)[1]);
        assertEquals(List.of(), damage);

        final TestRecords.Collector secondDay = new TestRecords.Collector();
        try (JournalReader reader = new JournalReader(root, dayOne + 1, dayOne + 1, damage::add)) {
            while (reader.poll(secondDay, 10) > 0) {
                // drain
            }
        }
        assertArrayEquals(new long[]{4, 5}, secondDay.sequences());
    }

    @Test
    void shouldResumeTheSameDayAfterRestartContinuingItsSequence() {
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            for (int i = 1; i <= 10; i++) {
                TestRecords.append(writer, i, DAY_ONE_0915_IST + i);
            }
        }
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            writer.openDay(MarketClock.istEpochDay(DAY_ONE_0915_IST));
            assertEquals(10, writer.lastSequence());
            TestRecords.append(writer, 11, DAY_ONE_0915_IST + 11);
            assertThrows(IllegalArgumentException.class, () -> TestRecords.append(writer, 11, DAY_ONE_0915_IST + 12));
        }
        assertArrayEquals(LongStream.rangeClosed(1, 11).toArray(), TestRecords.readAll(root, new ArrayList<>()).sequences());
    }

    /**
     * The writer's mapping of the day's file is advised MADV_RANDOM ({@code rr} in smaps): without it a
     * first write into the file's hole made the kernel zero-fill a whole read-ahead window (8 MB here)
     * inside the append — stalls of up to 25 ms on the logic thread.
     */
    @Test
    void shouldTurnOffFaultReadAheadOnTheWritersMappingOfTheDay() throws IOException {
        final Path smaps = Path.of("/proc/self/smaps");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(smaps), "Linux only");
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            TestRecords.append(writer, 1, DAY_ONE_0915_IST);
            final String dayDirectory = JournalDays.dayDirectory(root, MarketClock.istEpochDay(DAY_ONE_0915_IST)).toString();
            final List<String> lines = Files.readAllLines(smaps);
            final List<String> flags = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(dayDirectory + "/") && lines.get(i).endsWith(".cq4")) {
                    for (int j = i + 1; j < lines.size() && !lines.get(j).matches("^[0-9a-f]+-[0-9a-f]+ .*"); j++) {
                        if (lines.get(j).startsWith("VmFlags:")) {
                            flags.add(lines.get(j));
                        }
                    }
                }
            }
            assertTrue(!flags.isEmpty(), "the day's file in " + dayDirectory + " is mapped");
            assertTrue(flags.stream().anyMatch(f -> f.contains(" rr")), "a mapping of the day's file advised random: " + flags);
        }
    }

    /**
     * Chronicle maps the day's file in 64 MB chunks overlapping by 16 MB, and every append first reads the
     * next record's header through its index wire, which stays on the previous chunk through that
     * overlap while the writer is already on the next one. Pages the writer has mapped must therefore
     * be mapped in the older chunk as well by the time the next append comes, or each of them costs a
     * page fault inside an append (2% of appends: the p99). Checked in the page tables
     * ({@code /proc/self/pagemap}) after each touch-ahead while the head is in the overlap.
     */
    @Test
    void shouldMapThePagesAheadOfTheLastRecordInTheOlderChunkTooWhileTheWriterIsInTheOverlap() throws IOException {
        final Path maps = Path.of("/proc/self/maps");
        final Path pagemap = Path.of("/proc/self/pagemap");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(maps) && Files.isReadable(pagemap), "Linux only");
        final String dayDirectory = JournalDays.dayDirectory(root, MarketClock.istEpochDay(DAY_ONE_0915_IST)) + "/";
        final long chunkBytes = 64L << 20;
        int checks = 0;
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); });
             FileChannel pages = FileChannel.open(pagemap, StandardOpenOption.READ)) {
            final int length = TestRecords.tick(writer.buffer(), 1, DAY_ONE_0915_IST);
            final long overlapRecords = chunkBytes / (length + 4);
            for (long sequence = 1; checks < 40; sequence++) {
                TestRecords.append(writer, sequence, DAY_ONE_0915_IST);
                writer.touchAhead();
                if (sequence > overlapRecords + 2_000 && sequence % 1_000 == 0) {
                    final String missing = pagesMappedOnlyInTheNewerChunk(maps, pages, dayDirectory);
                    assertEquals("", missing, "after record " + sequence);
                    checks++;
                }
            }
        }
    }

    /** Pages present in the newest mapping of the day's file and absent from an older one covering them; "" if none. */
    private static String pagesMappedOnlyInTheNewerChunk(final Path maps, final FileChannel pagemap, final String dayDirectory) throws IOException {
        final List<long[]> chunks = new ArrayList<>(); // {start address, end address, file offset}
        for (String line : Files.readAllLines(maps)) {
            if (line.contains(dayDirectory) && line.endsWith(".cq4")) {
                final String[] f = line.split("\\s+");
                final String[] range = f[0].split("-");
                chunks.add(new long[]{Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16), Long.parseLong(f[2], 16)});
            }
        }
        chunks.sort((a, b) -> Long.compare(a[2], b[2]));
        assertTrue(chunks.size() >= 2, "Chronicle keeps the previous chunk mapped while writing the next: " + chunks.size() + " mapping(s)");
        final long[] newest = chunks.get(chunks.size() - 1);
        final StringBuilder missing = new StringBuilder();
        for (long[] older : chunks.subList(0, chunks.size() - 1)) {
            final long olderEnd = older[2] + older[1] - older[0];
            for (long offset = newest[2]; offset < olderEnd; offset += 4096) {
                if (present(pagemap, newest[0] + offset - newest[2]) && !present(pagemap, older[0] + offset - older[2])) {
                    missing.append(" page at file offset ").append(offset);
                }
            }
        }
        return missing.toString();
    }

    private static boolean present(final FileChannel pagemap, final long address) throws IOException {
        final ByteBuffer entry = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        pagemap.read(entry, (address >>> 12) * 8);
        return entry.getLong(0) < 0; // bit 63: present
    }

    @Test
    void shouldRefuseASecondWriterOnTheSameJournal() {
        try (JournalWriter writer = new JournalWriter(root, d -> { })) {
            TestRecords.append(writer, 1, DAY_ONE_0915_IST);
            final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new JournalWriter(root, d -> { }));
            assertTrue(refused.getMessage().contains("already has a writer"), refused.getMessage());
        }
        try (JournalWriter again = new JournalWriter(root, d -> { })) {
            again.openDay(MarketClock.istEpochDay(DAY_ONE_0915_IST));
            assertEquals(1, again.lastSequence());
        }
    }

    @Test
    void shouldAppendOnTheJournalThreadAfterTheDayWasOpenedOnAnother() throws Exception {
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            TestRecords.append(writer, 1, DAY_ONE_0915_IST);
        }
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            writer.openDay(MarketClock.istEpochDay(DAY_ONE_0915_IST)); // the starting thread, as at a restart
            final Thread journalThread = new Thread(() -> {
                TestRecords.append(writer, 2, DAY_ONE_0915_IST + 1);
                TestRecords.append(writer, 3, DAY_ONE_0915_IST + 2);
            });
            final Throwable[] failure = new Throwable[1];
            journalThread.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
            journalThread.start();
            journalThread.join();
            assertEquals(null, failure[0]);
        }
        assertArrayEquals(new long[]{1, 2, 3}, TestRecords.readAll(root, new ArrayList<>()).sequences());
    }

    @Test
    void shouldRecoverUpToTheLastCompleteRecordWhenTheWriterProcessDiedMidAppend() throws Exception {
        haltTornWriter();

        final List<String> damage = new ArrayList<>();
        final TestRecords.Collector afterCrash = TestRecords.readAll(root, damage);
        assertArrayEquals(LongStream.rangeClosed(1, 50).toArray(), afterCrash.sequences());
        assertEquals(1, damage.size(), damage.toString());
        assertTrue(damage.get(0).contains("torn last record"), damage.get(0));

        // a restart reports the damage too, then continues the same journal after the last complete record
        final List<String> writerDamage = new ArrayList<>();
        try (JournalWriter writer = new JournalWriter(root, writerDamage::add)) {
            writer.openDay(MarketClock.istEpochDay(DAY_ONE_0915_IST));
            assertEquals(50, writer.lastSequence());
            TestRecords.append(writer, 51, DAY_ONE_0915_IST + 51);
            TestRecords.append(writer, 52, DAY_ONE_0915_IST + 52);
        }
        assertEquals(1, writerDamage.size(), writerDamage.toString());
        assertTrue(writerDamage.get(0).contains("sequence 50"), writerDamage.get(0));
        final List<String> laterDamage = new ArrayList<>();
        assertArrayEquals(LongStream.rangeClosed(1, 52).toArray(), TestRecords.readAll(root, laterDamage).sequences());
        assertEquals(List.of(), laterDamage);
    }

    /**
     * Preparing the day's file before going live: every block from the end of the records to the day's
     * expected size holds allocated zeros (no hole left for an append to fault into), the first record is the
     * DAY_START Chronicle creates the file with, and records appended afterwards on another thread (the
     * journal thread) read back.
     */
    @Test
    void shouldAllocateTheDaysFileUpToItsExpectedSizeBeforeGoingLiveAndReadBackRecordsWrittenAfter() throws Exception {
        final long dayBytes = 8L << 20;
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            writer.openDay(MarketClock.istEpochDay(DAY_ONE_0915_IST));
            final long lockedBefore = lockedKb();
            final JournalWriter.Preparation prepared = writer.prepare(dayBytes);
            assertEquals(null, prepared.notDone());
            final long written = prepared.zeroBytes();
            assertTrue(written >= dayBytes - (2L << 20) && written <= dayBytes, "zeros written: " + written);
            assertTrue(prepared.lockedBytes() >= written, "locked " + prepared.lockedBytes());
            assertTrue(lockedKb() - lockedBefore >= written >> 10, "VmLck grew by " + (lockedKb() - lockedBefore) + " kB");
            final Path file = cycleFile(MarketClock.istEpochDay(DAY_ONE_0915_IST));
            assertTrue(Files.size(file) >= dayBytes, "file size " + Files.size(file));
            final long firstHole = firstHoleFrom(file, dayBytes - written);
            assertTrue(firstHole < 0 || firstHole >= dayBytes, "a hole left at " + firstHole);
            assertEquals(0, writer.prepare(dayBytes).zeroBytes(), "prepared already: nothing more to write");
            final Thread journalThread = new Thread(() -> {
                for (int i = 1; i <= 1_000; i++) {
                    TestRecords.append(writer, i, DAY_ONE_0915_IST + i);
                    writer.touchAhead();
                }
            });
            final Throwable[] failure = new Throwable[1];
            journalThread.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
            journalThread.start();
            journalThread.join();
            assertEquals(null, failure[0]);
        }
        assertTrue(lockedKb() < (dayBytes >> 10) / 2, "the lock is released when the writer closes: VmLck " + lockedKb() + " kB");
        final List<String> damage = new ArrayList<>();
        assertArrayEquals(LongStream.rangeClosed(1, 1_000).toArray(), TestRecords.readAll(root, damage).sequences());
        assertEquals(List.of(), damage);
    }

    /** This process's locked memory ({@code VmLck} in {@code /proc/self/status}), kB. */
    private static long lockedKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmLck:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmLck in /proc/self/status");
    }

    /**
     * Preparing after appends (a restart later in the day) changes no byte of the file: zeros go only into
     * blocks past the last record that were holes. Then the writer continues after the last record, and a
     * restart finds the true last sequence.
     */
    @Test
    void shouldNotChangeAnyByteOfTheJournalWhenPreparingAfterRecordsAndContinueAfterTheLastOne() throws Exception {
        final long day = MarketClock.istEpochDay(DAY_ONE_0915_IST);
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            for (int i = 1; i <= 3_000; i++) {         // ~1 MB: records across many 64 KB blocks
                TestRecords.append(writer, i, DAY_ONE_0915_IST + i);
                writer.touchAhead();
            }
        }
        final Path file = cycleFile(day);
        final byte[] before = Files.readAllBytes(file);
        final long dayBytes = before.length + (4L << 20);
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            writer.openDay(day);
            assertTrue(writer.prepare(dayBytes).zeroBytes() > 0);
            final byte[] after = Files.readAllBytes(file);
            assertEquals(dayBytes, after.length);
            assertArrayEquals(before, java.util.Arrays.copyOf(after, before.length), "prepare changed a byte of the journal");
            for (int i = before.length; i < after.length; i++) {
                assertEquals(0, after[i], "byte " + i + " past the old end of the file");
            }
            assertEquals(3_000, writer.lastSequence());
            TestRecords.append(writer, 3_001, DAY_ONE_0915_IST + 3_001);
        }
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            writer.openDay(day);
            assertEquals(3_001, writer.lastSequence());
        }
        final List<String> damage = new ArrayList<>();
        assertArrayEquals(LongStream.rangeClosed(1, 3_001).toArray(), TestRecords.readAll(root, damage).sequences());
        assertEquals(List.of(), damage);
    }

    /** A torn last record survives preparation as it was: still reported, and the writer continues after the last complete record. */
    @Test
    void shouldLeaveATornLastRecordAsItIsWhenPreparingAndStillRecoverAfterIt() throws Exception {
        haltTornWriter();
        final long day = MarketClock.istEpochDay(DAY_ONE_0915_IST);
        final Path file = cycleFile(day);
        final byte[] before = Files.readAllBytes(file);

        final List<String> writerDamage = new ArrayList<>();
        try (JournalWriter writer = new JournalWriter(root, writerDamage::add)) {
            writer.openDay(day);
            writer.prepare(before.length + (2L << 20));
            assertArrayEquals(before, java.util.Arrays.copyOf(Files.readAllBytes(file), before.length), "prepare changed a byte");
            final List<String> damage = new ArrayList<>();
            assertArrayEquals(LongStream.rangeClosed(1, 50).toArray(), TestRecords.readAll(root, damage).sequences());
            assertEquals(1, damage.size(), damage.toString());
            assertTrue(damage.get(0).contains("torn last record"), damage.get(0));
            TestRecords.append(writer, 51, DAY_ONE_0915_IST + 51);
        }
        assertEquals(1, writerDamage.size(), writerDamage.toString());
        final List<String> laterDamage = new ArrayList<>();
        assertArrayEquals(LongStream.rangeClosed(1, 51).toArray(), TestRecords.readAll(root, laterDamage).sequences());
        assertEquals(List.of(), laterDamage);
    }

    /**
     * Without the lock, prepared pages could be evicted and then read back from the disk inside an append
     * (worse than the hole they replaced), so a refused lock means nothing is written. A child JVM runs
     * with a 1 MiB memlock limit and without CAP_IPC_LOCK (which would let root ignore the limit).
     */
    @Test
    void shouldWriteNoZerosWhenThePreparedRangeCannotBeLockedInMemory() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit"))
            && Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs util-linux prlimit and setpriv");
        final List<String> command = new ArrayList<>(List.of("/usr/bin/prlimit", "--memlock=1048576:1048576",
            "/usr/bin/setpriv", "--bounding-set=-ipc_lock", "--inh-caps=-ipc_lock"));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PrepareProcess.class.getName(), root.toString(), "128",
            Long.toString(DAY_ONE_0915_IST)));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("Preparation[zeroBytes=0, lockedBytes=0, notDone=cannot lock 127 MiB in memory"), out);
        final Path file = cycleFile(MarketClock.istEpochDay(DAY_ONE_0915_IST));
        assertTrue(Files.size(file) < 128L << 20, "no zeros written: the file stays Chronicle's size, " + Files.size(file));
        // the day is intact and continues: DAY_START was written, records follow it
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            TestRecords.append(writer, 1, DAY_ONE_0915_IST);
        }
        final List<String> damage = new ArrayList<>();
        assertArrayEquals(new long[]{1}, TestRecords.readAll(root, damage).sequences());
        assertEquals(List.of(), damage);
    }

    private Path cycleFile(final long day) throws IOException {
        try (var files = Files.list(JournalDays.dayDirectory(root, day))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /** The first hole at or after {@code from} ({@code lseek SEEK_HOLE}; the file's end counts), or -1 where the OS cannot say. */
    private static long firstHoleFrom(final Path file, final long from) {
        final net.openhft.posix.PosixAPI posix = net.openhft.posix.PosixAPI.posix();
        final int fd = posix.open(file.toString(), 0, 0);
        try {
            return posix.lseek(fd, from, 4);
        } finally {
            posix.close(fd);
        }
    }

    @Test
    void shouldRefuseARecordFromANewerLayoutVersionWithAClearMessage() {
        try (JournalWriter writer = new JournalWriter(root, d -> { }) ) {
            TestRecords.append(writer, 1, DAY_ONE_0915_IST);
            final int length = TestRecords.tick(writer.buffer(), 2, DAY_ONE_0915_IST + 1);
            writer.buffer().putByte(RecordHeaderEncoder.VERSION_OFFSET, (byte) (JournalLayout.CURRENT_VERSION + 1));
            writer.append(length); // as a newer build would have appended it
        }
        // a restart of this (older) build refuses to append to it as well
        try (JournalWriter writer = new JournalWriter(root, d -> { })) {
            final JournalVersionException refused = assertThrows(JournalVersionException.class,
                () -> writer.openDay(MarketClock.istEpochDay(DAY_ONE_0915_IST)));
            assertTrue(refused.getMessage().contains("version 2"), refused.getMessage());
        }
        final TestRecords.Collector collector = new TestRecords.Collector();
        try (JournalReader reader = new JournalReader(root, d -> { })) {
            final JournalVersionException refused = assertThrows(JournalVersionException.class, () -> {
                while (reader.poll(collector, 10) > 0) {
                    // drain
                }
            });
            assertTrue(refused.getMessage().contains("layout version 2"), refused.getMessage());
            assertTrue(refused.getMessage().contains("sequence 2"), refused.getMessage());
        }
        assertArrayEquals(new long[]{1}, collector.sequences());
    }

    @Test
    void shouldSkipCountAndReportARecordOfUnknownKindAndKeepReading() {
        try (JournalWriter writer = new JournalWriter(root, d -> { })) {
            TestRecords.append(writer, 1, DAY_ONE_0915_IST);
            final int length = TestRecords.tick(writer.buffer(), 2, DAY_ONE_0915_IST + 1);
            writer.buffer().putByte(RecordHeaderEncoder.KIND_OFFSET, (byte) 99);
            writer.append(length);
            TestRecords.append(writer, 3, DAY_ONE_0915_IST + 2);
        }
        final List<String> damage = new ArrayList<>();
        assertArrayEquals(new long[]{1, 3}, TestRecords.readAll(root, damage).sequences());
        assertEquals(1, damage.size());
        assertTrue(damage.get(0).contains("unknown record kind"), damage.get(0));
    }

    @Test
    void shouldNotChangeAnyJournalFileWhenReading() throws IOException {
        try (JournalWriter writer = new JournalWriter(root, d -> { })) {
            for (int i = 1; i <= 100; i++) {
                TestRecords.append(writer, i, DAY_ONE_0915_IST + i);
            }
        }
        final String before = digestOfFiles(root);
        TestRecords.readAll(root, new ArrayList<>());
        TestRecords.readAll(root, new ArrayList<>());
        assertEquals(before, digestOfFiles(root));
    }

    @Test
    void shouldAppendAndTouchAheadWithoutAllocatingInSteadyState() {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (JournalWriter writer = new JournalWriter(root, d -> { })) {
            long sequence = 0;
            for (int i = 0; i < 50_000; i++) {
                TestRecords.append(writer, ++sequence, DAY_ONE_0915_IST + i);
                writer.touchAhead();
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            final int measured = 200_000;
            for (int i = 0; i < measured; i++) {
                TestRecords.append(writer, ++sequence, DAY_ONE_0915_IST + i);
                writer.touchAhead();
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println("allocated " + allocated + " bytes over " + measured + " appends");
            // Chronicle allocates a little when it maps the next chunk of the file; any per-append object
            // (16 bytes at least) would show as >= 16 bytes per append.
            assertTrue(allocated < measured, "allocated " + allocated + " bytes over " + measured + " appends");
        }
    }

    private static String digestOfFiles(final Path root) throws IOException {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().map(file -> {
                try {
                    return file + ":" + java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            }).filter(line -> !line.contains("metadata.cq4t")).collect(Collectors.joining("\n"));
        }
    }

    /** A writer process that appends 50 records and halts in the middle of the 51st; waits for it. */
    private void haltTornWriter() throws Exception {
        final Process process = startTornWriter(root, 50);
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("HALTING"), out);
    }

    static Process startTornWriter(final Path root, final int count) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TornWriterProcess.class.getName());
        command.add(root.toString());
        command.add(Integer.toString(count));
        command.add(Long.toString(DAY_ONE_0915_IST));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
