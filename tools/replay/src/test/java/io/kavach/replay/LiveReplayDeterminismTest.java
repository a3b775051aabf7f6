package io.kavach.replay;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.journal.EngineStateHash;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.journal.JournalPlacement;
import io.kavach.engine.journal.JournalReplaySource;
import io.kavach.engine.journal.RunManifest;
import io.kavach.engine.live.WriterLoop;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.journal.JournalReader;
import io.kavach.journal.JournalWriter;
import io.kavach.journal.layout.RecordHeaderDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded live-style session — ticks handed to the real single-writer event loop, clock timers from
 * that loop interleaving with them as they happen to, everything journaled — and its replay end with
 * equal state hashes.
 */
class LiveReplayDeterminismTest {
    static final long OPEN = MarketClock.epochMsAt(MarketClock.istEpochDay(1_672_631_100_000L), MarketClock.SESSION_OPEN_MINUTE);
    static final RunManifest MANIFEST = new RunManifest(
        List.of("NSE_FO|NIFTY23JANFUT", "NSE_FO|BANKNIFTY23JANFUT", "NSE_EQ|INE002A01018"), "1m", "rsi:14,ema:9,macd:12:26:9");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(JournalPlacement.class)
    void shouldEndALiveSessionAndItsReplayWithEqualStateHashes(final JournalPlacement placement) throws Exception {
        final long seed = System.nanoTime();
        System.out.println("seed " + seed + " journal placement " + placement.label);
        final Path journal = dir.resolve("journal");
        MANIFEST.writeOrVerify(journal);

        final DigestingOutputStream liveOut = new DigestingOutputStream(OutputStream.nullOutputStream());
        final ReplayPipeline live = ReplayPipeline.open(MANIFEST, journal, null, liveOut);
        final EngineStateHash liveHash = new EngineStateHash();
        live.logic().candles().addListener(liveHash.closedCandles());
        final int ticks = 40_000;
        try (JournalWriter writer = new JournalWriter(journal, d -> { throw new AssertionError(d); })) {
            final Bootstrap engine = Bootstrap.start(new EngineSettings(1024, WaitStrategyKind.YIELDING, placement), new JournalHandler(writer),
                live.logic(), 0);
            final AtomicLong exchangeClock = new AtomicLong(OPEN);
            final WriterLoop loop = new WriterLoop(engine.publisher(), exchangeClock::get);
            loop.startClock(1); // clock timers every wall-clock ms, stamped with the exchange clock: interleaving is up to the scheduler
            final Random random = new Random(seed);
            final long[] price = {18_000 * Prices.PRICE_SCALE, 42_000 * Prices.PRICE_SCALE, 2_500 * Prices.PRICE_SCALE};
            final long[] volume = new long[3];
            final CountDownLatch done = new CountDownLatch(1);
            for (int i = 0; i < ticks; i++) {
                loop.execute(() -> {
                    final InputPublisher p = loop.publisher();
                    final int id = random.nextInt(3);
                    final long t = exchangeClock.addAndGet(random.nextInt(900));
                    price[id] += (random.nextInt(21) - 10) * 50_000L;
                    final long qty = 1 + random.nextInt(500);
                    volume[id] += qty;
                    p.publishTrade(id, t, price[id], qty, volume[id], 0);
                });
                if ((i & 1023) == 0) {
                    Thread.sleep(1); // let clock timers in between, as a live feed would
                }
            }
            loop.execute(done::countDown);
            assertTrue(done.await(60, TimeUnit.SECONDS));
            loop.close();
            engine.close();
            assertEquals(0, engine.stageErrors());
        }
        live.finish();
        liveHash.addLogic(live.logic(), MANIFEST.instrumentKeys().size()).addDigest(liveOut.hexDigest().getBytes(StandardCharsets.US_ASCII));
        final String liveState = liveHash.hex();
        final long timers = countKind(journal, EventKind.TIMER);
        System.out.println("live state " + liveState + " after " + live.logic().eventsHandled() + " inputs (" + timers + " clock timers), "
            + live.linesWritten() + " candles");
        assertTrue(timers > 0, "the session should interleave clock timers with ticks");
        assertTrue(live.linesWritten() > 100, "candles closed: " + live.linesWritten());

        assertEquals(liveState, replayStateHash(journal, Long.MAX_VALUE), "seed " + seed);
        assertEquals(liveState, replayStateHash(journal, Long.MAX_VALUE), "second replay, seed " + seed);
        // the hash is sensitive: leaving out the journal's last millisecond of inputs changes it
        assertNotEquals(liveState, replayStateHash(journal, lastEventTime(journal)), "seed " + seed);
    }

    private static String replayStateHash(final Path journal, final long toMs) throws Exception {
        final DigestingOutputStream out = new DigestingOutputStream(OutputStream.nullOutputStream());
        final ReplayPipeline replay = ReplayPipeline.open(RunManifest.read(journal), journal, null, out);
        final EngineStateHash hash = new EngineStateHash();
        replay.logic().candles().addListener(hash.closedCandles());
        final Bootstrap engine = Bootstrap.start(new EngineSettings(1024, WaitStrategyKind.YIELDING), null, replay.logic(), 0);
        try (JournalReader reader = new JournalReader(journal, d -> { throw new AssertionError(d); })) {
            new JournalReplaySource(engine.publisher().ring(), Long.MIN_VALUE, toMs, JournalReplaySource.EventPacer.FLAT_OUT)
                .replay(reader, (n, t) -> { });
        }
        engine.close();
        replay.finish();
        return hash.addLogic(replay.logic(), MANIFEST.instrumentKeys().size())
            .addDigest(out.hexDigest().getBytes(StandardCharsets.US_ASCII)).hex();
    }

    private static long countKind(final Path journal, final byte kind) {
        final long[] n = {0};
        final RecordHeaderDecoder header = new RecordHeaderDecoder();
        try (JournalReader reader = new JournalReader(journal, d -> { })) {
            while (reader.poll((b, o, l) -> n[0] += header.wrap(b, o).kind() == kind ? 1 : 0, 4096) > 0) {
                // count
            }
        }
        return n[0];
    }

    private static long lastEventTime(final Path journal) {
        final long[] last = {0};
        final RecordHeaderDecoder header = new RecordHeaderDecoder();
        try (JournalReader reader = new JournalReader(journal, d -> { })) {
            while (reader.poll((b, o, l) -> last[0] = Math.max(last[0], header.wrap(b, o).eventTimeEpochMs()), 4096) > 0) {
                // scan
            }
        }
        return last[0];
    }
}
