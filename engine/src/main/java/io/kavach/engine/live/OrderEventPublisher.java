package io.kavach.engine.live;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.order.OrderEventHandler;
import io.kavach.order.OrderView;

import java.util.function.LongSupplier;

/**
 * Turns what the order router reports into ring inputs: an acknowledgement becomes
 * {@link EventKind#ORDER_ACK}, a status or fill change {@link EventKind#ORDER_UPDATE}, a broker position
 * {@link EventKind#POSITION_UPDATE}. Event time is the exchange's timestamp when the broker gave one,
 * else the wall clock read here, in the gateway; either way it is journaled, so logic only sees it as
 * an input. Warnings and a refused token go to the {@link LiveAlerts}.
 *
 * <p>Threading: the writer loop (the router calls back on it).
 */
public final class OrderEventPublisher implements OrderEventHandler {
    private final InputPublisher publisher;
    private final InstrumentRegistry instruments;
    private final LongSupplier wallClockMs;
    private final LiveAlerts alerts;
    private final int userId;
    private Runnable tokenRejected = () -> { };
    private long acks;
    private long updates;
    private long positions;

    public OrderEventPublisher(final InputPublisher publisher, final InstrumentRegistry instruments, final LongSupplier wallClockMs,
                               final LiveAlerts alerts, final int userId) {
        this.publisher = publisher;
        this.instruments = instruments;
        this.wallClockMs = wallClockMs;
        this.alerts = alerts;
        this.userId = userId;
    }

    @Override
    public void onOrderAck(final long intentId, final byte action, final byte ackCode, final OrderView order) {
        final long slot = publisher.claim(EventKind.ORDER_ACK, eventTime(order));
        final InputEvent e = publisher.event(slot);
        fill(e, order);
        e.intentId = intentId;
        e.command = action;
        e.ackCode = ackCode;
        publisher.publish(slot);
        acks++;
    }

    @Override
    public void onOrderUpdate(final OrderView order) {
        final long slot = publisher.claim(EventKind.ORDER_UPDATE, eventTime(order));
        fill(publisher.event(slot), order);
        publisher.publish(slot);
        updates++;
    }

    @Override
    public void onPositionUpdate(final CharSequence instrumentKey, final byte product, final long netQuantity, final long asOfEpochMs) {
        // stamped with the gateway's clock, not the router's read time: in the demo the router keeps wall
        // time for its timeouts while market time is the simulator's
        final long slot = publisher.claim(EventKind.POSITION_UPDATE, wallClockMs.getAsLong());
        final InputEvent e = publisher.event(slot);
        e.userId = userId;
        e.instrumentId = instruments.find(instrumentKey.toString());
        e.product = product;
        e.netQuantity = netQuantity;
        publisher.publish(slot);
        positions++;
    }

    @Override
    public void onWarning(final long intentId, final int warningCode, final String message) {
        alerts.warn("order " + intentId + ": " + message);
    }

    @Override
    public void onTokenRejected() {
        alerts.alert("the broker refused the access token: orders are paused until a fresh token is loaded");
        tokenRejected.run();
    }

    /** What to do when the broker refuses the token (the live engine reloads it and hands it to the router). */
    public void onTokenRejected(final Runnable action) {
        this.tokenRejected = action;
    }

    private long eventTime(final OrderView order) {
        final long exchange = order == null ? 0 : order.exchangeTimeEpochMs();
        return exchange > 0 ? exchange : wallClockMs.getAsLong();
    }

    private void fill(final InputEvent e, final OrderView o) {
        e.userId = userId;
        e.command = 0;
        e.ackCode = 0;
        if (o == null) {
            e.intentId = 0;
            e.instrumentId = InstrumentRegistry.NOT_FOUND;
            e.brokerOrderIdLength = 0;
            e.tagLength = 0;
            e.textLength = 0;
            e.orderStatus = 0;
            e.quantity = e.filledQuantity = e.pendingQuantity = e.price = e.triggerPrice = e.averagePrice = 0;
            return;
        }
        e.intentId = o.intentId();
        final CharSequence key = o.instrumentKey();
        e.instrumentId = key == null ? InstrumentRegistry.NOT_FOUND : instruments.find(key.toString());
        e.brokerOrderIdLength = ascii(o.brokerOrderId(), e.brokerOrderId);
        e.tagLength = ascii(o.tag(), e.tag);
        e.textLength = ascii(o.reason(), e.text);
        e.orderStatus = o.status();
        e.side = o.side();
        e.orderType = o.orderType();
        e.product = o.product();
        e.validity = o.validity();
        e.quantity = o.quantity();
        e.filledQuantity = o.filledQuantity();
        e.pendingQuantity = o.pendingQuantity();
        e.price = o.price();
        e.triggerPrice = o.triggerPrice();
        e.averagePrice = o.averagePrice();
    }

    /** Copies up to {@code into.length} characters as single bytes (ids, tags and messages are ASCII). */
    private static int ascii(final CharSequence s, final byte[] into) {
        if (s == null) {
            return 0;
        }
        final int n = Math.min(s.length(), into.length);
        for (int i = 0; i < n; i++) {
            final char c = s.charAt(i);
            into[i] = c < 0x80 ? (byte) c : (byte) '?';
        }
        return n;
    }

    public long acks() {
        return acks;
    }

    public long updates() {
        return updates;
    }

    public long positions() {
        return positions;
    }
}
