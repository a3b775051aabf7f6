package io.kavach.engine.journal;

import io.kavach.config.time.MarketClock;
import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.live.IntentQueue;
import io.kavach.engine.ring.RingErrorHandler;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.journal.JournalReader;
import io.kavach.journal.JournalWriter;
import io.kavach.journal.layout.RecordHeaderDecoder;
import io.kavach.order.LocalOrderRouter;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderIntent;
import io.netty.channel.DefaultEventLoop;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Journal first in both placements: an intent reaches the order router only once the input that caused
 * it can be read back from the journal on disk, and in the inline placement the gate never even has to
 * hold one (the logic thread appended the input before it handled it).
 */
class JournalPlacementTest {
    static final long T0 = MarketClock.epochMsAt(MarketClock.istEpochDay(1_700_000_000_000L), 9 * 60 + 15);

    @TempDir
    Path root;

    @Test
    void shouldHandEachInputToTheInlineLogicOnlyAfterTheJournalHoldsIt() throws Exception {
        final List<String> violations = new ArrayList<>();
        final RingErrorHandler journalErrors = new RingErrorHandler("journal (inline)");
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            final JournalHandler journal = new JournalHandler(writer);
            final InlineJournalHandler stage = new InlineJournalHandler(journal, (e, slot, end) -> {
                if (writer.lastSequence() != e.sequence || journal.journaledSequence() != e.sequence) {
                    violations.add("input " + e.sequence + " handled with the journal at " + writer.lastSequence()
                        + ", published " + journal.journaledSequence());
                }
            }, journalErrors);
            final InputEvent e = new InputEvent();
            for (int i = 0; i < 1_000; i++) {
                e.kind = io.kavach.engine.event.EventKind.MARKET_TICK;
                e.sequence = i;
                e.eventTimeEpochMs = T0 + i;
                e.instrumentId = 1;
                e.ltp = 100_000_000L + i;
                stage.onEvent(e, i, (i & 7) == 7);
            }
            assertEquals(1_000, writer.appendedCount());
        }
        assertEquals(List.of(), violations);
        assertEquals(0, journalErrors.errors());
        assertEquals(1_000, journaledSequences(root).size(), "every input on disk");
    }

    @Test
    void shouldStillHandTheInputToTheLogicAndHoldItsEffectsWhenTheInlineAppendFails() throws Exception {
        final RingErrorHandler journalErrors = new RingErrorHandler("journal (inline)");
        final List<Long> handled = new ArrayList<>();
        final JournalWriter writer = new JournalWriter(root, d -> { });
        final JournalHandler journal = new JournalHandler(writer);
        final InlineJournalHandler stage = new InlineJournalHandler(journal, (e, slot, end) -> handled.add(e.sequence), journalErrors);
        final InputEvent e = new InputEvent();
        e.kind = io.kavach.engine.event.EventKind.MARKET_TICK;
        e.eventTimeEpochMs = T0;
        e.sequence = 5;
        stage.onEvent(e, 0, true);
        e.sequence = 4; // a sequence going backwards is refused by the writer: the append throws
        stage.onEvent(e, 1, true);
        e.sequence = 6;
        stage.onEvent(e, 2, true);
        writer.close();
        assertEquals(List.of(5L, 4L, 6L), handled, "the logic keeps running, as it does beside a failed parallel journal");
        assertEquals(1, journalErrors.errors());
        assertTrue(journal.hasFailed());
        assertEquals(SideEffectGate.RELEASE, journal.gate().decide(5));
        assertEquals(SideEffectGate.HOLD, journal.gate().decide(6), "nothing leaves after the journal broke");
    }

    @ParameterizedTest
    @EnumSource(JournalPlacement.class)
    void shouldLetNoIntentOutBeforeItsInputIsReadableFromTheJournal(final JournalPlacement placement) throws Exception {
        final long seed = System.nanoTime();
        System.out.println("seed " + seed + " placement " + placement.label);
        final Random random = new Random(seed);
        final int ticks = 3_000;
        final DefaultEventLoop loop = new DefaultEventLoop();
        final JournalCheckingRouter router = new JournalCheckingRouter(root);
        final AtomicLong holds = new AtomicLong();
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            final JournalHandler journal = new JournalHandler(writer);
            final JournalGate gate = journal.gate();
            final IntentQueue intents = new IntentQueue(1024);
            intents.connect(loop, cause -> {
                final int decision = gate.decide(cause);
                if (decision == SideEffectGate.HOLD) {
                    holds.incrementAndGet();
                }
                return decision;
            }, router);
            final LogicHandler logic = new LogicHandler(new CandleBook());
            // the "rules": every 5th input fires an intent whose id is its cause's sequence
            logic.setStepListener(e -> {
                if (e.sequence % 5 == 0) {
                    final OrderIntent i = intents.claim();
                    i.place(e.sequence, OrderCodes.SIDE_BUY, 1).instrumentKey("NSE_EQ|INE002A01018").tag("kv-" + e.sequence);
                    intents.commit(e.sequence, 0);
                }
            });
            final Bootstrap engine = Bootstrap.start(new EngineSettings(1024, WaitStrategyKind.BLOCKING, placement), journal, logic, 0);
            for (int i = 0; i < ticks; i++) {
                engine.publisher().publishTrade(1, T0 + i, 100_000_000L + i, 1, i, 0);
                if (random.nextInt(64) == 0) {
                    Thread.sleep(1);
                }
            }
            engine.awaitDrained();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (router.submitted() < ticks / 5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            engine.close();
            assertEquals(0, engine.stageErrors());
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertEquals(ticks / 5, router.submitted(), "every intent reached the router");
        assertEquals(List.of(), router.early(), "intents out before their input was in the journal (seed " + seed + ")");
        if (placement == JournalPlacement.INLINE) {
            assertEquals(0, holds.get(), "inline: an intent is produced after its input is journaled, so the gate never holds");
        }
    }

    /** At each submit, reads the journal from disk and checks that the intent's cause (its id) is in it. Router loop. */
    private static final class JournalCheckingRouter extends LocalOrderRouter {
        private final Path root;
        private final List<Long> early = new ArrayList<>();
        private final LongHashSet seen = new LongHashSet();
        private volatile int submitted;

        JournalCheckingRouter(final Path root) {
            this.root = root;
        }

        @Override
        public int submit(final OrderIntent intent) {
            if (!seen.contains(intent.intentId)) {
                seen.addAll(journaledSequences(root));
            }
            if (!seen.contains(intent.intentId)) {
                synchronized (early) {
                    early.add(intent.intentId);
                }
            }
            submitted++;
            return 0;
        }

        int submitted() {
            return submitted;
        }

        List<Long> early() {
            synchronized (early) {
                return new ArrayList<>(early);
            }
        }

        @Override
        protected boolean knows(final long intentId) {
            return seen.contains(intentId);
        }
    }

    static LongHashSet journaledSequences(final Path root) {
        final LongHashSet sequences = new LongHashSet();
        final RecordHeaderDecoder header = new RecordHeaderDecoder();
        try (JournalReader reader = new JournalReader(root, d -> { })) {
            while (reader.poll((b, o, l) -> sequences.add(header.wrap(b, o).sequence()), 1000) > 0) {
                // drain
            }
        }
        return sequences;
    }
}
