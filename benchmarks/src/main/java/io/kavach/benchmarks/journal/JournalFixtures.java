package io.kavach.benchmarks.journal;

import io.kavach.config.time.MarketClock;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.FeedShape;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InputEventJournalCodec;
import io.kavach.journal.JournalWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Shared set-up for the journal benchmarks: a realistic full-depth-5 tick and a journal of N of them. */
final class JournalFixtures {
    // The root pom's kavach.jvm.opens: JMH forks with -cp, so the JAR manifest's Add-Opens do not apply.
    static final String OPENS_0 = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    static final String OPENS_1 = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String OPENS_2 = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    static final String OPENS_3 = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    static final String OPENS_4 = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    static final String OPENS_5 = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String OPENS_6 = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    static final String OPENS_7 = "--add-opens=java.base/java.io=ALL-UNNAMED";
    static final String OPENS_8 = "--add-opens=java.base/java.util=ALL-UNNAMED";
    static final String OPENS_9 = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String OPENS_10 = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String OPENS_11 = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final long SESSION_OPEN_MS = MarketClock.epochMsAt(MarketClock.istEpochDay(1_672_631_100_000L), MarketClock.SESSION_OPEN_MINUTE);

    private JournalFixtures() {
    }

    /** A market_full tick with 5 depth levels and day OHLC, as an NSE_FO future would send. */
    static void fullTick(final InputEvent e, final long sequence, final long timeMs) {
        e.clearTick();
        e.sequence = sequence;
        e.kind = EventKind.MARKET_TICK;
        e.eventTimeEpochMs = timeMs;
        e.instrumentId = (int) (sequence & 63);
        e.feedShape = FeedShape.MARKET_FULL;
        e.requestMode = 1;
        e.feedTimeEpochMs = timeMs;
        e.ltp = 18_131_700_000L + (sequence % 200) * 50_000L;
        e.lttEpochMs = timeMs;
        e.ltq = 50;
        e.closePrice = 18_100_000_000L;
        e.depthLevels = 5;
        for (int i = 0; i < 5; i++) {
            e.bidPrice[i] = e.ltp - (i + 1) * 50_000L;
            e.bidQty[i] = 100 * (i + 1);
            e.askPrice[i] = e.ltp + (i + 1) * 50_000L;
            e.askQty[i] = 75 * (i + 1);
        }
        e.hasDayOhlc = true;
        e.dayOpen = 18_000_000_000L;
        e.dayHigh = 18_200_000_000L;
        e.dayLow = 17_950_000_000L;
        e.dayClose = e.ltp;
        e.dayVolume = 1_000_000 + sequence;
        e.atp = 18_090_000_000L;
        e.vtt = 1_000_000 + sequence;
        e.oi = 12_345_600;
        e.tbq = 500_000;
        e.tsq = 480_000;
    }

    /** Writes {@code count} ticks, one per 100 µs of event time from the session open (they stay in one IST day). */
    static void writeJournal(final Path root, final long count) {
        final InputEvent e = new InputEvent();
        final InputEventJournalCodec codec = new InputEventJournalCodec();
        try (JournalWriter writer = new JournalWriter(root, System.err::println)) {
            for (long s = 0; s < count; s++) {
                fullTick(e, s, SESSION_OPEN_MS + s / 10);
                writer.append(codec.encode(e, writer.buffer()));
            }
        }
    }

    static Path tempRoot(final String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    static void delete(final Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
