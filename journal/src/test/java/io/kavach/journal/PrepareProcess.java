package io.kavach.journal;

import io.kavach.config.time.MarketClock;

import java.nio.file.Path;

/**
 * Run in a separate JVM by the preparation test, under a memlock limit it cannot lift: opens the day of
 * {@code startMs}, prepares {@code mb} MiB of its file and prints what {@code prepare} returned.
 */
public final class PrepareProcess {
    public static void main(final String[] args) {
        final Path root = Path.of(args[0]);
        final long mb = Long.parseLong(args[1]);
        final long startMs = Long.parseLong(args[2]);
        try (JournalWriter writer = new JournalWriter(root, System.err::println)) {
            writer.openDay(MarketClock.istEpochDay(startMs));
            System.out.println(writer.prepare(mb << 20));
        }
    }
}
