package io.kavach.engine.journal;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JournalRecoveryTest {
    static final long T0 = MarketClock.epochMsAt(MarketClock.istEpochDay(1_700_000_000_000L), 10 * 60);

    @TempDir
    Path root;

    private long sequence;

    private void append(final JournalWriter writer, final InputEventJournalCodec codec, final byte kind, final long intentId, final String tag) {
        final InputEvent e = new InputEvent();
        e.kind = kind;
        e.sequence = sequence++;
        e.eventTimeEpochMs = T0 + e.sequence;
        e.intentId = intentId;
        e.instrumentId = 3;
        e.quantity = 75;
        e.side = 2;
        final byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, e.tag, 0, t.length);
        e.tagLength = t.length;
        writer.append(codec.encode(e, writer.buffer()));
    }

    @Test
    void shouldReplayTheDayAndReturnOnlyTheIntentsWithNoAckOrUpdate() {
        final InputEventJournalCodec codec = new InputEventJournalCodec();
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            append(writer, codec, EventKind.MARKET_TICK, 0, "");
            append(writer, codec, EventKind.ORDER_INTENT, 101, "kv-101");
            append(writer, codec, EventKind.ORDER_INTENT, 102, "kv-102");
            append(writer, codec, EventKind.ORDER_ACK, 101, "kv-101");
            append(writer, codec, EventKind.ORDER_INTENT, 103, "kv-103");
            append(writer, codec, EventKind.ORDER_UPDATE, 102, "kv-102");
            append(writer, codec, EventKind.ORDER_UPDATE, 0, "manual");   // an order the engine did not originate
            append(writer, codec, EventKind.ORDER_INTENT, 104, "kv-104");
        }
        final List<Long> seen = new ArrayList<>();
        final Disruptor<InputEvent> disruptor = new Disruptor<>(InputEvent::new, 64, Thread::new, ProducerType.SINGLE, new BlockingWaitStrategy());
        disruptor.handleEventsWith((EventHandler<InputEvent>) (e, s, end) -> seen.add(e.sequence));
        final JournalRecovery.Result result = JournalRecovery.replayDay(root, MarketClock.istEpochDay(T0), disruptor.start(),
            d -> { throw new AssertionError(d); });
        RingDrain.drainAndStop(disruptor);
        assertEquals(8, result.replayedEvents());
        assertEquals(7, result.lastSequence());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), seen);
        assertEquals(2, result.unansweredIntents().size());
        assertEquals(103, result.unansweredIntents().get(0).intentId);
        assertEquals("kv-103", new String(result.unansweredIntents().get(0).tag, 0, result.unansweredIntents().get(0).tagLength, StandardCharsets.US_ASCII));
        assertEquals(75, result.unansweredIntents().get(0).quantity);
        assertEquals(104, result.unansweredIntents().get(1).intentId);
        assertEquals(4, result.journaledIntentIds().size());
        assertEquals(true, result.journaledIntentIds().contains(102));
        assertEquals(2, result.answeredIntentIds().size());
        assertEquals(true, result.answeredIntentIds().contains(101));
        assertEquals(true, result.answeredIntentIds().contains(102));
        assertEquals(4, result.replayedByKind()[EventKind.ORDER_INTENT]);
        assertEquals(1, result.replayedByKind()[EventKind.MARKET_TICK]);
    }

    @Test
    void shouldReplayStraightIntoTheLogicOnThisThreadCountingAHandlerFailureAndGoingOn() {
        final InputEventJournalCodec codec = new InputEventJournalCodec();
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            append(writer, codec, EventKind.MARKET_TICK, 0, "");
            append(writer, codec, EventKind.ORDER_INTENT, 101, "kv-101");
            append(writer, codec, EventKind.MARKET_TICK, 0, "");
            append(writer, codec, EventKind.ORDER_ACK, 101, "kv-101");
            append(writer, codec, EventKind.ORDER_INTENT, 102, "kv-102");
        }
        final Thread caller = Thread.currentThread();
        final List<String> seen = new ArrayList<>();
        final io.kavach.engine.ring.RingErrorHandler errors = new io.kavach.engine.ring.RingErrorHandler("logic");
        final JournalRecovery.Result result = JournalRecovery.replayDay(root, MarketClock.istEpochDay(T0),
            (EventHandler<InputEvent>) (e, s, end) -> {
                assertEquals(caller, Thread.currentThread(), "direct replay runs the handler on the calling thread");
                // intentId belongs to order kinds only (other kinds leave stale values, by the InputEvent contract)
                seen.add(e.sequence + ":" + EventKind.name(e.kind) + ":" + (e.kind == EventKind.MARKET_TICK ? 0 : e.intentId));
                if (e.sequence == 2) {
                    throw new IllegalStateException("a handler bug on input 2");
                }
            }, errors, d -> { throw new AssertionError(d); });
        assertEquals(List.of("0:" + EventKind.name(EventKind.MARKET_TICK) + ":0", "1:" + EventKind.name(EventKind.ORDER_INTENT) + ":101",
            "2:" + EventKind.name(EventKind.MARKET_TICK) + ":0", "3:" + EventKind.name(EventKind.ORDER_ACK) + ":101",
            "4:" + EventKind.name(EventKind.ORDER_INTENT) + ":102"), seen);
        assertEquals(1, errors.errors());
        assertEquals(5, result.replayedEvents());
        assertEquals(4, result.lastSequence());
        assertEquals(1, result.unansweredIntents().size());
        assertEquals(102, result.unansweredIntents().get(0).intentId);
    }

    @Test
    void shouldCountWhatTheJournalHoldsAsJournaledBeforeAnyInputPassesTheStage() throws Exception {
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            final JournalHandler handler = new JournalHandler(writer, 41);
            assertEquals(41, handler.journaledSequence(), "a restart's replayed inputs release their side effects");
            final InputEvent replayed = new InputEvent();
            replayed.kind = EventKind.MARKET_TICK;
            replayed.sequence = 7;
            replayed.eventTimeEpochMs = T0;
            handler.onEvent(replayed, 0, true);
            assertEquals(41, handler.journaledSequence(), "an input replayed through the ring never moves the sequence back");
            assertEquals(0, writer.appendedCount(), "nor is it appended again");
        }
    }

    private void appendOrder(final JournalWriter writer, final InputEventJournalCodec codec, final byte kind, final long intentId,
                             final byte action, final String brokerOrderId, final byte status, final long filled) {
        final InputEvent e = new InputEvent();
        e.kind = kind;
        e.sequence = sequence++;
        e.eventTimeEpochMs = T0 + e.sequence;
        e.intentId = intentId;
        e.command = action;
        e.instrumentId = 3;
        e.quantity = 75;
        e.filledQuantity = filled;
        e.orderStatus = status;
        final byte[] tag = ("kv-" + intentId).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, e.tag, 0, tag.length);
        e.tagLength = tag.length;
        final byte[] id = brokerOrderId.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, e.brokerOrderId, 0, id.length);
        e.brokerOrderIdLength = id.length;
        writer.append(codec.encode(e, writer.buffer()));
    }

    @Test
    void shouldReportTheOrdersLastSeenOpenWithTheirBrokerIdAndFillSoARestartReadsThemAtTheBroker() {
        final InputEventJournalCodec codec = new InputEventJournalCodec();
        final byte place = io.kavach.order.OrderIntent.ACTION_PLACE;
        try (JournalWriter writer = new JournalWriter(root, d -> { throw new AssertionError(d); })) {
            appendOrder(writer, codec, EventKind.ORDER_INTENT, 201, place, "", (byte) 0, 0);
            appendOrder(writer, codec, EventKind.ORDER_ACK, 201, place, "B-201", io.kavach.order.OrderStatus.SUBMITTED, 0);
            appendOrder(writer, codec, EventKind.ORDER_UPDATE, 201, (byte) 0, "B-201", io.kavach.order.OrderStatus.PARTIALLY_FILLED, 25);
            appendOrder(writer, codec, EventKind.ORDER_INTENT, 202, place, "", (byte) 0, 0);
            appendOrder(writer, codec, EventKind.ORDER_ACK, 202, place, "B-202", io.kavach.order.OrderStatus.SUBMITTED, 0);
            appendOrder(writer, codec, EventKind.ORDER_UPDATE, 202, (byte) 0, "B-202", io.kavach.order.OrderStatus.COMPLETE, 75);
            appendOrder(writer, codec, EventKind.ORDER_INTENT, 203, io.kavach.order.OrderIntent.ACTION_CANCEL, "B-201", (byte) 0, 0);
            appendOrder(writer, codec, EventKind.ORDER_ACK, 203, io.kavach.order.OrderIntent.ACTION_CANCEL, "B-201",
                io.kavach.order.OrderStatus.PARTIALLY_FILLED, 25);
            appendOrder(writer, codec, EventKind.ORDER_INTENT, 204, place, "", (byte) 0, 0); // unanswered: looked up by tag instead
        }
        final JournalRecovery.Result result = JournalRecovery.replayDay(root, MarketClock.istEpochDay(T0),
            (EventHandler<InputEvent>) (e, s, end) -> { }, new io.kavach.engine.ring.RingErrorHandler("logic"), d -> { throw new AssertionError(d); });
        assertEquals(1, result.openOrders().size(), "202 completed and 203 is a cancel, not an order: " + result.openOrders());
        final JournalRecovery.OpenOrder open = result.openOrders().get(0);
        assertEquals(201, open.intent().intentId);
        assertEquals("B-201", new String(open.lastState().brokerOrderId, 0, open.lastState().brokerOrderIdLength, StandardCharsets.US_ASCII));
        assertEquals(io.kavach.order.OrderStatus.PARTIALLY_FILLED, open.lastState().orderStatus);
        assertEquals(25, open.lastState().filledQuantity);
        assertEquals(1, result.unansweredIntents().size());
        assertEquals(204, result.unansweredIntents().get(0).intentId);
    }
}
