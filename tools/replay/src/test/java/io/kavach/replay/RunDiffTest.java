package io.kavach.replay;

import io.kavach.config.time.MarketClock;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.FeedShape;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InputEventJournalCodec;
import io.kavach.engine.journal.RunManifest;
import io.kavach.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunDiffTest {
    static final long OPEN = MarketClock.epochMsAt(MarketClock.istEpochDay(1_672_631_100_000L), MarketClock.SESSION_OPEN_MINUTE);

    @TempDir
    Path dir;

    static void journal(final Path root, final int events, final int alteredSequence) {
        final InputEvent e = new InputEvent();
        final InputEventJournalCodec codec = new InputEventJournalCodec();
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            for (int s = 0; s < events; s++) {
                e.clearTick();
                e.kind = EventKind.MARKET_TICK;
                e.sequence = s;
                e.eventTimeEpochMs = OPEN + s * 1000L;
                e.instrumentId = 0;
                e.feedShape = FeedShape.LTPC;
                e.ltp = 18_000_000_000L + s * 50_000L + (s == alteredSequence ? 1 : 0);
                e.lttEpochMs = e.eventTimeEpochMs;
                writer.append(codec.encode(e, writer.buffer()));
            }
        }
    }

    @Test
    void shouldNameTheFirstInputWhereTwoJournalsDiverge() throws IOException {
        journal(dir.resolve("a"), 100, -1);
        journal(dir.resolve("b"), 100, 57);
        final String divergence = RunDiff.firstDivergence(dir.resolve("a"), dir.resolve("b"));
        assertTrue(divergence.contains("input #58"), divergence);
        assertTrue(divergence.contains("sequence 57 MARKET_TICK at 2023-01-02T09:15:57+05:30"), divergence);
        assertTrue(divergence.contains("ltp 18002850000 vs 18002850001"), divergence);
        assertNull(RunDiff.firstDivergence(dir.resolve("a"), dir.resolve("a")));
    }

    @Test
    void shouldReportAJournalThatEndsEarlier() throws IOException {
        journal(dir.resolve("a"), 10, -1);
        journal(dir.resolve("b"), 12, -1);
        final String divergence = RunDiff.firstDivergence(dir.resolve("a"), dir.resolve("b"));
        assertTrue(divergence.contains("input #11: A ends, the other has sequence 10"), divergence);
    }

    @Test
    void shouldNameTheFirstDifferingOutputLine() throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), "{\"x\":1}\n{\"x\":2}\n{\"x\":3}\n");
        Files.writeString(dir.resolve("b.jsonl"), "{\"x\":1}\n{\"x\":2}\n{\"x\":4}\n");
        final String divergence = RunDiff.firstDivergence(dir.resolve("a.jsonl"), dir.resolve("b.jsonl"));
        assertEquals("first divergence at output line 3:\n  A: {\"x\":3}\n  B: {\"x\":4}", divergence);
        assertThrows(IllegalArgumentException.class, () -> RunDiff.firstDivergence(dir.resolve("a.jsonl"), dir));
    }

    @Test
    void shouldWriteTheRunManifestOnceAndRefuseADifferentRunInTheSameJournal() throws IOException {
        final RunManifest manifest = new RunManifest(List.of("NSE_INDEX|Nifty 50", "NSE_INDEX|Nifty Bank"), "5m", "rsi:14,ema:9");
        manifest.writeOrVerify(dir);
        final byte[] written = Files.readAllBytes(RunManifest.path(dir));
        manifest.writeOrVerify(dir); // a restart with the same settings
        assertEquals(manifest, RunManifest.read(dir));
        assertEquals(1, manifest.registry().find("NSE_INDEX|Nifty Bank"));
        final RunManifest other = new RunManifest(List.of("NSE_INDEX|Nifty 50"), "15m", "");
        assertThrows(IllegalArgumentException.class, () -> other.writeOrVerify(dir));
        assertEquals(new String(written), Files.readString(RunManifest.path(dir)));
    }
}
