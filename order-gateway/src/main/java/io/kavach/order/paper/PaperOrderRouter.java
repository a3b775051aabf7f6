package io.kavach.order.paper;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketClock;
import io.kavach.order.AckCode;
import io.kavach.order.LocalOrderRouter;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderEventHandler;
import io.kavach.order.OrderGatewayConfig;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderRouter;
import io.kavach.order.OrderRouters;
import io.kavach.order.OrderStatus;
import io.kavach.order.OrderView;
import io.kavach.order.SubmitResult;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;

/**
 * Paper mode of a live run: the in-process {@link PaperBroker} behind the {@link OrderRouter}
 * interface. Intents are placed, modified and cancelled at the paper broker at once; the market the
 * engine sees is shown to it with {@link #onTick}, which fills, triggers and expires resting orders.
 * Every outcome reaches the {@link OrderEventHandler} the way a broker's answers do: an ack per
 * intent (ACCEPTED, or REJECTED with a reason) and an update per state change, fills stamped with the
 * deciding tick's event time. No network client exists in this mode.
 *
 * <p>Threading: the engine's writer loop (intents and ticks both arrive there).
 */
public final class PaperOrderRouter extends LocalOrderRouter implements PaperOrderListener {
    private static final Logger LOG = LoggerFactory.getLogger(PaperOrderRouter.class);

    private final EpochClock clock;
    private final OrderEventHandler handler;
    private final InstrumentRegistry instruments;
    private final PaperBroker broker;
    private final Long2ObjectHashMap<PaperOrder> byIntent = new Long2ObjectHashMap<>();
    private final HashMap<String, PaperOrder> byBrokerId = new HashMap<>();
    private final HashSet<String> tags = new HashSet<>();
    /** The intent whose ack goes out before the update the broker emits for it (0 = none). */
    private long ackIntentId;
    private byte ackAction;
    /** Event time of the tick being shown to the broker; 0 outside {@link #onTick}. */
    private long tickEpochMs;
    private long placed;
    private long modified;
    private long fills;
    private long invalidIntents;

    /** {@code firstOrderNumber}: ids start at {@code PAPER-<firstOrderNumber>} (see {@link #factory}). */
    public PaperOrderRouter(final EpochClock clock, final OrderEventHandler handler, final InstrumentRegistry instruments,
                            final long firstOrderNumber) {
        this.broker = new PaperBroker(this, firstOrderNumber);
        this.clock = clock;
        this.handler = handler;
        this.instruments = instruments;
    }

    /**
     * The factory the engine's bootstrap hands to {@link OrderRouters#create} for paper mode. A journaled
     * run passes its first input sequence + 1: every paper order of an earlier process journaled at
     * least one input, so ids never repeat across restarts of the day (a fresh day starts at PAPER-1).
     */
    public static OrderRouters.PaperRouterFactory factory(final InstrumentRegistry instruments, final long firstOrderNumber) {
        return (eventLoop, clock, handler) -> new PaperOrderRouter(clock, handler, instruments, firstOrderNumber);
    }

    @Override
    public int submit(final OrderIntent in) {
        if (closed()) {
            return SubmitResult.CLOSED;
        }
        switch (in.action) {
            case OrderIntent.ACTION_PLACE: return place(in);
            case OrderIntent.ACTION_MODIFY: return modify(in);
            case OrderIntent.ACTION_CANCEL: return cancel(in);
            default: return invalid(in, "unknown action " + in.action);
        }
    }

    private int place(final OrderIntent in) {
        if (in.intentId == 0 || in.quantity <= 0 || OrderCodes.sideWire(in.side) == null || OrderCodes.typeWire(in.orderType) == null
                || OrderCodes.productWire(in.product) == null || OrderCodes.validityWire(in.validity) == null || in.tagLength == 0) {
            return invalid(in, "missing id, tag or quantity, or an unknown code");
        }
        final int instrumentId = in.instrumentKeyLength == 0 ? InstrumentRegistry.NOT_FOUND
                : instruments.find(in.instrumentKey, 0, in.instrumentKeyLength);
        if (instrumentId == InstrumentRegistry.NOT_FOUND) {
            return invalid(in, "instrument not subscribed, the paper broker sees no prices for it");
        }
        final String tag = new String(in.tag, 0, in.tagLength, StandardCharsets.US_ASCII);
        if (byIntent.containsKey(in.intentId) || tags.contains(tag)) {
            return SubmitResult.DUPLICATE_INTENT;
        }
        final long now = clock.time();
        final PaperOrder o = new PaperOrder(in, tag, instruments.keyOf(instrumentId), now);
        byIntent.put(o.intentId, o);
        tags.add(tag);
        placed++;
        warnIfLateIntraday(o, now);
        ackIntentId = o.intentId;
        ackAction = OrderIntent.ACTION_PLACE;
        broker.place(o.intentId, 0, instrumentId, o.side, o.quantity, o.orderType, o.product, o.validity, o.price, o.triggerPrice,
                in.tag, in.tagLength, now);
        ackIntentId = 0;
        return SubmitResult.HANDLED_LOCALLY;
    }

    private int modify(final OrderIntent in) {
        final PaperOrder o = target(in);
        if (o == null) {
            return refused(in, SubmitResult.UNKNOWN_ORDER, AckCode.REJECTED, null, "no such paper order");
        }
        if (OrderStatus.isFinal(o.status)) {
            return refused(in, SubmitResult.ORDER_FINAL, AckCode.NOOP, o, "the paper order is already final");
        }
        if (in.orderType != OrderIntent.CODE_UNCHANGED && OrderCodes.typeWire(in.orderType) == null) {
            return invalid(in, "modify to an unknown order type " + in.orderType);
        }
        // unchanged fields (quantity ≤ 0, negative prices, type 0) keep the paper order's values, as at the live broker
        ackIntentId = in.intentId;
        ackAction = OrderIntent.ACTION_MODIFY;
        final byte result = broker.modify(o.idBytes, o.idBytes.length, in.quantity, in.price, in.triggerPrice, in.orderType, clock.time());
        ackIntentId = 0;
        if (result == PaperBroker.OK) {
            modified++;
        }
        return result == PaperBroker.OK ? SubmitResult.HANDLED_LOCALLY : SubmitResult.ORDER_FINAL;
    }

    private int cancel(final OrderIntent in) {
        final PaperOrder o = target(in);
        if (o == null) {
            return refused(in, SubmitResult.UNKNOWN_ORDER, AckCode.REJECTED, null, "no such paper order");
        }
        if (OrderStatus.isFinal(o.status)) {
            return refused(in, SubmitResult.ORDER_FINAL, AckCode.NOOP, o, "the paper order is already final");
        }
        ackIntentId = in.intentId;
        ackAction = OrderIntent.ACTION_CANCEL;
        final byte result = broker.cancel(o.idBytes, o.idBytes.length, clock.time());
        ackIntentId = 0;
        return result == PaperBroker.OK ? SubmitResult.HANDLED_LOCALLY : SubmitResult.ORDER_FINAL;
    }

    private PaperOrder target(final OrderIntent in) {
        PaperOrder o = in.targetIntentId != 0 ? byIntent.get(in.targetIntentId) : null;
        if (o == null && in.brokerOrderIdLength > 0) {
            o = byBrokerId.get(new String(in.brokerOrderId, 0, in.brokerOrderIdLength, StandardCharsets.US_ASCII));
        }
        return o;
    }

    private int invalid(final OrderIntent in, final String why) {
        invalidIntents++;
        return refused(in, SubmitResult.INVALID_INTENT, AckCode.REJECTED, null, why);
    }

    /** Logged and acknowledged like a broker refusal, as the live router does. */
    private int refused(final OrderIntent in, final int code, final byte ackCode, final OrderView order, final String why) {
        LOG.warn("paper: intent {} not taken, {}: {}", in.intentId, SubmitResult.name(code), why);
        handler.onOrderAck(in.intentId, in.action, ackCode, order);
        return code;
    }

    private void warnIfLateIntraday(final PaperOrder o, final long now) {
        final int minute = MarketClock.istMinuteOfDay(now);
        if (o.product == OrderCodes.PRODUCT_I && minute >= OrderGatewayConfig.INTRADAY_WARN_MINUTE_DEFAULT
                && minute < MarketClock.SESSION_CLOSE_MINUTE) {
            handler.onWarning(o.intentId, OrderEventHandler.WARN_INTRADAY_LATE,
                    "intraday (I) order placed after 15:12 IST: a broker may refuse it or square it off from 15:15");
        }
    }

    /**
     * A tick the engine accepted: the paper broker decides every resting order of the instrument
     * against it ({@code bid}/{@code ask} ≤ 0 when the tick has no depth; prices fixed point).
     */
    public void onTick(final int instrumentId, final long ltp, final long bid, final long ask, final long eventTimeEpochMs) {
        if (closed() || broker.openOrders() == 0) {
            return;
        }
        tickEpochMs = eventTimeEpochMs;
        broker.onTick(instrumentId, ltp, bid, ask, eventTimeEpochMs);
        tickEpochMs = 0;
    }

    @Override
    public void onOrderUpdate(final long intentId, final int userId, final int instrumentId, final byte[] orderId, final int orderIdLength,
                              final byte[] tag, final int tagLength, final byte status, final byte side, final byte orderType,
                              final byte product, final long quantity, final long filledQuantity, final long price,
                              final long triggerPrice, final long averagePrice, final long eventTimeEpochMs) {
        final PaperOrder o = byIntent.get(intentId);
        if (o == null) {
            return; // every paper order is placed through this router
        }
        if (o.brokerOrderId == null && status != OrderStatus.REJECTED) {
            o.brokerOrderId = new String(orderId, 0, orderIdLength, StandardCharsets.US_ASCII);
            o.idBytes = o.brokerOrderId.getBytes(StandardCharsets.US_ASCII);
            byBrokerId.put(o.brokerOrderId, o);
        }
        o.status = status;
        o.orderType = orderType;
        o.quantity = quantity;
        o.filledQuantity = filledQuantity;
        o.pendingQuantity = OrderStatus.isFinal(status) ? 0 : quantity - filledQuantity;
        o.price = price;
        o.triggerPrice = triggerPrice;
        o.averagePrice = averagePrice;
        o.exchangeTimeEpochMs = tickEpochMs;
        o.reason = status == OrderStatus.REJECTED ? "paper broker: invalid order" : null;
        if (status == OrderStatus.COMPLETE) {
            fills++;
        }
        if (ackIntentId != 0) {
            final long id = ackIntentId;
            ackIntentId = 0;
            handler.onOrderAck(id, ackAction, status == OrderStatus.REJECTED ? AckCode.REJECTED : AckCode.ACCEPTED, o);
        }
        handler.onOrderUpdate(o);
    }

    /** Place intents taken by the paper broker. */
    public long placed() {
        return placed;
    }

    /** Modify intents the paper broker applied. */
    public long modified() {
        return modified;
    }

    /** Orders the paper broker filled. */
    public long fills() {
        return fills;
    }

    public long invalidIntents() {
        return invalidIntents;
    }

    public int openOrders() {
        return broker.openOrders();
    }

    /** The paper order an intent placed, or null. */
    public OrderView order(final long intentId) {
        return byIntent.get(intentId);
    }

    /** Nothing fails on paper: the broker fills, rejects or cancels at once. */
    @Override
    protected boolean knows(final long intentId) {
        return byIntent.containsKey(intentId);
    }

    /** One paper order as the router reports it. */
    private static final class PaperOrder implements OrderView {
        final long intentId;
        final String tag;
        final String instrumentKey;
        final byte side;
        final byte product;
        final byte validity;
        final long placedEpochMs;
        byte orderType;
        byte status = OrderStatus.PENDING_SUBMIT;
        String brokerOrderId;
        byte[] idBytes;
        String reason;
        long quantity;
        long price;
        long triggerPrice;
        long filledQuantity;
        long pendingQuantity;
        long averagePrice;
        long exchangeTimeEpochMs;

        PaperOrder(final OrderIntent in, final String tag, final String instrumentKey, final long placedEpochMs) {
            intentId = in.intentId;
            this.tag = tag;
            this.instrumentKey = instrumentKey;
            this.placedEpochMs = placedEpochMs;
            side = in.side;
            orderType = in.orderType;
            product = in.product;
            validity = in.validity;
            quantity = in.quantity;
            price = in.price;
            triggerPrice = in.triggerPrice;
        }

        @Override public long intentId() { return intentId; }
        @Override public boolean external() { return false; }
        @Override public byte status() { return status; }
        @Override public CharSequence brokerStatus() { return null; }
        @Override public CharSequence reason() { return reason; }
        @Override public CharSequence brokerOrderId() { return brokerOrderId; }
        @Override public CharSequence tag() { return tag; }
        @Override public CharSequence instrumentKey() { return instrumentKey; }
        @Override public byte side() { return side; }
        @Override public byte orderType() { return orderType; }
        @Override public byte product() { return product; }
        @Override public byte validity() { return validity; }
        @Override public boolean amo() { return false; }
        @Override public long quantity() { return quantity; }
        @Override public long price() { return price; }
        @Override public long triggerPrice() { return triggerPrice; }
        @Override public long filledQuantity() { return filledQuantity; }
        @Override public long pendingQuantity() { return pendingQuantity; }
        @Override public long averagePrice() { return averagePrice; }
        @Override public long exchangeTimeEpochMs() { return exchangeTimeEpochMs; }
        @Override public long placedEpochMs() { return placedEpochMs; }
        @Override public int retryCount() { return 0; }
        @Override public long firstFailureEpochMs() { return 0; }
        @Override public long lastRetryEpochMs() { return 0; }
        @Override public long lastStatusCheckEpochMs() { return 0; }
        @Override public boolean modifiedExternally() { return false; }
        @Override public boolean uncertain() { return false; }
    }
}
