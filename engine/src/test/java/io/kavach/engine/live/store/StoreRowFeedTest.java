package io.kavach.engine.live.store;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.rule.IntentIds;
import io.kavach.order.AckCode;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;
import io.kavach.store.writer.MonitorLogEntry;
import io.kavach.store.writer.OrderRow;
import io.kavach.store.writer.StoreRowSink;
import io.kavach.store.writer.UserHaltRow;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The order rows the store gets from the engine's order inputs, and the cost of a tick (none). */
class StoreRowFeedTest {
    private static final String RELIANCE = "NSE_EQ|INE002A01018";
    private static final int DAY = 19_359; // 2023-01-02

    private final InstrumentRegistry instruments = new InstrumentRegistry();
    private final List<OrderRow> orders = new ArrayList<>();
    private final List<MonitorLogEntry> logs = new ArrayList<>();
    private final List<UserHaltRow> halts = new ArrayList<>();
    private long processed = -1;
    private final StoreRowFeed feed;
    private final InputEvent e = new InputEvent();

    StoreRowFeedTest() {
        instruments.register(RELIANCE);
        feed = new StoreRowFeed(instruments, DAY, new StoreRowSink() {
            @Override
            public void monitorLog(final MonitorLogEntry entry) {
                logs.add(entry);
            }

            @Override
            public void order(final OrderRow order) {
                orders.add(order);
            }

            @Override
            public void userHalt(final UserHaltRow halt) {
                halts.add(halt);
            }
        }, seq -> processed = seq);
    }

    @Test
    void shouldCarryAnEngineOrderFromIntentThroughAcknowledgementToFillInFullRows() {
        final long intent = IntentIds.intentId(7, 1, 0);
        intentEvent(10, intent, "kv-7-1");
        ack(11, intent, AckCode.ACCEPTED, "230102000000001");
        update(12, 0, "230102000000001", OrderStatus.OPEN, 0, 0); // the portfolio feed names it by broker id only
        update(13, intent, "230102000000001", OrderStatus.COMPLETE, 10, 2_400_050_000L);

        assertEquals(4, orders.size());
        assertEquals(List.of("pending_submit", "submitted", "open", "complete"), orders.stream().map(OrderRow::status).toList());
        final OrderRow done = orders.get(3);
        assertEquals("kv-7-1", done.tag());
        assertEquals("230102000000001", done.brokerOrderId());
        assertEquals(7, done.ruleId());
        assertEquals(intent, done.intentId());
        assertEquals(RELIANCE, done.instrumentToken());
        assertEquals("SELL", done.transactionType());
        assertEquals("LIMIT", done.orderType());
        assertEquals("I", done.product());
        assertEquals(10, done.quantity());
        assertEquals(2_400_000_000L, done.price());
        assertEquals(10, done.filledQuantity());
        assertEquals(2_400_050_000L, done.averagePrice());
        assertEquals(1_000L * 13, done.executedAtEpochMs());
        assertEquals(1_000L * 10, done.placedAtEpochMs());
        assertEquals(13, done.journalSeq());
        assertEquals(DAY, done.journalDay());
        assertEquals(13, processed);
    }

    @Test
    void shouldRecordRejectionsFailuresAndRetriesWithTheirReasons() {
        final long rejected = IntentIds.intentId(8, 1, 0);
        intentEvent(20, rejected, "kv-8-1");
        text(e, "RMS: margin exceeds the available funds");
        ack(21, rejected, AckCode.REJECTED, null);
        assertEquals("rejected", orders.get(1).status());
        assertEquals("RMS: margin exceeds the available funds", orders.get(1).rejectionReason());

        final long retried = IntentIds.intentId(9, 1, 0);
        intentEvent(22, retried, "kv-9-1");
        text(e, "503 from the broker");
        ack(23, retried, AckCode.RETRY_PENDING, null);
        text(e, "503 again");
        ack(24, retried, AckCode.RETRY_PENDING, null);
        text(e, "gave up");
        ack(25, retried, AckCode.FAILED, null);
        final OrderRow last = orders.get(orders.size() - 1);
        assertEquals("failed", last.status());
        assertEquals(2, last.retryCount());
        assertEquals(23_000, last.firstFailureAtEpochMs());
        assertEquals(24_000, last.lastRetryAtEpochMs());
        assertEquals("gave up", last.failureReason());
    }

    @Test
    void shouldKeyAnOrderPlacedByHandByItsBrokerIdAndSkipUpdatesItCannotKey() {
        update(30, 0, "230102000000099", OrderStatus.OPEN, 0, 0);
        assertEquals(1, orders.size());
        assertNull(orders.get(0).tag());
        assertEquals("230102000000099", orders.get(0).brokerOrderId());
        assertEquals(0, orders.get(0).ruleId());

        update(31, 0, null, OrderStatus.OPEN, 0, 0); // neither an intent nor a broker id
        assertEquals(1, orders.size());
        assertEquals(31, processed, "still counted as processed");
    }

    @Test
    void shouldAllocateNothingForATick() {
        e.kind = EventKind.MARKET_TICK;
        e.instrumentId = 0;
        for (int round = 0; round < 5; round++) { // warm-up: let the JIT compile the loop and the feed
            ticks(round * 1_000_000L, 200_000);
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        ticks(10_000_000L, 1_000_000);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, allocated, "bytes allocated over 1,000,000 ticks");
        assertEquals(10_999_999, processed);
        assertEquals(0, orders.size() + logs.size());
    }

    private void ticks(final long firstSequence, final int count) {
        for (int i = 0; i < count; i++) {
            e.sequence = firstSequence + i;
            feed.onStepDone(e);
        }
    }

    private void intentEvent(final long seq, final long intentId, final String tag) {
        e.kind = EventKind.ORDER_INTENT;
        e.sequence = seq;
        e.eventTimeEpochMs = seq * 1_000;
        e.userId = 1;
        e.command = io.kavach.engine.action.OrderIntent.PLACE;
        e.intentId = intentId;
        e.instrumentId = 0;
        e.side = OrderCodes.SIDE_SELL;
        e.orderType = OrderCodes.TYPE_LIMIT;
        e.product = OrderCodes.PRODUCT_I;
        e.validity = OrderCodes.VALIDITY_DAY;
        e.quantity = 10;
        e.price = 2_400_000_000L;
        e.triggerPrice = 0;
        e.tagLength = ascii(tag, e.tag);
        e.brokerOrderIdLength = 0;
        e.textLength = 0;
        feed.onStepDone(e);
    }

    private void ack(final long seq, final long intentId, final byte code, final String brokerId) {
        e.kind = EventKind.ORDER_ACK;
        e.sequence = seq;
        e.eventTimeEpochMs = seq * 1_000;
        e.command = io.kavach.engine.action.OrderIntent.PLACE;
        e.ackCode = code;
        e.intentId = intentId;
        e.orderStatus = OrderStatus.UNKNOWN;
        e.brokerOrderIdLength = ascii(brokerId, e.brokerOrderId);
        feed.onStepDone(e);
        e.textLength = 0;
    }

    private void update(final long seq, final long intentId, final String brokerId, final byte status, final long filled, final long average) {
        e.kind = EventKind.ORDER_UPDATE;
        e.sequence = seq;
        e.eventTimeEpochMs = seq * 1_000;
        e.intentId = intentId;
        e.brokerOrderIdLength = ascii(brokerId, e.brokerOrderId);
        e.tagLength = 0;
        e.orderStatus = status;
        e.instrumentId = 0;
        e.side = OrderCodes.SIDE_SELL;
        e.orderType = OrderCodes.TYPE_LIMIT;
        e.product = OrderCodes.PRODUCT_I;
        e.quantity = 10;
        e.price = 2_400_000_000L;
        e.filledQuantity = filled;
        e.averagePrice = average;
        e.textLength = 0;
        feed.onStepDone(e);
    }

    private static void text(final InputEvent e, final String s) {
        e.textLength = ascii(s, e.text);
    }

    private static int ascii(final String s, final byte[] into) {
        if (s == null) {
            return 0;
        }
        final byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, into, 0, b.length);
        return b.length;
    }
}
