package io.kavach.order.paper;

import io.kavach.config.Prices;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaperBrokerTest {
    record Update(long intentId, String orderId, String tag, byte status, long filled, long average, long timeMs) {
    }

    private final List<Update> updates = new ArrayList<>();
    private final PaperBroker broker = new PaperBroker((intentId, userId, instrumentId, orderId, orderIdLength, tag, tagLength, status, side,
        orderType, product, quantity, filledQuantity, price, triggerPrice, averagePrice, eventTimeEpochMs) ->
        updates.add(new Update(intentId, new String(orderId, 0, orderIdLength, StandardCharsets.US_ASCII),
            new String(tag, 0, tagLength, StandardCharsets.US_ASCII), status, filledQuantity, averagePrice, eventTimeEpochMs)));
    private static final byte[] TAG = "kv-1-1".getBytes(StandardCharsets.US_ASCII);

    private static long px(final double r) {
        return Prices.toFixed(r);
    }

    private void place(final long intent, final byte side, final byte type, final double price, final double trigger, final byte validity) {
        broker.place(intent, 1, 3, side, 10, type, OrderCodes.PRODUCT_I, validity, px(price), px(trigger), TAG, TAG.length, 1000);
    }

    private Update last() {
        return updates.get(updates.size() - 1);
    }

    @Test
    void shouldFillMarketOrdersAtTheNextTickOnTheSideThatFills() {
        place(1, OrderCodes.SIDE_BUY, OrderCodes.TYPE_MARKET, 0, 0, OrderCodes.VALIDITY_DAY);
        place(2, OrderCodes.SIDE_SELL, OrderCodes.TYPE_MARKET, 0, 0, OrderCodes.VALIDITY_DAY);
        assertEquals(List.of(OrderStatus.OPEN, OrderStatus.OPEN), updates.stream().map(Update::status).toList());
        assertEquals("PAPER-1", updates.get(0).orderId());
        assertEquals("kv-1-1", updates.get(0).tag());
        broker.onTick(4, px(50), 0, 0, 1500); // another instrument
        assertEquals(2, updates.size());
        broker.onTick(3, px(100), px(99.9), px(100.1), 2000);
        assertEquals(new Update(1, "PAPER-1", "kv-1-1", OrderStatus.COMPLETE, 10, px(100.1), 2000), updates.get(2));
        assertEquals(new Update(2, "PAPER-2", "kv-1-1", OrderStatus.COMPLETE, 10, px(99.9), 2000), updates.get(3));
        place(3, OrderCodes.SIDE_BUY, OrderCodes.TYPE_MARKET, 0, 0, OrderCodes.VALIDITY_DAY);
        broker.onTick(3, px(101), 0, 0, 3000); // no depth: last traded price
        assertEquals(px(101), last().average());
        assertEquals(0, broker.openOrders());
    }

    @Test
    void shouldFillLimitOrdersOnlyWhenPriceTradesThrough() {
        place(1, OrderCodes.SIDE_BUY, OrderCodes.TYPE_LIMIT, 100, 0, OrderCodes.VALIDITY_DAY);
        broker.onTick(3, px(100), 0, 0, 2000); // touch only
        assertEquals(1, updates.size());
        broker.onTick(3, px(99.95), 0, 0, 3000);
        assertEquals(new Update(1, "PAPER-1", "kv-1-1", OrderStatus.COMPLETE, 10, px(100), 3000), last());
        place(2, OrderCodes.SIDE_SELL, OrderCodes.TYPE_LIMIT, 100, 0, OrderCodes.VALIDITY_DAY);
        broker.onTick(3, px(105), 0, 0, 4000); // gapped past the limit: the better price
        assertEquals(px(105), last().average());
    }

    @Test
    void shouldTriggerStopMarketAndFillOnTheTriggerTick() {
        place(1, OrderCodes.SIDE_SELL, OrderCodes.TYPE_SL_M, 0, 95, OrderCodes.VALIDITY_DAY);
        assertEquals(OrderStatus.TRIGGER_PENDING, last().status());
        broker.onTick(3, px(95.05), 0, 0, 2000);
        assertEquals(1, updates.size());
        broker.onTick(3, px(94), px(93.9), px(94.1), 3000);
        assertEquals(new Update(1, "PAPER-1", "kv-1-1", OrderStatus.COMPLETE, 10, px(93.9), 3000), last());
    }

    @Test
    void shouldTriggerStopLimitThenWorkAsALimit() {
        place(1, OrderCodes.SIDE_BUY, OrderCodes.TYPE_SL, 106, 105, OrderCodes.VALIDITY_DAY);
        broker.onTick(3, px(107), 0, 0, 2000); // triggered, but 107 is above the 106 limit
        assertEquals(OrderStatus.OPEN, last().status());
        broker.onTick(3, px(105.5), 0, 0, 3000);
        assertEquals(new Update(1, "PAPER-1", "kv-1-1", OrderStatus.COMPLETE, 10, px(105.5), 3000), last());
    }

    @Test
    void shouldCancelIocOrdersThatDoNotFillOnTheNextTick() {
        place(1, OrderCodes.SIDE_BUY, OrderCodes.TYPE_LIMIT, 90, 0, OrderCodes.VALIDITY_IOC);
        broker.onTick(3, px(100), 0, 0, 2000);
        assertEquals(OrderStatus.CANCELLED, last().status());
        assertEquals(0, broker.openOrders());
    }

    @Test
    void shouldCancelAndModifyRestingOrdersAndReportUnknownOnes() {
        place(1, OrderCodes.SIDE_BUY, OrderCodes.TYPE_LIMIT, 90, 0, OrderCodes.VALIDITY_DAY);
        final byte[] id = "PAPER-1".getBytes(StandardCharsets.US_ASCII);
        assertEquals(PaperBroker.OK, broker.modify(id, id.length, 0, px(101), 0, (byte) 0, 1500));
        assertEquals(OrderStatus.OPEN, last().status());
        broker.onTick(3, px(100), 0, 0, 2000);
        assertEquals(OrderStatus.COMPLETE, last().status());
        assertEquals(PaperBroker.ALREADY_FINAL, broker.cancel(id, id.length, 2500));
        place(2, OrderCodes.SIDE_BUY, OrderCodes.TYPE_LIMIT, 90, 0, OrderCodes.VALIDITY_DAY);
        final byte[] id2 = "PAPER-2".getBytes(StandardCharsets.US_ASCII);
        assertEquals(PaperBroker.OK, broker.cancel(id2, id2.length, 3000));
        assertEquals(OrderStatus.CANCELLED, last().status());
        final byte[] unknown = "XYZ".getBytes(StandardCharsets.US_ASCII);
        assertEquals(PaperBroker.UNKNOWN_ORDER, broker.cancel(unknown, unknown.length, 3000));
    }

    @Test
    void shouldRejectALimitOrderWithoutPrice() {
        assertEquals(PaperBroker.INVALID, broker.place(1, 1, 3, OrderCodes.SIDE_BUY, 10, OrderCodes.TYPE_LIMIT, OrderCodes.PRODUCT_I,
            OrderCodes.VALIDITY_DAY, 0, 0, TAG, TAG.length, 1000));
        assertEquals(OrderStatus.REJECTED, last().status());
        assertEquals(0, broker.openOrders());
        assertTrue(updates.size() == 1);
    }
}
