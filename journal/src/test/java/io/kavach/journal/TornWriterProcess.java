package io.kavach.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Run in a separate JVM by the torn-write test: journals {@code count} ticks, then starts one more
 * excerpt, writes part of a record and dies with {@code halt} — what a SIGKILL mid-append leaves.
 */
public final class TornWriterProcess {
    public static void main(final String[] args) {
        final Path root = Path.of(args[0]);
        final int count = Integer.parseInt(args[1]);
        final long startMs = Long.parseLong(args[2]);
        try (JournalWriter writer = new JournalWriter(root, System.err::println)) {
            for (int i = 1; i <= count; i++) {
                TestRecords.append(writer, i, startMs + i);
            }
            final long day = writer.openDay();
            // Reach past the writer to the same queue: a second appender on this thread shares its lock.
            final SingleChronicleQueue queue = JournalDays.openQueue(JournalDays.dayDirectory(root, day), day, false);
            final ExcerptAppender appender = queue.createAppender();
            writer.close();
            final int length = TestRecords.tick(writer.buffer(), count + 1, startMs + count + 1);
            final DocumentContext dc = appender.writingDocument();
            dc.wire().bytes().write(new byte[length], 0, 0);
            final byte[] partial = new byte[length / 2];
            writer.buffer().getBytes(0, partial);
            dc.wire().bytes().write(partial);
            System.out.println("HALTING");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }
}
