package io.kavach.order.paper;

import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketClock;
import io.kavach.order.AckCode;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderEventHandler;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderStatus;
import io.kavach.order.SubmitResult;
import io.kavach.order.testserver.FakeEpochClock;
import io.kavach.order.testserver.RecordingOrderEventHandler;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaperOrderRouterTest {
    private static final String RELIANCE = "NSE_EQ|INE002A01018";
    private static final long DAY = LocalDate.of(2024, 6, 3).toEpochDay();
    private static final long T0 = MarketClock.epochMsAt(DAY, 10 * 60);

    private final InstrumentRegistry instruments = new InstrumentRegistry();
    private final int reliance = instruments.register(RELIANCE);
    private final FakeEpochClock clock = new FakeEpochClock(T0);
    private final RecordingOrderEventHandler events = new RecordingOrderEventHandler();
    private final PaperOrderRouter router = new PaperOrderRouter(clock, events, instruments, 1);

    @Test
    void shouldAcknowledgeAPlaceAtOnceAndFillItAtTheNextTicksPriceStampedWithTheTicksTime() {
        assertEquals(SubmitResult.HANDLED_LOCALLY, router.submit(place(1, OrderCodes.SIDE_BUY, OrderCodes.TYPE_MARKET, 0, 0)));
        assertEquals(1, events.acks.size());
        assertEquals(AckCode.ACCEPTED, events.acks.get(0).code);
        assertEquals("PAPER-1", events.acks.get(0).brokerOrderId);
        assertEquals(OrderStatus.OPEN, events.updates.get(0).status);

        router.onTick(reliance, fixed(2450.0), fixed(2449.9), fixed(2450.1), T0 + 500);

        assertEquals(OrderStatus.COMPLETE, events.updates.get(1).status);
        assertEquals(10, events.updates.get(1).filledQuantity);
        assertEquals(fixed(2450.1), router.order(1).averagePrice(), "a market buy fills at the ask");
        assertEquals(T0 + 500, router.order(1).exchangeTimeEpochMs());
        assertEquals(1, router.fills());
    }

    @Test
    void shouldTriggerAStopOnlyWhenThePriceReachesItAndCancelOnRequest() {
        router.submit(place(1, OrderCodes.SIDE_SELL, OrderCodes.TYPE_SL_M, 0, fixed(2400.0)));
        assertEquals(OrderStatus.TRIGGER_PENDING, router.order(1).status());
        router.onTick(reliance, fixed(2410.0), 0, 0, T0 + 1);
        assertEquals(OrderStatus.TRIGGER_PENDING, router.order(1).status());

        final OrderIntent modify = new OrderIntent().modify(2, 1).quantity(10).orderType(OrderCodes.TYPE_SL_M).triggerPrice(fixed(2405.0));
        assertEquals(SubmitResult.HANDLED_LOCALLY, router.submit(modify));
        assertEquals(1, router.modified());
        assertEquals(AckCode.ACCEPTED, events.acksFor(2).get(0).code);
        router.onTick(reliance, fixed(2404.0), 0, 0, T0 + 2);
        assertEquals(OrderStatus.COMPLETE, router.order(1).status(), "the moved stop triggered at 2404");
        assertEquals(fixed(2404.0), router.order(1).averagePrice());

        router.submit(place(3, OrderCodes.SIDE_BUY, OrderCodes.TYPE_LIMIT, fixed(2300.0), 0));
        assertEquals(SubmitResult.HANDLED_LOCALLY, router.submit(new OrderIntent().cancel(4, 3)));
        assertEquals(OrderStatus.CANCELLED, router.order(3).status());
        assertEquals(AckCode.ACCEPTED, events.acksFor(4).get(0).code);
        assertEquals(SubmitResult.ORDER_FINAL, router.submit(new OrderIntent().cancel(5, 3)));
        assertEquals(AckCode.NOOP, events.acksFor(5).get(0).code);
        assertEquals(0, router.openOrders());
    }

    @Test
    void shouldRefuseUnknownInstrumentsDuplicatesAndChangesToUnknownOrders() {
        final OrderIntent unknown = place(1, OrderCodes.SIDE_BUY, OrderCodes.TYPE_MARKET, 0, 0).instrumentKey("NSE_EQ|NOPE");
        assertEquals(SubmitResult.INVALID_INTENT, router.submit(unknown));
        assertEquals(1, router.invalidIntents());
        assertEquals(SubmitResult.HANDLED_LOCALLY, router.submit(place(2, OrderCodes.SIDE_BUY, OrderCodes.TYPE_MARKET, 0, 0)));
        assertEquals(SubmitResult.DUPLICATE_INTENT, router.submit(place(2, OrderCodes.SIDE_BUY, OrderCodes.TYPE_MARKET, 0, 0)));
        assertEquals(SubmitResult.UNKNOWN_ORDER, router.submit(new OrderIntent().cancel(9, 77)));
        assertEquals(AckCode.REJECTED, events.acksFor(1).get(0).code, "a refused intent is answered");
        assertEquals(AckCode.REJECTED, events.acksFor(9).get(0).code);
        assertEquals(1, events.acksFor(2).size(), "a duplicate leaves the original's answers alone");
        assertEquals(1, router.placed());
        assertTrue(router.failedOrders().isEmpty());
    }

    @Test
    void shouldRejectAnOrderThePaperBrokerCannotTakeWithAReason() {
        // a LIMIT without a price passes the code checks but the paper broker refuses it
        assertEquals(SubmitResult.HANDLED_LOCALLY, router.submit(place(1, OrderCodes.SIDE_BUY, OrderCodes.TYPE_LIMIT, 0, 0)));
        assertEquals(AckCode.REJECTED, events.acks.get(0).code);
        assertEquals(OrderStatus.REJECTED, router.order(1).status());
        assertNull(router.order(1).brokerOrderId());
        assertTrue(router.order(1).reason().toString().contains("paper broker"));
    }

    @Test
    void shouldWarnAboutAnIntradayOrderPlacedAfter1512Ist() {
        clock.set(MarketClock.epochMsAt(DAY, 15 * 60 + 13));
        router.submit(place(1, OrderCodes.SIDE_BUY, OrderCodes.TYPE_MARKET, 0, 0).product(OrderCodes.PRODUCT_I));
        assertEquals(1, events.warnings.size(), events.warnings.toString());
        assertTrue(events.warnings.get(0).startsWith("1:" + OrderEventHandler.WARN_INTRADAY_LATE + ":"));
        router.submit(place(2, OrderCodes.SIDE_BUY, OrderCodes.TYPE_MARKET, 0, 0)); // delivery: no warning
        assertEquals(1, events.warnings.size());
    }

    private static OrderIntent place(final long id, final byte side, final byte type, final long price, final long trigger) {
        return new OrderIntent().place(id, side, 10).orderType(type).price(price).triggerPrice(trigger).instrumentKey(RELIANCE)
                .tag("paper-" + id);
    }

    private static long fixed(final double price) {
        return Prices.toFixed(price);
    }
}
