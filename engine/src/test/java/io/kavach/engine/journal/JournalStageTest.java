package io.kavach.engine.journal;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.BlockingWaitStrategy;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.Bootstrap;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.ring.WaitStrategyKind;
import io.kavach.journal.JournalReader;
import io.kavach.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalStageTest {
    static final long T0 = MarketClock.epochMsAt(MarketClock.istEpochDay(1_700_000_000_000L), 9 * 60 + 15);

    @TempDir
    Path root;

    @ParameterizedTest
    @EnumSource(JournalPlacement.class)
    void shouldJournalEveryInputOfEveryKindAndReplayItBitForBitThroughTheRing(final JournalPlacement placement) throws Exception {
        final long seed = System.nanoTime();
        System.out.println("seed " + seed + " placement " + placement.label);
        final Random random = new Random(seed);
        final MessageDigest live = MessageDigest.getInstance("SHA-256");
        final InputEventJournalCodec codec = new InputEventJournalCodec();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[io.kavach.journal.layout.JournalLayout.MAX_RECORD_BYTES]);
        final int events = 20_000;
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            final JournalHandler journal = new JournalHandler(writer);
            final Bootstrap engine = Bootstrap.start(new EngineSettings(1024, WaitStrategyKind.BLOCKING, placement), journal, new LogicHandler(new io.kavach.engine.candle.CandleBook()), 0);
            final InputPublisher publisher = engine.publisher();
            final byte[] kinds = {EventKind.MARKET_TICK, EventKind.MARKET_TICK, EventKind.MARKET_TICK, EventKind.ORDER_UPDATE,
                EventKind.ORDER_ACK, EventKind.ORDER_INTENT, EventKind.POSITION_UPDATE, EventKind.TIMER,
                EventKind.RULE_COMMAND, EventKind.CONTROL, EventKind.MARKET_STATUS};
            for (int i = 0; i < events; i++) {
                final byte kind = kinds[random.nextInt(kinds.length)];
                final InputEvent template = InputEventJournalCodecTest.randomEvent(random, kind);
                final long slot = publisher.claim(kind, T0 + i * 7L);
                final InputEvent e = publisher.event(slot);
                final long sequence = e.sequence;
                final long time = e.eventTimeEpochMs;
                copy(template, e, codec, scratch);
                e.sequence = sequence;
                e.eventTimeEpochMs = time;
                e.kind = kind;
                live.update(fingerprint(e, codec, scratch));
                publisher.publish(slot);
            }
            engine.close();
            assertEquals(events - 1, journal.journaledSequence());
            assertEquals(0, engine.stageErrors());
        }

        final MessageDigest replayed = MessageDigest.getInstance("SHA-256");
        final List<Long> sequences = new ArrayList<>();
        final Disruptor<InputEvent> ring = new Disruptor<>(InputEvent::new, 1024, Thread::new, ProducerType.SINGLE, new BlockingWaitStrategy());
        final InputEventJournalCodec replayCodec = new InputEventJournalCodec();
        final UnsafeBuffer replayScratch = new UnsafeBuffer(new byte[io.kavach.journal.layout.JournalLayout.MAX_RECORD_BYTES]);
        ring.handleEventsWith((EventHandler<InputEvent>) (e, s, end) -> {
            replayed.update(fingerprint(e, replayCodec, replayScratch));
            sequences.add(e.sequence);
        });
        final RingBuffer<InputEvent> buffer = ring.start();
        final List<String> damage = new ArrayList<>();
        try (JournalReader reader = new JournalReader(root, damage::add)) {
            final JournalReplaySource source = new JournalReplaySource(buffer, Long.MIN_VALUE, Long.MAX_VALUE, JournalReplaySource.EventPacer.FLAT_OUT);
            assertEquals(events, source.replay(reader, (n, t) -> { }));
        }
        RingDrain.drainAndStop(ring);
        assertEquals(List.of(), damage);
        assertEquals(events, sequences.size());
        assertEquals(0L, sequences.get(0));
        assertEquals(events - 1L, sequences.get(events - 1));
        assertArrayEquals(live.digest(), replayed.digest(), "seed " + seed);
    }

    @Test
    void shouldHoldEverySideEffectUntilItsInputIsReadableFromTheJournal() throws Exception {
        final CountDownLatch journalBlocked = new CountDownLatch(1);
        final ConcurrentLinkedQueue<Long> effects = new ConcurrentLinkedQueue<>();
        final int events = 300;
        try (JournalWriter writer = new JournalWriter(root, d -> { })) {
            final JournalHandler journal = new JournalHandler(writer);
            final SideEffectGate gate = journal.gate();
            final Disruptor<InputEvent> disruptor = new Disruptor<>(InputEvent::new, 1024, Thread::new, ProducerType.SINGLE, new BlockingWaitStrategy());
            final Random random = new Random(42);
            // the parallel placement's topology: journal and logic on two threads; the journal side is slowed down
            disruptor.handleEventsWith((EventHandler<InputEvent>) (e, s, end) -> {
                journalBlocked.await();
                if (random.nextInt(4) == 0) {
                    Thread.sleep(1);
                }
                journal.onEvent(e, s, end);
            }, (EventHandler<InputEvent>) (e, s, end) -> effects.add(e.sequence));
            final InputPublisher publisher = new InputPublisher(disruptor.start(), 0);
            for (int i = 0; i < events; i++) {
                publisher.publishTrade(1, T0 + i, 100_000_000L + i, 1, i, 0);
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (effects.size() < events && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(events, effects.size(), "logic ran ahead of the blocked journal");
            for (final Long cause : effects) {
                assertEquals(SideEffectGate.HOLD, gate.decide(cause), "effect of input " + cause + " released before journaling");
            }
            journalBlocked.countDown();

            final Set<Long> released = new HashSet<>();
            while (released.size() < events && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(20)) {
                final List<Long> batch = new ArrayList<>();
                for (final Long cause : effects) {
                    if (!released.contains(cause) && gate.decide(cause) == SideEffectGate.RELEASE) {
                        batch.add(cause);
                    }
                }
                if (batch.isEmpty()) {
                    Thread.sleep(1);
                    continue;
                }
                final Set<Long> onDisk = journaledSequences(root);
                for (final Long cause : batch) {
                    assertTrue(onDisk.contains(cause), "released effect of input " + cause + " that the journal does not hold");
                }
                released.addAll(batch);
            }
            RingDrain.drainAndStop(disruptor);
            assertEquals(events, released.size());
        }
    }

    @ParameterizedTest
    @EnumSource(JournalPlacement.class)
    void shouldNotReJournalRecoveredInputsAndShouldContinueTheSequenceAfterThem(final JournalPlacement placement) throws Exception {
        try (JournalWriter writer = new JournalWriter(root, d -> { })) {
            final JournalHandler first = new JournalHandler(writer);
            final Bootstrap engine = Bootstrap.start(new EngineSettings(256, WaitStrategyKind.BLOCKING, placement), first, new LogicHandler(new io.kavach.engine.candle.CandleBook()), 0);
            for (int i = 0; i < 100; i++) {
                engine.publisher().publishTrade(1, T0 + i, 100_000_000L, 1, i, 0);
            }
            engine.close();
            assertEquals(99, first.journaledSequence(), "close() must drain the journal stage too");
        }
        // restart: learn the last journaled sequence, replay with the journal handler skipping what it holds
        try (JournalWriter writer = new JournalWriter(root, d -> { })) {
            writer.openDay(MarketClock.istEpochDay(T0));
            final long last = writer.lastSequence();
            assertEquals(99, last);
            final JournalHandler journal = new JournalHandler(writer, last);
            final LogicHandler logic = new LogicHandler(new io.kavach.engine.candle.CandleBook());
            final Bootstrap engine = Bootstrap.start(new EngineSettings(256, WaitStrategyKind.BLOCKING, placement), journal, logic, last + 1);
            try (JournalReader reader = new JournalReader(root, d -> { })) {
                new JournalReplaySource(engine.publisher().ring(), Long.MIN_VALUE, Long.MAX_VALUE, JournalReplaySource.EventPacer.FLAT_OUT)
                    .replay(reader, (n, t) -> { });
            }
            for (int i = 100; i < 150; i++) {
                engine.publisher().publishTrade(1, T0 + i, 100_000_000L, 1, i, 0);
            }
            engine.close();
            assertEquals(150, logic.eventsHandled());
            assertEquals(149, logic.lastInputSequence());
            final SideEffectGate gate = journal.gate();
            assertEquals(SideEffectGate.RELEASE, gate.decide(50));
            assertEquals(SideEffectGate.RELEASE, gate.decide(99));
            assertEquals(SideEffectGate.RELEASE, gate.decide(100));
            assertEquals(SideEffectGate.RELEASE, gate.decide(149));
            assertEquals(SideEffectGate.HOLD, gate.decide(150));
        }
        final List<Long> all = new ArrayList<>();
        try (JournalReader reader = new JournalReader(root, d -> { throw new AssertionError(d); })) {
            final io.kavach.journal.layout.RecordHeaderDecoder header = new io.kavach.journal.layout.RecordHeaderDecoder();
            while (reader.poll((b, o, l) -> all.add(header.wrap(b, o).sequence()), 1000) > 0) {
                // drain
            }
        }
        assertEquals(150, all.size());
        for (int i = 0; i < 150; i++) {
            assertEquals(i, all.get(i));
        }
    }

    private static Set<Long> journaledSequences(final Path root) {
        final Set<Long> sequences = new HashSet<>();
        final io.kavach.journal.layout.RecordHeaderDecoder header = new io.kavach.journal.layout.RecordHeaderDecoder();
        try (JournalReader reader = new JournalReader(root, d -> { })) {
            while (reader.poll((b, o, l) -> sequences.add(header.wrap(b, o).sequence()), 1000) > 0) {
                // drain
            }
        }
        return sequences;
    }

    private static void copy(final InputEvent from, final InputEvent to, final InputEventJournalCodec codec, final UnsafeBuffer scratch) {
        codec.encode(from, scratch);
        codec.decode(scratch, 0, to);
    }

    /** The journal encoding of an event: equal bytes = equal fields of its kind. */
    static byte[] fingerprint(final InputEvent e, final InputEventJournalCodec codec, final UnsafeBuffer scratch) {
        final int length = codec.encode(e, scratch);
        final byte[] bytes = new byte[length];
        scratch.getBytes(0, bytes);
        return bytes;
    }
}
