package io.kavach.order.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavach.config.time.MarketCalendar;
import io.kavach.config.time.MarketClock;
import io.kavach.order.AckCode;
import io.kavach.order.BrokerOrderSnapshot;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderEventHandler;
import io.kavach.order.OrderGatewayConfig;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderRouter;
import io.kavach.order.OrderStatus;
import io.kavach.order.OrderView;
import io.kavach.order.SubmitResult;
import io.kavach.order.http.HttpConnectionPool;
import io.kavach.order.http.HttpEndpoint;
import io.kavach.order.http.HttpExchangeHandler;
import io.kavach.order.http.UpstoxRequestEncoder;
import io.kavach.order.http.WireObserver;
import io.kavach.order.limit.SlidingWindowRateLimiter;
import io.kavach.order.status.UpstoxStatusMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.agrona.collections.Hashing;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2LongHashMap;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The live Upstox order router: rate-limited, prioritised, idempotent, verified and reconciled.
 *
 * <ul>
 *   <li>Order calls wait in two lanes, exits and cancels ahead of entries; a call leaves only when a
 *       kept-alive connection is idle and the per-user {@link SlidingWindowRateLimiter} grants a permit.
 *       A 429 pauses the limiter with exponential backoff and puts the call back at the head of its lane.</li>
 *   <li>A place whose outcome is unknown (timeout, broken connection, 5xx, unreadable answer) is never
 *       re-sent blindly: after a settle delay the order history is read by the intent's tag; only when
 *       the broker has no live order with that tag does the place go to retry-pending.</li>
 *   <li>After placement the order's fate is confirmed by order-details reads (or one order-book read
 *       when many are due) unless the portfolio feed ({@link #onBrokerOrderUpdate}) confirms it first.</li>
 *   <li>Every {@code reconcileIntervalMs} the order book and positions are read and compared: manual
 *       cancels and modifications become updates, unknown orders become external orders, and exits still
 *       queued for a position that is flat at the broker become no-ops.</li>
 * </ul>
 *
 * <p>Wall clock: read through the injected {@link EpochClock} (this is a gateway); tests inject a fake.
 *
 * <p>Threading: everything runs on the one event loop it was given, including the HTTP pools.
 */
public final class LiveOrderRouter implements OrderRouter, HttpExchangeHandler<Call> {
    private static final Logger LOG = LoggerFactory.getLogger(LiveOrderRouter.class);
    private static final String UDAPI_ORDER_NOT_FOUND = "UDAPI100010";
    private static final int RAW_LOG_CHARS = 2_000;

    private final OrderGatewayConfig config;
    private final EventLoop eventLoop;
    private final EpochClock clock;
    private final OrderEventHandler handler;
    private final OrderSessionWindows windows;
    private final HttpEndpoint orderEndpoint;
    private final HttpEndpoint readEndpoint;
    private final HttpConnectionPool<Call> orderPool;
    private final HttpConnectionPool<Call> readPool;
    private final UpstoxRequestEncoder orderEncoder;
    private final UpstoxRequestEncoder readEncoder;
    private final SlidingWindowRateLimiter orderLimiter;
    private final SlidingWindowRateLimiter readLimiter;
    private final UpstoxResponseParser parser = new UpstoxResponseParser();
    private final BrokerOrderSnapshot snapshot = new BrokerOrderSnapshot();

    private final ArrayDeque<Call> urgentLane = new ArrayDeque<>();
    private final ArrayDeque<Call> entryLane = new ArrayDeque<>();
    /** Tag lookups: they decide whether a place may be retried, so they go before verification and reconciliation reads. */
    private final ArrayDeque<Call> lookupLane = new ArrayDeque<>();
    private final ArrayDeque<Call> readLane = new ArrayDeque<>();
    private final ArrayList<Call> waiting = new ArrayList<>();
    /** Earliest due time in {@link #waiting}, so the tick scans the list only when something is due. */
    private long waitingNextDueEpochMs = Long.MAX_VALUE;
    private final ArrayList<TrackedOrder> verifying = new ArrayList<>();
    /** Sized for a day's orders up front ({@link OrderGatewayConfig#ordersPerDayExpected()}): no rehash on the send path. */
    private final ArrayList<TrackedOrder> engineOrders;
    private final Long2ObjectHashMap<TrackedOrder> byIntent;
    private final HashMap<String, TrackedOrder> byBrokerId;
    private final HashMap<String, TrackedOrder> byTag;
    /** Orders adopted after a restart whose first details read has not been applied yet. */
    private final ArrayList<TrackedOrder> adopting = new ArrayList<>();
    private final HashMap<String, long[]> flatPositions = new HashMap<>();
    private final Object2LongHashMap<String> lastFillSeenEpochMs = new Object2LongHashMap<>(Long.MIN_VALUE);

    private byte[] scratch = new byte[64 * 1024];
    /** The broker's JSON row being applied (details data, book row, feed frame), logged if its status is unknown; null otherwise. */
    private JsonNode applyingRow;
    private ScheduledFuture<?> tickFuture;
    private boolean started;
    private boolean closed;
    private boolean tokenRejected;
    private int consecutiveOrder429;
    private int consecutiveRead429;
    private long nextReconcileEpochMs;
    private long lastSquareOffWarnDay = Long.MIN_VALUE;
    private boolean verifyBookQueued;
    /** Earliest verification due time, so the tick scans {@link #verifying} only when something is due. */
    private long verifyNextDueEpochMs = Long.MAX_VALUE;

    private long http429;
    private long badAnswers;
    private long unknownStatuses;
    private long unknownOutcomes;
    private long lookups;
    private long duplicatesPrevented;
    private long externalOrders;
    private long duplicatesDetected;
    private long missingFromBook;
    private int bookGeneration;
    private long invalidIntents;

    public LiveOrderRouter(final OrderGatewayConfig config, final EventLoop eventLoop, final EpochClock clock,
                           final OrderEventHandler handler, final MarketCalendar calendar) {
        this.config = config;
        this.eventLoop = eventLoop;
        this.clock = clock;
        this.handler = handler;
        this.windows = new OrderSessionWindows(calendar);
        final int expected = config.ordersPerDayExpected();
        engineOrders = new ArrayList<>(expected);
        byIntent = new Long2ObjectHashMap<>(expected * 2, Hashing.DEFAULT_LOAD_FACTOR);
        byBrokerId = new HashMap<>(expected * 2);
        byTag = new HashMap<>(expected * 2);
        orderEndpoint = new HttpEndpoint(config.orderBaseUri());
        readEndpoint = new HttpEndpoint(config.readBaseUri());
        orderEncoder = new UpstoxRequestEncoder(orderEndpoint, config.accessTokenBytes(), config.algoName());
        readEncoder = new UpstoxRequestEncoder(readEndpoint, config.accessTokenBytes(), config.algoName());
        orderLimiter = new SlidingWindowRateLimiter(config.orderLimits());
        readLimiter = new SlidingWindowRateLimiter(config.readLimits());
        orderPool = new HttpConnectionPool<>(orderEndpoint, config.orderConnections(), eventLoop, clock, this,
                config.connectTimeoutMs(), config.requestTimeoutMs(), config.reconnectDelayMs(), config.reconnectDelayMaxMs(),
                config.maxResponseBytes(), config.trustManagerFactory());
        readPool = new HttpConnectionPool<>(readEndpoint, config.readConnections(), eventLoop, clock, this,
                config.connectTimeoutMs(), config.requestTimeoutMs(), config.reconnectDelayMs(), config.reconnectDelayMaxMs(),
                config.maxResponseBytes(), config.trustManagerFactory());
    }

    /** Opens (pre-warms) both pools, schedules the tick and the first reconciliation (hops onto the event loop). */
    public void start() {
        if (!eventLoop.inEventLoop()) {
            eventLoop.execute(this::start);
            return;
        }
        if (started) {
            return;
        }
        started = true;
        orderPool.start();
        readPool.start();
        nextReconcileEpochMs = clock.time();
        if (config.autoTick()) {
            tickFuture = eventLoop.scheduleAtFixedRate(this::tick, config.tickIntervalMs(), config.tickIntervalMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** Benchmarks only: observe when each order request's last byte reached the socket. */
    public void wireObserver(final WireObserver observer) {
        orderPool.wireObserver(observer);
    }

    /** A new access token after a 401; sending resumes at once. */
    public void updateAccessToken(final String token) {
        final byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
        orderEncoder.setHeaders(orderEndpoint, bytes, config.algoName());
        readEncoder.setHeaders(readEndpoint, bytes, config.algoName());
        tokenRejected = false;
        drain(clock.time());
    }

    // ---------------------------------------------------------------------------------------------
    // intents

    @Override
    public int submit(final OrderIntent intent) {
        if (closed) {
            return SubmitResult.CLOSED;
        }
        switch (intent.action) {
            case OrderIntent.ACTION_PLACE: return submitPlace(intent);
            case OrderIntent.ACTION_MODIFY: return submitModify(intent);
            case OrderIntent.ACTION_CANCEL: return submitCancel(intent);
            default:
                invalidIntents++;
                return refused(intent, SubmitResult.INVALID_INTENT, AckCode.REJECTED, null, "unknown action " + intent.action);
        }
    }

    /**
     * An intent the router will not send is answered like a broker refusal (logged with the reason, then
     * acknowledged), so the engine hears it and a restart does not send it again. Not for duplicates: the
     * original's answers stand.
     */
    private int refused(final OrderIntent in, final int code, final byte ackCode, final TrackedOrder order, final String why) {
        LOG.warn("{} intent {} (tag {}) not sent, {}: {}", in.action == OrderIntent.ACTION_PLACE ? "place"
                        : in.action == OrderIntent.ACTION_MODIFY ? "modify" : in.action == OrderIntent.ACTION_CANCEL ? "cancel" : "unknown",
                in.intentId, new String(in.tag, 0, in.tagLength, StandardCharsets.US_ASCII), SubmitResult.name(code), why);
        handler.onOrderAck(in.intentId, in.action, ackCode, order);
        return code;
    }

    private int submitPlace(final OrderIntent in) {
        final String problem = placeProblem(in);
        if (problem != null) {
            invalidIntents++;
            return refused(in, SubmitResult.INVALID_INTENT, AckCode.REJECTED, null, problem);
        }
        if (byIntent.containsKey(in.intentId)) {
            return SubmitResult.DUPLICATE_INTENT;
        }
        if (queuedOrderCalls() >= config.queueCapacity()) {
            return refused(in, SubmitResult.QUEUE_FULL, AckCode.FAILED, null, queuedOrderCalls() + " order calls already queued");
        }
        final TrackedOrder o = new TrackedOrder(in);
        if (byTag.containsKey(o.tag)) {
            return SubmitResult.DUPLICATE_INTENT;
        }
        final long now = clock.time();
        byIntent.put(o.intentId, o);
        byTag.put(o.tag, o);
        engineOrders.add(o);
        o.amoRequested = in.amo;
        if (o.exit && positionKnownFlat(o.instrumentKey, o.product, now)) {
            o.status = OrderStatus.CANCELLED;
            o.reason = "exit not sent: the position is already closed at the broker";
            handler.onOrderAck(o.intentId, OrderIntent.ACTION_PLACE, AckCode.NOOP, o);
            return SubmitResult.HANDLED_LOCALLY;
        }
        o.placeActive = true;
        final Call c = o.placeCall;
        c.urgent = o.exit;
        if (in.lookupFirst) {
            startLookup(o, now, 0, false);
            drain(now);
            warnIfLateIntraday(o, now);
            return SubmitResult.QUEUED;
        }
        (c.urgent ? urgentLane : entryLane).addLast(c);
        drain(now);
        warnIfLateIntraday(o, now); // after the send: the warning builds a message, the order must not wait for it
        return c.inFlight ? SubmitResult.SENT : SubmitResult.QUEUED;
    }

    @Override
    public boolean adopt(final OrderIntent in, final CharSequence brokerOrderId, final byte status, final long filledQuantity,
                         final long averagePrice) {
        if (in.action != OrderIntent.ACTION_PLACE || brokerOrderId == null || brokerOrderId.length() == 0 || OrderStatus.isFinal(status)) {
            return false;
        }
        final String id = brokerOrderId.toString();
        if (byIntent.containsKey(in.intentId) || byBrokerId.containsKey(id)) {
            return false;
        }
        final TrackedOrder o = new TrackedOrder(in);
        if (byTag.containsKey(o.tag)) {
            return false;
        }
        final long now = clock.time();
        o.brokerOrderId(id);
        o.acceptedEpochMs = now;
        o.acked = true; // its acknowledgement is in the journal already
        o.status = status;
        o.filledQuantity = filledQuantity;
        o.averagePrice = averagePrice;
        o.placeCall.cancelled = true;
        byIntent.put(o.intentId, o);
        byTag.put(o.tag, o);
        byBrokerId.put(id, o);
        engineOrders.add(o);
        adopting.add(o);
        o.verifyReadQueued = true;
        readLane.addLast(new Call(Call.DETAILS, o, o.intentId));
        drain(now);
        return true;
    }

    @Override
    public int adoptionsPending() {
        return adopting.size();
    }

    private int submitModify(final OrderIntent in) {
        final TrackedOrder o = target(in);
        if (o == null) {
            return refused(in, SubmitResult.UNKNOWN_ORDER, AckCode.REJECTED, null, "no such order here");
        }
        if (OrderStatus.isFinal(o.status)) {
            return refused(in, SubmitResult.ORDER_FINAL, AckCode.NOOP, o, "the order is already " + OrderStatus.name(o.status));
        }
        // fields the intent leaves unchanged (OrderIntent.CODE_/VALUE_UNCHANGED) keep the order's current values as last
        // confirmed by the broker; an unchanged quantity is left out of the request, so the broker keeps its own
        final byte orderType = in.orderType != OrderIntent.CODE_UNCHANGED ? in.orderType : o.orderType;
        final byte validity = in.validity != OrderIntent.CODE_UNCHANGED ? in.validity : o.validity;
        final long price = in.price >= 0 ? in.price : o.price;
        final long triggerPrice = in.triggerPrice >= 0 ? in.triggerPrice : o.triggerPrice;
        final long quantity = Math.max(0, in.quantity);
        final String invalid = invalidModify(orderType, validity, price, triggerPrice);
        if (invalid != null) {
            invalidIntents++;
            return refused(in, SubmitResult.INVALID_INTENT, AckCode.REJECTED, o, invalid);
        }
        final long now = clock.time();
        if (o.brokerOrderId == null && !o.placeCall.inFlight && !o.lookupPending) {
            applyModifyLocally(o, in.intentId, quantity == 0 ? o.quantity : quantity, price, triggerPrice, orderType, validity,
                    in.disclosedQuantity);
            return SubmitResult.HANDLED_LOCALLY;
        }
        final Call c = new Call(Call.MODIFY, o, in.intentId);
        c.urgent = in.exit || o.exit;
        c.quantity = quantity;
        c.price = price;
        c.triggerPrice = triggerPrice;
        c.disclosedQuantity = in.disclosedQuantity;
        c.orderType = orderType;
        c.validity = validity;
        if (o.brokerOrderId == null) {
            // the place is in flight or being looked up: the latest modify waits for its outcome
            if (o.parkedModify != null) {
                handler.onOrderAck(o.parkedModify.intentId, OrderIntent.ACTION_MODIFY, AckCode.NOOP, o);
            }
            o.parkedModify = c;
            return SubmitResult.QUEUED;
        }
        o.modifiesInFlight++;
        (c.urgent ? urgentLane : entryLane).addLast(c);
        drain(now);
        return c.inFlight ? SubmitResult.SENT : SubmitResult.QUEUED;
    }

    /** Why a modify cannot be sent as the broker needs it (absolute values after the unchanged ones are filled in), or null. */
    private static String invalidModify(final byte orderType, final byte validity, final long price, final long triggerPrice) {
        if (!UpstoxRequestEncoder.validCodes(OrderCodes.SIDE_BUY, orderType, OrderCodes.PRODUCT_D, validity)) {
            return "order type " + orderType + " / validity " + validity + " unknown (and not known for the order either)";
        }
        if ((orderType == OrderCodes.TYPE_LIMIT || orderType == OrderCodes.TYPE_SL) && price <= 0) {
            return OrderCodes.typeWire(orderType) + " needs a price";
        }
        if ((orderType == OrderCodes.TYPE_SL || orderType == OrderCodes.TYPE_SL_M) && triggerPrice <= 0) {
            return OrderCodes.typeWire(orderType) + " needs a trigger price";
        }
        return null;
    }

    /** The place has not reached the broker: the modify changes what will be sent. */
    private void applyModifyLocally(final TrackedOrder o, final long modifyIntentId, final long quantity, final long price,
                                    final long triggerPrice, final byte orderType, final byte validity, final long disclosedQuantity) {
        o.quantity = quantity;
        o.price = price;
        o.triggerPrice = triggerPrice;
        o.orderType = orderType;
        o.validity = validity;
        o.disclosedQuantity = disclosedQuantity;
        o.normalizePrices();
        handler.onOrderAck(modifyIntentId, OrderIntent.ACTION_MODIFY, AckCode.ACCEPTED, o);
    }

    private int submitCancel(final OrderIntent in) {
        final TrackedOrder o = target(in);
        if (o == null) {
            return refused(in, SubmitResult.UNKNOWN_ORDER, AckCode.REJECTED, null, "no such order here");
        }
        if (OrderStatus.isFinal(o.status)) {
            return refused(in, SubmitResult.ORDER_FINAL, AckCode.NOOP, o, "the order is already " + OrderStatus.name(o.status));
        }
        final long now = clock.time();
        final Call c = new Call(Call.CANCEL, o, in.intentId);
        c.urgent = true;
        if (o.brokerOrderId == null) {
            if (o.placeCall != null && !o.placeCall.inFlight && !o.lookupPending) {
                o.placeCall.cancelled = true;
                o.placeActive = false;
                o.status = OrderStatus.CANCELLED;
                o.reason = "cancelled before it was sent";
                handler.onOrderAck(in.intentId, OrderIntent.ACTION_CANCEL, AckCode.NOOP, o);
                handler.onOrderUpdate(o);
                return SubmitResult.HANDLED_LOCALLY;
            }
            o.parkedCancel = c; // sent as soon as the place is acknowledged
            return SubmitResult.QUEUED;
        }
        urgentLane.addLast(c);
        drain(now);
        return c.inFlight ? SubmitResult.SENT : SubmitResult.QUEUED;
    }

    private TrackedOrder target(final OrderIntent in) {
        TrackedOrder o = in.targetIntentId != 0 ? byIntent.get(in.targetIntentId) : null;
        if (o == null && in.brokerOrderIdLength > 0) {
            o = byBrokerId.get(new String(in.brokerOrderId, 0, in.brokerOrderIdLength, StandardCharsets.US_ASCII));
        }
        return o;
    }

    /** Why a place intent cannot be sent, or null when it can (a refusal is counted and logged, never silent). */
    private static String placeProblem(final OrderIntent in) {
        if (in.intentId == 0 || in.quantity <= 0 || in.price < 0 || in.triggerPrice < 0 || in.disclosedQuantity < 0) {
            return "intent id 0, quantity " + in.quantity + ", or a negative price/trigger/disclosed quantity";
        }
        if (!UpstoxRequestEncoder.validCodes(in.side, in.orderType, in.product, in.validity)) {
            return "unknown code: side " + in.side + ", type " + in.orderType + ", product " + in.product + ", validity " + in.validity;
        }
        if ((in.orderType == OrderCodes.TYPE_LIMIT || in.orderType == OrderCodes.TYPE_SL) && in.price <= 0) {
            return OrderCodes.typeWire(in.orderType) + " without a price";
        }
        if ((in.orderType == OrderCodes.TYPE_SL || in.orderType == OrderCodes.TYPE_SL_M) && in.triggerPrice <= 0) {
            return OrderCodes.typeWire(in.orderType) + " without a trigger price";
        }
        if (in.tagLength == 0 || !UpstoxRequestEncoder.safeToken(in.tag, in.tagLength)) {
            return "tag empty or outside [A-Za-z0-9_.:~-]";
        }
        return UpstoxRequestEncoder.safeJsonText(in.instrumentKey, in.instrumentKeyLength) ? null : "instrument key not plain JSON text";
    }

    // ---------------------------------------------------------------------------------------------
    // sending

    private void drain(final long now) {
        if (closed || tokenRejected) {
            return;
        }
        while (true) {
            final ArrayDeque<Call> lane = !urgentLane.isEmpty() ? urgentLane : !entryLane.isEmpty() ? entryLane : null;
            if (lane == null) {
                break;
            }
            final Call c = lane.peekFirst();
            if (c.cancelled) {
                lane.pollFirst();
                continue;
            }
            int phase = OrderSessionWindows.NORMAL;
            if (c.kind == Call.PLACE && config.marketHoursCheck()) {
                phase = windows.phase(now);
                if (phase == OrderSessionWindows.HOLD) {
                    lane.pollFirst();
                    holdForMarket(c, now);
                    continue;
                }
            }
            final HttpConnectionPool<Call>.Connection conn = orderPool.idle();
            if (conn == null || !orderLimiter.tryAcquire(now)) {
                break;
            }
            lane.pollFirst();
            sendOrderCall(conn, c, now, phase == OrderSessionWindows.AMO);
        }
        while (true) {
            final ArrayDeque<Call> lane = !lookupLane.isEmpty() ? lookupLane : !readLane.isEmpty() ? readLane : null;
            if (lane == null) {
                break;
            }
            final Call c = lane.peekFirst();
            if (c.cancelled || (c.kind == Call.LOOKUP_TAG && !c.order.lookupPending)) {
                lane.pollFirst();
                continue;
            }
            final HttpConnectionPool<Call>.Connection conn = readPool.idle();
            if (conn == null || !readLimiter.tryAcquire(now)) {
                break;
            }
            lane.pollFirst();
            sendRead(conn, c, now);
        }
    }

    private void sendOrderCall(final HttpConnectionPool<Call>.Connection conn, final Call c, final long now, final boolean amoWindow) {
        final TrackedOrder o = c.order;
        final ByteBuf buf = orderPool.allocate(conn);
        switch (c.kind) {
            case Call.PLACE:
                o.amo = o.amoRequested || amoWindow;
                orderEncoder.place(buf, o.keyBytes, o.keyBytes.length, o.tagBytes, o.tagBytes.length, o.side, o.orderType,
                        o.product, o.validity, o.quantity, o.price, o.triggerPrice, o.disclosedQuantity, o.amo);
                if (c.attempts > 0 || o.status == OrderStatus.RETRY_PENDING) {
                    o.lastRetryEpochMs = now;
                }
                if (o.placedEpochMs == 0) {
                    o.placedEpochMs = now;
                }
                o.status = OrderStatus.SUBMITTED;
                break;
            case Call.MODIFY:
                orderEncoder.modify(buf, o.brokerOrderIdBytes, o.brokerOrderIdBytes.length, c.quantity, c.validity, c.price,
                        c.orderType, c.disclosedQuantity, c.triggerPrice);
                break;
            default:
                orderEncoder.cancel(buf, o.brokerOrderIdBytes, o.brokerOrderIdBytes.length);
                break;
        }
        c.attempts++;
        c.inFlight = true;
        c.sentEpochMs = now;
        orderPool.send(conn, buf, c, c.intentId, now);
    }

    private void sendRead(final HttpConnectionPool<Call>.Connection conn, final Call c, final long now) {
        final ByteBuf buf = readPool.allocate(conn);
        final TrackedOrder o = c.order;
        switch (c.kind) {
            case Call.LOOKUP_TAG:
                lookups++;
                readEncoder.get(buf, UpstoxRequestEncoder.PATH_HISTORY, true, o.tagBytes, o.tagBytes.length);
                break;
            case Call.DETAILS:
                readEncoder.get(buf, UpstoxRequestEncoder.PATH_DETAILS, false, o.brokerOrderIdBytes, o.brokerOrderIdBytes.length);
                break;
            case Call.ORDER_BOOK:
                readEncoder.get(buf, UpstoxRequestEncoder.PATH_ORDER_BOOK, false, null, 0);
                break;
            default:
                readEncoder.get(buf, UpstoxRequestEncoder.PATH_POSITIONS, false, null, 0);
                break;
        }
        c.attempts++;
        c.inFlight = true;
        c.sentEpochMs = now;
        readPool.send(conn, buf, c, c.intentId, now);
    }

    private void holdForMarket(final Call c, final long now) {
        final TrackedOrder o = c.order;
        c.dueEpochMs = windows.nextOpportunityEpochMs(now + 1);
        addWaiting(c);
        if (o.status != OrderStatus.RETRY_PENDING) {
            o.status = OrderStatus.RETRY_PENDING;
            o.reason = "market closed; waiting for the next order window";
            handler.onOrderAck(o.intentId, OrderIntent.ACTION_PLACE, AckCode.RETRY_PENDING, o);
            handler.onOrderUpdate(o);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // answers

    @Override
    public void onResponse(final Call c, final int httpStatus, final ByteBuf body) {
        c.inFlight = false;
        final long now = clock.time();
        final int length = body.readableBytes();
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        body.getBytes(body.readerIndex(), scratch, 0, length);
        if (httpStatus == 429) {
            on429(c, now);
        } else if (httpStatus == 401) {
            onUnauthorized(c);
        } else {
            if (c.isOrderCall()) {
                consecutiveOrder429 = 0;
            } else {
                consecutiveRead429 = 0;
            }
            final JsonNode root = parser.parse(scratch, length);
            switch (c.kind) {
                case Call.PLACE: onPlaceAnswer(c, httpStatus, root, length, now); break;
                case Call.MODIFY:
                case Call.CANCEL: onChangeAnswer(c, httpStatus, root, length, now); break;
                case Call.LOOKUP_TAG: onLookupAnswer(c, httpStatus, root, length, now); break;
                case Call.DETAILS: onDetailsAnswer(c, httpStatus, root, length, now); break;
                case Call.ORDER_BOOK: onBookAnswer(c, httpStatus, root, length, now); break;
                default: onPositionsAnswer(c, httpStatus, root, length, now); break;
            }
        }
        drain(now);
    }

    @Override
    public void onExchangeFailed(final Call c, final int failure) {
        c.inFlight = false;
        final long now = clock.time();
        final String why = failure == FAILURE_TIMEOUT ? "no answer within " + config.requestTimeoutMs() + " ms" : "connection lost";
        switch (c.kind) {
            case Call.PLACE: unknownOutcome(c.order, now, why); break;
            case Call.MODIFY:
            case Call.CANCEL: retryChange(c, now, why); break;
            case Call.LOOKUP_TAG:
                c.dueEpochMs = now + config.lookupSettleMs();
                addWaiting(c);
                break;
            case Call.DETAILS:
                afterVerifyRead(c.order, now);
                retryAdoptionRead(c.order, now);
                break;
            case Call.ORDER_BOOK:
                if (c.forVerify) {
                    verifyBookQueued = false;
                    releaseVerifyReads(now);
                }
                break;
            default: break; // positions: the next reconciliation reads them again
        }
        drain(now);
    }

    @Override
    public void onConnectionAvailable() {
        drain(clock.time());
    }

    private void on429(final Call c, final long now) {
        http429++;
        final boolean order = c.isOrderCall();
        final int n = order ? ++consecutiveOrder429 : ++consecutiveRead429;
        final long backoff = Math.min(config.backoff429MaxMs(), config.backoff429Ms() << Math.min(16, n - 1));
        (order ? orderLimiter : readLimiter).pauseUntil(now + backoff);
        if (http429 == 1 || http429 % 100 == 0) {
            LOG.warn("broker answered 429 (UDAPI10005 too many requests) to a {}: {} {} calls paused {} ms ({} so far)",
                    Call.name(c.kind), order ? "order" : "read", order ? "order" : "read", backoff, http429);
        }
        requeueFront(c);
    }

    private void onUnauthorized(final Call c) {
        requeueFront(c);
        if (!tokenRejected) {
            tokenRejected = true;
            LOG.error("access token rejected (HTTP 401); order sending paused until a new token is set");
            handler.onTokenRejected();
        }
    }

    private void requeueFront(final Call c) {
        if (c.kind == Call.PLACE && c.order.status == OrderStatus.SUBMITTED) {
            c.order.status = OrderStatus.PENDING_SUBMIT; // the broker refused the request itself: not placed
        }
        if (c.attempts > 0) {
            c.attempts--; // a refused request is not an attempt
        }
        if (c.isOrderCall()) {
            (c.urgent ? urgentLane : entryLane).addFirst(c);
        } else {
            (c.kind == Call.LOOKUP_TAG ? lookupLane : readLane).addFirst(c);
        }
    }

    private void onPlaceAnswer(final Call c, final int httpStatus, final JsonNode root, final int length, final long now) {
        final TrackedOrder o = c.order;
        if (root == null) {
            badAnswer(c, httpStatus, length, parser.error());
            unknownOutcome(o, now, "unreadable answer (HTTP " + httpStatus + ")");
            return;
        }
        if (httpStatus >= 200 && httpStatus < 300 && UpstoxResponseParser.isSuccess(root)) {
            final String id = parser.placedOrderId(root);
            if (id == null) {
                badAnswer(c, httpStatus, length, parser.error());
                unknownOutcome(o, now, "success without an order id");
                return;
            }
            placed(o, id, now);
            return;
        }
        if (httpStatus >= 400 && httpStatus < 500 && UpstoxResponseParser.errorCode(root) != null) {
            rejected(o, UpstoxResponseParser.errorText(root, httpStatus));
            return;
        }
        if (httpStatus < 500) {
            badAnswer(c, httpStatus, length, "neither a success with an order id nor an error envelope");
        }
        unknownOutcome(o, now, "HTTP " + httpStatus);
    }

    /** The broker has the order (answer, history, feed or book): record the id, acknowledge once. */
    private void placed(final TrackedOrder o, final String id, final long now) {
        if (o.brokerOrderId == null) {
            o.brokerOrderId(id);
            o.acceptedEpochMs = now;
            byBrokerId.put(id, o);
        } else if (!o.brokerOrderId.equals(id)) {
            duplicateFound(o, id, null, now);
            return;
        }
        o.placeActive = false;
        o.placeCall.cancelled = !o.placeCall.inFlight;
        o.lookupPending = false;
        o.needsReconcile = false;
        if (!o.acked) {
            o.acked = true;
            if (o.status == OrderStatus.PENDING_SUBMIT || o.status == OrderStatus.RETRY_PENDING || o.status == OrderStatus.FAILED) {
                o.status = OrderStatus.SUBMITTED;
            }
            o.reason = null;
            handler.onOrderAck(o.intentId, OrderIntent.ACTION_PLACE, AckCode.ACCEPTED, o);
            if (o.status == OrderStatus.SUBMITTED) {
                scheduleVerify(o, now);
            }
        }
        if (o.parkedModify != null) {
            final Call m = o.parkedModify;
            o.parkedModify = null;
            if (o.parkedCancel == null) {
                o.modifiesInFlight++;
                (m.urgent ? urgentLane : entryLane).addLast(m);
            } else {
                handler.onOrderAck(m.intentId, OrderIntent.ACTION_MODIFY, AckCode.NOOP, o);
            }
        }
        if (o.parkedCancel != null) {
            urgentLane.addLast(o.parkedCancel);
            o.parkedCancel = null;
        }
    }

    private void rejected(final TrackedOrder o, final String reason) {
        o.placeActive = false;
        o.lookupPending = false;
        o.status = OrderStatus.REJECTED;
        o.reason = reason;
        o.acked = true;
        handler.onOrderAck(o.intentId, OrderIntent.ACTION_PLACE, AckCode.REJECTED, o);
        handler.onOrderUpdate(o);
        releaseParkedCancel(o);
    }

    private void failed(final TrackedOrder o, final String reason) {
        o.placeActive = false;
        o.lookupPending = false;
        o.status = OrderStatus.FAILED;
        o.reason = reason;
        handler.onOrderAck(o.intentId, OrderIntent.ACTION_PLACE, AckCode.FAILED, o);
        handler.onOrderUpdate(o);
        releaseParkedCancel(o);
    }

    private void releaseParkedCancel(final TrackedOrder o) {
        if (o.parkedModify != null) {
            handler.onOrderAck(o.parkedModify.intentId, OrderIntent.ACTION_MODIFY, AckCode.NOOP, o);
            o.parkedModify = null;
        }
        if (o.parkedCancel != null) {
            handler.onOrderAck(o.parkedCancel.intentId, OrderIntent.ACTION_CANCEL, AckCode.NOOP, o);
            o.parkedCancel = null;
        }
    }

    /** We do not know whether the broker has the order: ask the history by tag before anything else. */
    private void unknownOutcome(final TrackedOrder o, final long now, final String why) {
        if (o.brokerOrderId != null) {
            return; // the feed or the book already showed the order: nothing is unknown
        }
        unknownOutcomes++;
        if (o.firstFailureEpochMs == 0) {
            o.firstFailureEpochMs = now;
        }
        o.needsReconcile = true;
        o.reason = "outcome unknown (" + why + "); checking the order history by tag";
        startLookup(o, now, config.lookupSettleMs(), false);
    }

    private void startLookup(final TrackedOrder o, final long now, final long delayMs, final boolean manualRetry) {
        o.lookupPending = true;
        final Call lookup = new Call(Call.LOOKUP_TAG, o, o.intentId);
        lookup.manualRetry = manualRetry;
        if (delayMs <= 0) {
            lookupLane.addLast(lookup);
        } else {
            lookup.dueEpochMs = now + delayMs;
            addWaiting(lookup);
        }
    }

    private void onLookupAnswer(final Call c, final int httpStatus, final JsonNode root, final int length, final long now) {
        final TrackedOrder o = c.order;
        if (!o.lookupPending) {
            return; // settled meanwhile (feed or book found it, or the user dropped it)
        }
        if (root != null && httpStatus >= 200 && httpStatus < 300 && UpstoxResponseParser.isSuccess(root)) {
            String liveId = null;
            String otherLiveId = null;
            String rejectedReason = null;
            final JsonNode data = root.path("data");
            if (data.isArray()) {
                for (final JsonNode row : data) {
                    if (!parser.order(row, snapshot) || !o.tag.equals(snapshot.tag)) {
                        continue;
                    }
                    if ("rejected".equals(snapshot.status)) {
                        rejectedReason = snapshot.statusMessage == null ? "rejected" : snapshot.statusMessage;
                    } else if (liveId == null || liveId.equals(snapshot.orderId)) {
                        liveId = snapshot.orderId;
                    } else {
                        otherLiveId = snapshot.orderId; // history rows repeat an order per status; a second id is a duplicate
                    }
                }
            } else if (!data.isNull() && !data.isMissingNode()) {
                badAnswer(c, httpStatus, length, "history data is not an array");
                retryLookup(c, now);
                return;
            }
            if (liveId != null) {
                duplicatesPrevented++;
                LOG.info("order {} tag {} found at the broker as {} after an unknown outcome; not placing again",
                        o.intentId, o.tag, liveId);
                placed(o, liveId, now);
                if (otherLiveId != null) {
                    duplicateFound(o, otherLiveId, null, now);
                }
                scheduleVerify(o, now); // learn its current state soon
            } else if (rejectedReason != null && !c.manualRetry) {
                rejected(o, rejectedReason);
            } else {
                notPlaced(o, now, c.manualRetry);
            }
            return;
        }
        if (root != null && orderNotFound(root)) {
            notPlaced(o, now, c.manualRetry);
            return;
        }
        if (root == null || httpStatus < 500) {
            badAnswer(c, httpStatus, length, root == null ? parser.error() : "history lookup failed");
        }
        retryLookup(c, now);
    }

    private static boolean orderNotFound(final JsonNode root) {
        return UDAPI_ORDER_NOT_FOUND.equals(UpstoxResponseParser.errorCode(root));
    }

    private void retryLookup(final Call c, final long now) {
        c.dueEpochMs = now + config.lookupSettleMs();
        addWaiting(c);
    }

    /** The broker certainly has no live order with this tag. */
    private void notPlaced(final TrackedOrder o, final long now, final boolean manualRetry) {
        o.lookupPending = false;
        final Call c = o.placeCall;
        if (o.parkedCancel != null) {
            o.placeActive = false;
            o.status = OrderStatus.CANCELLED;
            o.reason = "cancelled before it reached the broker";
            releaseParkedCancel(o);
            handler.onOrderUpdate(o);
            return;
        }
        if (o.parkedModify != null) {
            final Call m = o.parkedModify;
            o.parkedModify = null;
            applyModifyLocally(o, m.intentId, m.quantity, m.price, m.triggerPrice, m.orderType, m.validity, m.disclosedQuantity);
        }
        if (manualRetry || o.firstFailureEpochMs == 0) {
            // manual retry, or a lookup-first intent after a restart: send now
            c.cancelled = false;
            (c.urgent ? urgentLane : entryLane).addFirst(c);
            return;
        }
        if (o.retryCount < config.retryAttemptsMax() && now - o.firstFailureEpochMs <= config.retryWindowMs()) {
            o.retryCount++;
            o.status = OrderStatus.RETRY_PENDING;
            o.reason = "not placed (" + o.reason + "); retry " + o.retryCount + " of " + config.retryAttemptsMax();
            c.cancelled = false;
            c.dueEpochMs = now + backoff(config.retryBackoffMs(), config.retryBackoffMaxMs(), o.retryCount);
            addWaiting(c);
            handler.onOrderAck(o.intentId, OrderIntent.ACTION_PLACE, AckCode.RETRY_PENDING, o);
            handler.onOrderUpdate(o);
        } else {
            failed(o, "not placed after " + (o.retryCount + 1) + " attempts (" + o.reason + ")");
        }
    }

    private void onChangeAnswer(final Call c, final int httpStatus, final JsonNode root, final int length, final long now) {
        final TrackedOrder o = c.order;
        final byte action = c.kind == Call.MODIFY ? OrderIntent.ACTION_MODIFY : OrderIntent.ACTION_CANCEL;
        if (root != null && httpStatus >= 200 && httpStatus < 300 && UpstoxResponseParser.isSuccess(root)) {
            if (c.kind == Call.MODIFY) {
                o.modifiesInFlight--;
                if (c.quantity > 0) {
                    o.quantity = c.quantity;
                }
                o.price = c.price;
                o.triggerPrice = c.triggerPrice;
                o.orderType = c.orderType;
                o.validity = c.validity;
                o.disclosedQuantity = c.disclosedQuantity;
                o.normalizePrices();
            }
            handler.onOrderAck(c.intentId, action, AckCode.ACCEPTED, o);
            scheduleVerify(o, now);
            return;
        }
        if (root != null && httpStatus >= 400 && httpStatus < 500 && UpstoxResponseParser.errorCode(root) != null) {
            if (c.kind == Call.MODIFY) {
                o.modifiesInFlight--;
            }
            o.reason = Call.name(c.kind) + " rejected: " + UpstoxResponseParser.errorText(root, httpStatus);
            handler.onOrderAck(c.intentId, action, AckCode.REJECTED, o);
            scheduleVerify(o, now);
            return;
        }
        if (root == null || httpStatus < 500) {
            badAnswer(c, httpStatus, length, root == null ? parser.error() : "neither success nor an error envelope");
        }
        retryChange(c, now, "HTTP " + httpStatus);
    }

    /** Modify and cancel are idempotent (absolute values, or "cancel this id"), so they are simply re-sent. */
    private void retryChange(final Call c, final long now, final String why) {
        final TrackedOrder o = c.order;
        if (c.firstFailureEpochMs == 0) {
            c.firstFailureEpochMs = now;
        }
        if (c.attempts <= config.retryAttemptsMax() && now - c.firstFailureEpochMs <= config.retryWindowMs()) {
            c.dueEpochMs = now + backoff(config.retryBackoffMs(), config.retryBackoffMaxMs(), c.attempts);
            addWaiting(c);
            return;
        }
        if (c.kind == Call.MODIFY) {
            o.modifiesInFlight--;
        }
        o.reason = Call.name(c.kind) + " failed after " + c.attempts + " attempts (" + why + ")";
        handler.onOrderAck(c.intentId, c.kind == Call.MODIFY ? OrderIntent.ACTION_MODIFY : OrderIntent.ACTION_CANCEL,
                AckCode.FAILED, o);
        scheduleVerify(o, now);
    }

    private void onDetailsAnswer(final Call c, final int httpStatus, final JsonNode root, final int length, final long now) {
        final TrackedOrder o = c.order;
        boolean applied = false;
        if (root != null && httpStatus >= 200 && httpStatus < 300 && UpstoxResponseParser.isSuccess(root)) {
            if (parser.order(root.path("data"), snapshot)) {
                applyingRow = root.path("data");
                applyBrokerOrder(snapshot, now, true);
                applyingRow = null;
                applied = true;
                adopting.remove(o);
            } else {
                badAnswer(c, httpStatus, length, parser.error());
            }
        } else if (root == null || httpStatus < 500) {
            badAnswer(c, httpStatus, length, root == null ? parser.error() : UpstoxResponseParser.errorText(root, httpStatus));
        }
        afterVerifyRead(o, now);
        if (!applied) {
            retryAdoptionRead(o, now);
        }
    }

    /** An adopted order must be read once before the engine goes live: a failed read is tried again. */
    private void retryAdoptionRead(final TrackedOrder o, final long now) {
        if (adopting.contains(o)) {
            scheduleVerify(o, now);
        }
    }

    private void onBookAnswer(final Call c, final int httpStatus, final JsonNode root, final int length, final long now) {
        if (c.forVerify) {
            verifyBookQueued = false;
        }
        if (root != null && httpStatus >= 200 && httpStatus < 300 && UpstoxResponseParser.isSuccess(root)) {
            final JsonNode data = root.path("data");
            final boolean complete = data.isArray() || data.isNull() || data.isMissingNode();
            bookGeneration++;
            if (data.isArray()) {
                for (final JsonNode row : data) {
                    if (parser.order(row, snapshot)) {
                        applyingRow = row;
                        applyBrokerOrder(snapshot, now, true);
                        applyingRow = null;
                        final TrackedOrder seen = byBrokerId.get(snapshot.orderId);
                        if (seen != null) {
                            seen.seenInBook = bookGeneration;
                        }
                    } else {
                        badAnswer(c, httpStatus, length, "order book row: " + parser.error());
                    }
                }
            } else if (!complete) {
                badAnswer(c, httpStatus, length, "order book data is not an array");
            }
            if (complete) {
                flagMissingFromBook(c.sentEpochMs);
            }
        } else if (root == null || httpStatus < 500) {
            badAnswer(c, httpStatus, length, root == null ? parser.error() : UpstoxResponseParser.errorText(root, httpStatus));
        }
        if (c.forVerify) {
            releaseVerifyReads(now);
        }
    }

    /** Working orders of ours, known before the book was read, that the book does not list. */
    private void flagMissingFromBook(final long bookSentEpochMs) {
        for (int i = 0; i < engineOrders.size(); i++) {
            final TrackedOrder o = engineOrders.get(i);
            if (o.brokerOrderId != null && OrderStatus.isWorking(o.status) && o.acceptedEpochMs < bookSentEpochMs
                    && o.seenInBook != bookGeneration && !o.needsReconcile) {
                missingFromBook++;
                o.needsReconcile = true;
                LOG.warn("order {} (intent {}, tag {}) is {} here but missing from the broker's order book; state kept",
                        o.brokerOrderId, o.intentId, o.tag, OrderStatus.name(o.status));
            }
        }
    }

    private void onPositionsAnswer(final Call c, final int httpStatus, final JsonNode root, final int length, final long now) {
        if (root == null || httpStatus < 200 || httpStatus >= 300 || !UpstoxResponseParser.isSuccess(root)) {
            if (root == null || httpStatus < 500) {
                badAnswer(c, httpStatus, length, root == null ? parser.error() : UpstoxResponseParser.errorText(root, httpStatus));
            }
            return;
        }
        final JsonNode data = root.path("data");
        if (!data.isArray()) {
            if (!data.isNull() && !data.isMissingNode()) {
                badAnswer(c, httpStatus, length, "positions data is not an array");
            }
            return;
        }
        for (final JsonNode row : data) {
            if (!applyPosition(row, c.sentEpochMs)) {
                badAnswer(c, httpStatus, length, "position row without instrument_token, product or quantity");
            }
        }
    }

    /**
     * One position row (positions read or portfolio-feed position update) as of {@code asOfEpochMs};
     * false when it lacks instrument_token, product or an integral quantity.
     */
    private boolean applyPosition(final JsonNode row, final long asOfEpochMs) {
        final String key = UpstoxResponseParser.text(row, "instrument_token");
        final byte product = OrderCodes.productOf(UpstoxResponseParser.text(row, "product"));
        final JsonNode qty = row.get("quantity");
        if (key == null || product == 0 || qty == null || !qty.canConvertToLong()) {
            return false;
        }
        final long net = qty.asLong();
        final String k = key + '|' + product;
        if (net == 0) {
            flatPositions.put(k, new long[]{asOfEpochMs});
            dropQueuedExits(key, product, asOfEpochMs);
        } else {
            flatPositions.remove(k);
        }
        handler.onPositionUpdate(key, product, net, asOfEpochMs);
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // broker state

    /** An order as the portfolio feed reports it (the engine forwards feed order updates here). */
    public void onBrokerOrderUpdate(final BrokerOrderSnapshot s) {
        final long now = clock.time();
        if (s.orderId == null || s.status == null) {
            badAnswers++;
            LOG.warn("portfolio order update without order id or status ignored: {}", s);
            return;
        }
        applyBrokerOrder(s, now, false);
        drain(now);
    }

    /**
     * One portfolio-feed text frame as Upstox sends it (UTF-8 JSON). {@code update_type} "order" is
     * applied like {@link #onBrokerOrderUpdate}, "position" like a row of the positions read; other
     * types are left to their consumers. An unreadable frame is logged with its raw text, counted, and
     * returns false.
     */
    @Override
    public boolean onPortfolioFrame(final byte[] json, final int length) {
        final JsonNode root = parser.parse(json, length);
        final long now = clock.time();
        final String type = root == null ? "" : root.path("update_type").asText("");
        final boolean ok;
        if (root == null) {
            ok = false;
        } else if (type.equals("order")) {
            ok = parser.order(root, snapshot);
            if (ok) {
                applyingRow = root;
                applyBrokerOrder(snapshot, now, false);
                applyingRow = null;
            }
        } else if (type.equals("position")) {
            ok = applyPosition(root, now); // sent after the fill it reflects, so as new as anything we know
        } else {
            ok = true; // holding, gtt_order: not the order gateway's
        }
        if (!ok) {
            badAnswers++;
            LOG.warn("unreadable portfolio-feed frame ({}): {}", config.redact(root == null ? parser.error() : "missing fields"),
                    config.redact(new String(json, 0, Math.min(length, RAW_LOG_CHARS), StandardCharsets.UTF_8)));
            return false;
        }
        drain(now);
        return true;
    }

    private void applyBrokerOrder(final BrokerOrderSnapshot s, final long now, final boolean polled) {
        TrackedOrder o = byBrokerId.get(s.orderId);
        if (o == null && s.tag != null) {
            final TrackedOrder mine = byTag.get(s.tag);
            if (mine != null) {
                if ("rejected".equals(s.status)) {
                    return; // an earlier rejected attempt of ours: the place path already accounted for it
                }
                if (mine.brokerOrderId != null) {
                    duplicateFound(mine, s.orderId, s, now);
                    return;
                }
                if (mine.lookupPending || (!mine.placeCall.inFlight && mine.placeActive && mine.firstFailureEpochMs != 0)) {
                    duplicatesPrevented++; // outcome was unknown or a retry was pending, yet the broker has it
                }
                placed(mine, s.orderId, now);
                o = mine;
            }
        }
        if (o == null) {
            o = new TrackedOrder(s);
            byBrokerId.put(s.orderId, o);
            externalOrders++;
            final byte mapped = UpstoxStatusMapper.map(s.status, s.filledQuantity, OrderStatus.SUBMITTED);
            if (mapped == OrderStatus.UNKNOWN) {
                unknownStatus(o, s);
            } else {
                o.status = mapped;
            }
            copyBrokerFields(o, s, now, polled);
            handler.onOrderUpdate(o);
            return;
        }
        applySnapshot(o, s, now, polled);
    }

    /**
     * A second live broker order carries the tag of one we already track: a retry after a false "not
     * found" landed as well. It is tracked as external (so its fills are reported) and, while it can
     * still trade, cancelled at once.
     */
    private void duplicateFound(final TrackedOrder original, final String duplicateId, final BrokerOrderSnapshot s, final long now) {
        if (byBrokerId.containsKey(duplicateId)) {
            return;
        }
        duplicatesDetected++;
        LOG.error("DUPLICATE at the broker: order {} carries tag {} of intent {} (broker id {}); cancelling it",
                duplicateId, original.tag, original.intentId, original.brokerOrderId);
        final TrackedOrder dup = new TrackedOrder(duplicateId, original);
        byBrokerId.put(duplicateId, dup);
        if (s != null) {
            final byte mapped = UpstoxStatusMapper.map(s.status, s.filledQuantity, OrderStatus.SUBMITTED);
            if (mapped != OrderStatus.UNKNOWN) {
                dup.status = mapped;
            }
            copyBrokerFields(dup, s, now, true);
        }
        dup.reason = "duplicate of intent " + original.intentId + " (tag " + original.tag + "); cancelled by the gateway";
        handler.onOrderUpdate(dup);
        if (!OrderStatus.isFinal(dup.status)) {
            final Call cancel = new Call(Call.CANCEL, dup, 0);
            cancel.urgent = true;
            urgentLane.addFirst(cancel);
            scheduleVerify(dup, now);
        }
    }

    private void applySnapshot(final TrackedOrder o, final BrokerOrderSnapshot s, final long now, final boolean polled) {
        if (polled) {
            o.lastStatusCheckEpochMs = now;
        }
        final byte mapped = UpstoxStatusMapper.map(s.status, s.filledQuantity, o.status);
        if (mapped == OrderStatus.UNKNOWN) {
            unknownStatus(o, s);
            return;
        }
        if (OrderStatus.isFinal(o.status) && !OrderStatus.isFinal(mapped) && o.status != OrderStatus.FAILED) {
            return; // a stale read; a final broker state never reopens
        }
        if (s.filledQuantity < o.filledQuantity) {
            return; // older than what we have
        }
        final boolean changed = mapped != o.status || s.filledQuantity != o.filledQuantity
                || !s.status.equals(o.brokerStatus) || (s.quantity != 0 && s.quantity != o.quantity)
                || (s.price != 0 && s.price != o.price) || s.triggerPrice != o.triggerPrice;
        if (!o.external && o.modifiesInFlight == 0 && OrderStatus.isWorking(mapped) && o.brokerOrderId != null
                && (s.quantity != o.quantity || s.price != o.price || s.triggerPrice != o.triggerPrice)
                && o.orderType != OrderCodes.TYPE_MARKET && s.quantity != 0) {
            o.modifiedExternally = true;
        }
        o.status = mapped;
        o.needsReconcile = false;
        copyBrokerFields(o, s, now, polled);
        if (mapped == OrderStatus.REJECTED || mapped == OrderStatus.CANCELLED) {
            o.reason = s.statusMessage;
        }
        if (o.verifyDueEpochMs != 0 && verified(o)) {
            o.verifyDueEpochMs = 0;
        }
        if (changed) {
            handler.onOrderUpdate(o);
        }
    }

    private void copyBrokerFields(final TrackedOrder o, final BrokerOrderSnapshot s, final long now, final boolean polled) {
        if (s.filledQuantity > o.filledQuantity) {
            lastFillSeenEpochMs.put(o.instrumentKey, now);
        }
        if (polled) {
            o.lastStatusCheckEpochMs = now;
        }
        o.brokerStatus = s.status;
        o.filledQuantity = s.filledQuantity;
        o.pendingQuantity = s.pendingQuantity;
        if (s.averagePrice != 0) {
            o.averagePrice = s.averagePrice;
        }
        if (s.exchangeTimeEpochMs != 0) {
            o.exchangeTimeEpochMs = s.exchangeTimeEpochMs;
        }
        if (s.quantity != 0) {
            o.quantity = s.quantity;
        }
        if (o.orderType != OrderCodes.TYPE_MARKET || o.external) {
            o.price = s.price;
        }
        o.triggerPrice = s.triggerPrice;
        if (s.orderType != 0) {
            o.orderType = s.orderType;
        }
        o.amo = o.amo || s.amo;
    }

    private void unknownStatus(final TrackedOrder o, final BrokerOrderSnapshot s) {
        unknownStatuses++;
        o.needsReconcile = true;
        final String raw = applyingRow == null ? "(not from a JSON row)" : applyingRow.toString();
        LOG.warn("unknown broker status '{}' for order {} (intent {}); state kept at {} until the next reconciliation; raw: {}",
                config.redact(s.status), s.orderId, o.intentId, OrderStatus.name(o.status),
                config.redact(raw.length() > RAW_LOG_CHARS ? raw.substring(0, RAW_LOG_CHARS) : raw));
    }

    private boolean verified(final TrackedOrder o) {
        if (o.status == OrderStatus.SUBMITTED) {
            return false;
        }
        if (o.brokerStatus == null) {
            return true;
        }
        switch (o.brokerStatus) {
            case "modify pending":
            case "modify validation pending":
            case "cancel pending":
                return false;
            default:
                return true;
        }
    }

    private void scheduleVerify(final TrackedOrder o, final long now) {
        if (config.verifyAttemptsMax() == 0) {
            return;
        }
        if (o.verifyDueEpochMs == 0 && !o.verifyReadQueued) {
            verifying.add(o);
        }
        o.verifyAttempts = 0;
        o.verifyDueEpochMs = now + config.verifyDelayMs();
        verifyNextDueEpochMs = Math.min(verifyNextDueEpochMs, o.verifyDueEpochMs);
    }

    private void afterVerifyRead(final TrackedOrder o, final long now) {
        o.verifyReadQueued = false;
        o.verifyAttempts++;
        if (!verified(o) && o.verifyAttempts < config.verifyAttemptsMax()) {
            if (o.verifyDueEpochMs == 0) {
                verifying.add(o);
            }
            o.verifyDueEpochMs = now + config.verifyDelayMs();
            verifyNextDueEpochMs = Math.min(verifyNextDueEpochMs, o.verifyDueEpochMs);
        } else {
            o.verifyDueEpochMs = 0;
        }
    }

    private void releaseVerifyReads(final long now) {
        for (int i = 0; i < verifying.size(); i++) {
            final TrackedOrder o = verifying.get(i);
            if (o.verifyReadQueued) {
                afterVerifyRead(o, now);
            }
        }
    }

    private void dropQueuedExits(final String key, final byte product, final long asOfEpochMs) {
        if (asOfEpochMs <= lastFillSeenEpochMs.getValue(key)) {
            return; // a fill arrived after the read left: the flat position may be stale
        }
        for (final Call c : urgentLane) {
            dropIfExit(c, key, product);
        }
        for (final Call c : entryLane) {
            dropIfExit(c, key, product);
        }
        for (final Call c : waiting) {
            dropIfExit(c, key, product);
        }
    }

    private void dropIfExit(final Call c, final String key, final byte product) {
        final TrackedOrder o = c.order;
        if (c.kind != Call.PLACE || c.cancelled || c.inFlight || !o.exit || o.lookupPending || o.brokerOrderId != null
                || o.product != product || !o.instrumentKey.equals(key)) {
            return;
        }
        c.cancelled = true;
        o.placeActive = false;
        o.status = OrderStatus.CANCELLED;
        o.reason = "exit not sent: the position was closed at the broker";
        handler.onOrderAck(o.intentId, OrderIntent.ACTION_PLACE, AckCode.NOOP, o);
        handler.onOrderUpdate(o);
    }

    private boolean positionKnownFlat(final String key, final byte product, final long now) {
        final long[] flat = flatPositions.get(key + '|' + product);
        return flat != null && flat[0] > lastFillSeenEpochMs.getValue(key)
                && now - flat[0] <= 2 * config.reconcileIntervalMs();
    }

    private void warnIfLateIntraday(final TrackedOrder o, final long now) {
        if (o.product != OrderCodes.PRODUCT_I) {
            return;
        }
        final int minute = MarketClock.istMinuteOfDay(now);
        if (minute >= config.intradayWarnMinute() && minute < MarketClock.SESSION_CLOSE_MINUTE) {
            handler.onWarning(o.intentId, OrderEventHandler.WARN_INTRADAY_LATE,
                    "intraday (I) order placed after " + hhmm(config.intradayWarnMinute())
                            + " IST: the broker may refuse it or square it off from " + hhmm(config.squareOffMinute()));
        }
    }

    private void warnOpenIntradayAtSquareOff(final long now) {
        final int minute = MarketClock.istMinuteOfDay(now);
        final long day = MarketClock.istEpochDay(now);
        if (minute < config.squareOffMinute() || minute >= MarketClock.SESSION_CLOSE_MINUTE || day == lastSquareOffWarnDay) {
            return;
        }
        lastSquareOffWarnDay = day;
        for (int i = 0; i < engineOrders.size(); i++) {
            final TrackedOrder o = engineOrders.get(i);
            if (o.product == OrderCodes.PRODUCT_I && (OrderStatus.isWorking(o.status) || o.placeActive)) {
                handler.onWarning(o.intentId, OrderEventHandler.WARN_INTRADAY_OPEN_AT_SQUARE_OFF,
                        "intraday (I) order still open at the broker's square-off (" + hhmm(config.squareOffMinute()) + " IST)");
            }
        }
    }

    private static String hhmm(final int minute) {
        return String.format("%02d:%02d", minute / 60, minute % 60);
    }

    // ---------------------------------------------------------------------------------------------
    // the tick: timeouts, reconnects, due retries and lookups, verification, reconciliation

    /** One duty cycle. Runs on the event loop (scheduled, or called by a test that owns the clock). */
    public void tick() {
        if (closed) {
            return;
        }
        final long now = clock.time();
        orderPool.poll(now);
        readPool.poll(now);
        if (now >= waitingNextDueEpochMs) {
            releaseDue(now);
        }
        dueVerifications(now);
        if (now >= nextReconcileEpochMs) {
            nextReconcileEpochMs = now + config.reconcileIntervalMs();
            readLane.addLast(new Call(Call.ORDER_BOOK, null, 0));
            readLane.addLast(new Call(Call.POSITIONS, null, 0));
        }
        warnOpenIntradayAtSquareOff(now);
        drain(now);
    }

    private void addWaiting(final Call c) {
        waiting.add(c);
        waitingNextDueEpochMs = Math.min(waitingNextDueEpochMs, c.dueEpochMs);
    }

    private void releaseDue(final long now) {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < waiting.size(); ) {
            final Call c = waiting.get(i);
            if (c.cancelled || c.dueEpochMs <= now) {
                final int last = waiting.size() - 1;
                waiting.set(i, waiting.get(last));
                waiting.remove(last);
                if (!c.cancelled) {
                    release(c);
                }
            } else {
                next = Math.min(next, c.dueEpochMs);
                i++;
            }
        }
        waitingNextDueEpochMs = next;
    }

    private void release(final Call c) {
        if (c.kind == Call.LOOKUP_TAG) {
            if (c.order.lookupPending) {
                lookupLane.addLast(c);
            }
        } else {
            (c.urgent ? urgentLane : entryLane).addFirst(c);
        }
    }

    private void dueVerifications(final long now) {
        if (now < verifyNextDueEpochMs) {
            return;
        }
        int due = 0;
        long next = Long.MAX_VALUE;
        for (int i = 0; i < verifying.size(); ) {
            final TrackedOrder o = verifying.get(i);
            if (o.verifyDueEpochMs == 0 && !o.verifyReadQueued) {
                final int last = verifying.size() - 1;
                verifying.set(i, verifying.get(last));
                verifying.remove(last);
                continue;
            }
            if (!o.verifyReadQueued) {
                if (o.verifyDueEpochMs <= now) {
                    due++;
                } else {
                    next = Math.min(next, o.verifyDueEpochMs);
                }
            }
            i++;
        }
        verifyNextDueEpochMs = next;
        if (due == 0) {
            return;
        }
        final boolean useBook = due > config.verifyDetailsMax();
        if (useBook && verifyBookQueued) {
            verifyNextDueEpochMs = now + 1; // look again once the book read is back
            return;
        }
        for (int i = 0; i < verifying.size(); i++) {
            final TrackedOrder o = verifying.get(i);
            if (!o.verifyReadQueued && o.verifyDueEpochMs != 0 && o.verifyDueEpochMs <= now) {
                o.verifyReadQueued = true;
                if (!useBook) {
                    readLane.addLast(new Call(Call.DETAILS, o, o.intentId));
                }
            }
        }
        if (useBook) {
            verifyBookQueued = true;
            final Call book = new Call(Call.ORDER_BOOK, null, 0);
            book.forVerify = true;
            readLane.addLast(book);
        }
    }

    /** Earliest time {@link #tick()} has something to do; for a test that advances a fake clock. */
    public long nextWakeEpochMs() {
        final long now = clock.time();
        long next = Math.min(nextReconcileEpochMs, Math.min(orderPool.nextDeadlineEpochMs(), readPool.nextDeadlineEpochMs()));
        if (!tokenRejected && (!urgentLane.isEmpty() || !entryLane.isEmpty()) && orderPool.hasIdle()) {
            next = Math.min(next, orderLimiter.nextPermitEpochMs(now));
        }
        if ((!readLane.isEmpty() || !lookupLane.isEmpty()) && readPool.hasIdle()) {
            next = Math.min(next, readLimiter.nextPermitEpochMs(now));
        }
        next = Math.min(next, waitingNextDueEpochMs);
        return Math.min(next, verifyNextDueEpochMs);
    }

    // ---------------------------------------------------------------------------------------------
    // failed orders: list, retry, drop

    @Override
    public List<OrderView> failedOrders() {
        final ArrayList<OrderView> out = new ArrayList<>();
        for (final TrackedOrder o : engineOrders) {
            if (!o.dropped && (o.status == OrderStatus.FAILED || o.status == OrderStatus.REJECTED
                    || (o.status == OrderStatus.RETRY_PENDING && o.retryCount > 0))) {
                out.add(o);
            }
        }
        return out;
    }

    @Override
    public int retryFailed(final long intentId) {
        final TrackedOrder o = byIntent.get(intentId);
        if (o == null) {
            return SubmitResult.UNKNOWN_ORDER;
        }
        if (o.dropped || !(o.status == OrderStatus.FAILED || o.status == OrderStatus.REJECTED)) {
            return SubmitResult.NOT_FAILED;
        }
        final long now = clock.time();
        o.status = OrderStatus.PENDING_SUBMIT;
        o.reason = "manual retry";
        o.retryCount++;
        o.lastRetryEpochMs = now;
        o.placeActive = true;
        o.acked = false;
        startLookup(o, now, 0, true);
        handler.onOrderUpdate(o);
        drain(now);
        return SubmitResult.QUEUED;
    }

    @Override
    public int dropFailed(final long intentId) {
        final TrackedOrder o = byIntent.get(intentId);
        if (o == null) {
            return SubmitResult.UNKNOWN_ORDER;
        }
        final boolean retryWaiting = o.status == OrderStatus.RETRY_PENDING && !o.placeCall.inFlight && !o.lookupPending;
        if (o.dropped || !(o.status == OrderStatus.FAILED || o.status == OrderStatus.REJECTED || retryWaiting)) {
            return SubmitResult.NOT_FAILED;
        }
        o.dropped = true;
        o.placeCall.cancelled = true;
        o.placeActive = false;
        if (o.status != OrderStatus.REJECTED) {
            o.status = OrderStatus.FAILED;
        }
        o.reason = "dropped by the user" + (o.reason == null ? "" : " (" + o.reason + ")");
        handler.onOrderAck(o.intentId, OrderIntent.ACTION_PLACE, AckCode.FAILED, o);
        handler.onOrderUpdate(o);
        return SubmitResult.HANDLED_LOCALLY;
    }

    // ---------------------------------------------------------------------------------------------

    private void badAnswer(final Call c, final int httpStatus, final int length, final String what) {
        badAnswers++;
        final String raw = new String(scratch, 0, Math.min(length, RAW_LOG_CHARS), StandardCharsets.UTF_8);
        LOG.warn("unreadable broker answer to {} (intent {}): {}; HTTP {}; raw body: {}", Call.name(c.kind), c.intentId,
                config.redact(what), httpStatus, config.redact(raw));
    }

    private static long backoff(final long base, final long max, final int attempt) {
        return Math.min(max, base << Math.min(20, Math.max(0, attempt - 1)));
    }

    private int queuedOrderCalls() {
        return urgentLane.size() + entryLane.size() + waiting.size();
    }

    /** The order as the router knows it, or null. Event loop only; valid until the next call. */
    public OrderView order(final long intentId) {
        return byIntent.get(intentId);
    }

    /** True while the broker refuses the token. */
    public boolean tokenRejected() {
        return tokenRejected;
    }

    public long http429() { return http429; }
    public long badAnswers() { return badAnswers; }
    public long unknownStatuses() { return unknownStatuses; }
    public long unknownOutcomes() { return unknownOutcomes; }
    public long lookups() { return lookups; }
    /** Places whose outcome was unknown (or that waited for a retry) found at the broker, so never sent again. */
    public long duplicatesPrevented() { return duplicatesPrevented; }
    public long externalOrders() { return externalOrders; }
    /** Working orders of ours the broker's order book did not list (flagged uncertain, logged). */
    public long missingFromBook() { return missingFromBook; }
    /** Second live orders found for one tag (and cancelled); must stay 0. */
    public long duplicatesDetected() { return duplicatesDetected; }
    public long invalidIntents() { return invalidIntents; }
    public long orderRequestsWritten() { return orderPool.requestsWritten(); }
    public long readRequestsWritten() { return readPool.requestsWritten(); }
    public long timeouts() { return orderPool.timeouts() + readPool.timeouts(); }
    public long responsesReceived() { return orderPool.responsesReceived() + readPool.responsesReceived(); }
    public int connectingCount() { return orderPool.connectingCount() + readPool.connectingCount(); }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tickFuture != null) {
            tickFuture.cancel(false);
        }
        orderPool.close();
        readPool.close();
    }
}
