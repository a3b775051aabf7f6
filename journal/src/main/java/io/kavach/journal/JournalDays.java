package io.kavach.journal;

import io.kavach.config.time.MarketClock;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where each IST trading day's journal lives: {@code <root>/<yyyy-MM-dd>/}, one Chronicle queue per
 * IST date holding exactly one cycle. The queue's time provider is pinned to that date, so the cycle
 * (file {@code yyyyMMddL.cq4}) follows the events' IST day, never the wall clock.
 *
 * <p>Static helpers; safe on any thread.
 */
public final class JournalDays {
    static {
        // Chronicle must never try to phone home or print banners from a trading host.
        if (System.getProperty("chronicle.analytics.disable") == null) {
            System.setProperty("chronicle.analytics.disable", "true");
        }
        if (System.getProperty("chronicle.announcer.disable") == null) {
            System.setProperty("chronicle.announcer.disable", "true");
        }
        // Chronicle logs every file mapping and disk-space poll at INFO; keep its warnings only
        if (System.getProperty("org.slf4j.simpleLogger.log.net.openhft") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.net.openhft", "warn");
        }
    }

    /** How long an appender waits for Chronicle's write lock before forcing it (a crashed writer's). */
    public static final long WRITE_LOCK_TIMEOUT_MS = 2_000;

    private JournalDays() {
    }

    public static Path dayDirectory(final Path root, final long istEpochDay) {
        return root.resolve(LocalDate.ofEpochDay(istEpochDay).toString());
    }

    /** The IST epoch days that have a journal directory under {@code root}, ascending. */
    public static long[] days(final Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return new long[0];
        }
        final List<Long> days = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory).forEach(child -> {
                try {
                    days.add(LocalDate.parse(child.getFileName().toString()).toEpochDay());
                } catch (final DateTimeParseException notADay) {
                    // other folders (e.g. an operator's notes) are not journal days
                }
            });
        }
        return days.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    static SingleChronicleQueue openQueue(final Path dayDirectory, final long istEpochDay, final boolean readOnly) {
        // Noon UTC of the IST calendar date: the single cycle of this queue is named after that date.
        final long pinnedMs = istEpochDay * MarketClock.MS_PER_DAY + MarketClock.MS_PER_DAY / 2;
        return SingleChronicleQueueBuilder.binary(dayDirectory.toFile())
            .rollCycle(LargeRollCycles.LARGE_DAILY)
            .timeProvider(() -> pinnedMs)
            .timeoutMS(WRITE_LOCK_TIMEOUT_MS)
            .readOnly(readOnly)
            .syncMode(readOnly ? SyncMode.NONE : SyncMode.ASYNC)
            .build();
    }
}
