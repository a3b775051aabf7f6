package io.kavach.engine.live.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.action.ActionResult;
import io.kavach.engine.action.MonitorLogSink;
import io.kavach.engine.action.MonitorRecord;
import io.kavach.engine.action.OrderIntent;
import io.kavach.engine.action.OrderOutbox;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.risk.RiskGuard;
import io.kavach.engine.rule.Fire;
import io.kavach.engine.rule.IntentIds;
import io.kavach.order.AckCode;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;
import io.kavach.store.writer.MonitorLogEntry;
import io.kavach.store.writer.OrderRow;
import io.kavach.store.writer.StoreRowSink;
import io.kavach.store.writer.UserHaltRow;
import org.agrona.collections.Long2ObjectHashMap;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Turns what the logic did into store rows: each fire (a {@link MonitorRecord}) into a monitor-log
 * row with its trigger snapshot and action result as JSON, each halt or lift of a user by the risk
 * guard into a user-halt row, and each order input (ORDER_INTENT,
 * ORDER_ACK, ORDER_UPDATE) into the order's full row after it — so an upsert by tag always carries
 * every column. Rows carry the (journal day, input sequence) of the input that caused them, which
 * makes a row re-created from the journal the same row. After every step it reports how far it got.
 *
 * <p>It sits between the logic and the order outbox to see each fire's intents (their tags go into
 * the action result). Ticks cost one progress call and nothing else; fires and order inputs allocate
 * their rows (they are rare next to ticks, and the JSON must be built somewhere).
 *
 * <p>Threading: the logic thread (live), or the store writer's thread when it replays the journal to
 * catch the store up — one thread per instance, either way.
 */
public final class StoreRowFeed implements MonitorLogSink, OrderOutbox, LogicHandler.StepListener, RiskGuard.HaltHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CAPTURED = 16;

    private final InstrumentRegistry instruments;
    private final int journalDay;
    private final StoreRowSink sink;
    private final LongConsumer processedThrough;
    private LogicHandler logic;
    private OrderOutbox target = intent -> { };
    /** Orders the engine placed, by intent id, and every known order by broker id. */
    private final Long2ObjectHashMap<OrderState> byIntent = new Long2ObjectHashMap<>();
    private final Map<String, OrderState> byBrokerId = new HashMap<>();
    private final String[] capturedTags = new String[MAX_CAPTURED];
    private int captured;
    private long rows;
    private final java.util.concurrent.atomic.AtomicLong lastEventTime = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param journalDay       IST epoch day of the journal cycle the inputs are in
     * @param processedThrough told each step's input sequence once its rows are handed to {@code sink}
     */
    public StoreRowFeed(final InstrumentRegistry instruments, final int journalDay, final StoreRowSink sink,
                        final LongConsumer processedThrough) {
        this.instruments = instruments;
        this.journalDay = journalDay;
        this.sink = sink;
        this.processedThrough = processedThrough;
    }

    /** The logic whose current input caused each fire; set before the first event. */
    public void setLogic(final LogicHandler logic) {
        this.logic = logic;
    }

    /** Where intents go after being seen; set before the first event. */
    public void setTarget(final OrderOutbox target) {
        this.target = target;
    }

    /** Rows handed to the sink so far (logic thread, or racy). */
    public long rows() {
        return rows;
    }

    @Override
    public void offer(final OrderIntent intent) {
        if (captured < MAX_CAPTURED) {
            capturedTags[captured++] = intent.tagString();
        }
        target.offer(intent);
    }

    @Override
    public void onRecord(final MonitorRecord r) {
        final Fire f = r.fire;
        final ObjectNode snapshot = JSON.createObjectNode();
        snapshot.put("instrument", f.instrumentId >= 0 ? instruments.keyOf(f.instrumentId) : null);
        if (f.triggerPrice != 0) {
            snapshot.put("price", price(f.triggerPrice));
        }
        if (f.triggerLevel != 0) {
            snapshot.put("level", price(f.triggerLevel));
        }
        if (!Double.isNaN(f.indicatorValue)) {
            snapshot.put("indicator_value", f.indicatorValue);
        }
        putPrice(snapshot, "ltp", f.ltp);
        putPrice(snapshot, "bid", f.bid);
        putPrice(snapshot, "ask", f.ask);
        putPrice(snapshot, "day_open", f.dayOpen);
        putPrice(snapshot, "day_high", f.dayHigh);
        putPrice(snapshot, "day_low", f.dayLow);
        snapshot.put("step_time_ms", f.stepTimeEpochMs);
        final ObjectNode result = JSON.createObjectNode();
        result.put("result", ActionResult.name(r.result));
        result.put("fire_number", r.fireNumber);
        result.put("intents", r.intentCount);
        if (r.firstIntentId != 0) {
            result.put("first_intent_id", r.firstIntentId);
        }
        if (captured > 0) {
            final ArrayNode tags = result.putArray("tags");
            for (int i = 0; i < captured; i++) {
                tags.add(capturedTags[i]);
            }
        }
        result.put("requested_quantity", r.requestedQuantity);
        result.put("sent_quantity", r.sentQuantity);
        captured = 0;
        final InputEvent cause = logic.currentInput();
        final boolean taken = r.result == ActionResult.SENT || r.result == ActionResult.RULE_EFFECT;
        sink.monitorLog(new MonitorLogEntry(journalDay, cause.sequence, r.ruleId, r.userId, f.triggerType(), f.definition.actionType(),
            snapshot.toString(), result.toString(), taken, r.fireTimeEpochMs, r.fireNumber));
        rows++;
    }

    /** A halt is rare: allocating its row here is fine. */
    @Override
    public void onHaltChange(final int userId, final boolean halted, final long dayPnl, final long eventTimeMs) {
        final String reason = halted ? "daily loss limit: day P&L " + price(dayPnl).toPlainString() + " rupees" : null;
        sink.userHalt(new UserHaltRow(journalDay, logic.currentInput().sequence, userId, halted, eventTimeMs, reason));
        rows++;
    }

    @Override
    public void onStepDone(final InputEvent e) {
        captured = 0; // intents without a fire (a risk flattening) have no monitor-log row
        switch (e.kind) {
            case EventKind.ORDER_INTENT:
                onIntent(e);
                break;
            case EventKind.ORDER_ACK:
                onAck(e);
                break;
            case EventKind.ORDER_UPDATE:
                onUpdate(e);
                break;
            default:
                break;
        }
        processedThrough.accept(e.sequence);
        lastEventTime.lazySet(e.eventTimeEpochMs);
    }

    /** Event time of the last input handled (0 before any); safe from any thread (the heartbeat's lag). */
    public long lastEventTimeEpochMs() {
        return lastEventTime.get();
    }

    private void onIntent(final InputEvent e) {
        if (e.command != OrderIntent.PLACE) {
            return; // a modify or cancel changes its target order: the broker's answer updates that row
        }
        final OrderState o = new OrderState();
        o.userId = e.userId;
        o.intentId = e.intentId;
        o.ruleId = IntentIds.isRisk(e.intentId) ? 0 : IntentIds.ruleId(e.intentId);
        o.tag = ascii(e.tag, e.tagLength);
        o.instrumentToken = e.instrumentId >= 0 ? instruments.keyOf(e.instrumentId) : null;
        o.side = e.side;
        o.orderType = e.orderType;
        o.product = e.product;
        o.validity = e.validity;
        o.quantity = e.quantity;
        o.price = e.price > 0 ? e.price : OrderRow.NONE;
        o.triggerPrice = e.triggerPrice > 0 ? e.triggerPrice : OrderRow.NONE;
        o.status = OrderStatus.PENDING_SUBMIT;
        o.placedAt = e.eventTimeEpochMs;
        byIntent.put(o.intentId, o);
        emit(o, e);
    }

    private void onAck(final InputEvent e) {
        final OrderState o = find(e);
        if (o == null || e.command != OrderIntent.PLACE) {
            return; // an answer to a modify/cancel: the order's own update follows when the broker acts
        }
        learnBrokerId(o, e);
        switch (e.ackCode) {
            case AckCode.ACCEPTED:
                o.status = e.orderStatus != OrderStatus.UNKNOWN ? e.orderStatus : OrderStatus.SUBMITTED;
                break;
            case AckCode.REJECTED:
                o.status = OrderStatus.REJECTED;
                o.rejectionReason = ascii(e.text, e.textLength);
                break;
            case AckCode.FAILED:
                o.status = OrderStatus.FAILED;
                o.failureReason = ascii(e.text, e.textLength);
                if (o.firstFailureAt == OrderRow.NONE) {
                    o.firstFailureAt = e.eventTimeEpochMs;
                }
                break;
            case AckCode.RETRY_PENDING:
                o.status = OrderStatus.RETRY_PENDING;
                o.retryCount++;
                o.lastRetryAt = e.eventTimeEpochMs;
                if (o.firstFailureAt == OrderRow.NONE) {
                    o.firstFailureAt = e.eventTimeEpochMs;
                }
                o.failureReason = ascii(e.text, e.textLength);
                break;
            default:
                return;
        }
        emit(o, e);
    }

    private void onUpdate(final InputEvent e) {
        OrderState o = find(e);
        if (o == null) {
            if (e.brokerOrderIdLength == 0) {
                return; // nothing to key it by
            }
            o = new OrderState(); // an order placed outside the engine (by hand): keyed by the broker's id
            o.userId = e.userId;
            o.side = e.side;
            o.orderType = e.orderType;
            o.product = e.product;
            o.validity = e.validity;
            o.tag = e.tagLength > 0 && e.intentId != 0 ? ascii(e.tag, e.tagLength) : null;
        }
        learnBrokerId(o, e);
        if (e.instrumentId >= 0) {
            o.instrumentToken = instruments.keyOf(e.instrumentId);
        }
        if (e.quantity > 0) {
            o.quantity = e.quantity;
        }
        if (e.price > 0) {
            o.price = e.price;
        }
        if (e.triggerPrice > 0) {
            o.triggerPrice = e.triggerPrice;
        }
        o.filledQuantity = Math.max(o.filledQuantity, e.filledQuantity);
        if (e.averagePrice > 0) {
            o.averagePrice = e.averagePrice;
        }
        if (e.orderStatus != OrderStatus.UNKNOWN) {
            o.status = e.orderStatus;
        }
        o.brokerStatus = OrderStatus.name(e.orderStatus).toLowerCase(java.util.Locale.ROOT);
        final String text = ascii(e.text, e.textLength);
        if (text != null) {
            o.statusMessage = text;
            if (e.orderStatus == OrderStatus.REJECTED) {
                o.rejectionReason = text;
            }
        }
        if (e.orderStatus == OrderStatus.COMPLETE && o.executedAt == OrderRow.NONE) {
            o.executedAt = e.eventTimeEpochMs;
        }
        o.lastStatusCheckAt = e.eventTimeEpochMs;
        emit(o, e);
    }

    private OrderState find(final InputEvent e) {
        OrderState o = e.intentId != 0 ? byIntent.get(e.intentId) : null;
        if (o == null && e.brokerOrderIdLength > 0) {
            o = byBrokerId.get(ascii(e.brokerOrderId, e.brokerOrderIdLength));
        }
        return o;
    }

    private void learnBrokerId(final OrderState o, final InputEvent e) {
        if (e.brokerOrderIdLength > 0 && o.brokerOrderId == null) {
            o.brokerOrderId = ascii(e.brokerOrderId, e.brokerOrderIdLength);
            byBrokerId.put(o.brokerOrderId, o);
        }
    }

    private void emit(final OrderState o, final InputEvent e) {
        if (o.quantity <= 0 || OrderCodes.sideWire(o.side) == null || OrderCodes.typeWire(o.orderType) == null || o.instrumentToken == null) {
            return; // not enough known to make a valid row yet (a hand order's first update may lack fields)
        }
        sink.order(new OrderRow(journalDay, e.sequence, o.userId, o.ruleId, o.intentId, o.tag, o.brokerOrderId, o.instrumentToken,
            null, OrderCodes.sideWire(o.side), OrderCodes.typeWire(o.orderType), productOr(o.product), OrderCodes.validityWire(o.validity),
            o.quantity, o.price, o.triggerPrice, OrderStatus.name(o.status).toLowerCase(java.util.Locale.ROOT), o.brokerStatus,
            o.statusMessage, o.failureReason, o.rejectionReason, o.retryCount, o.firstFailureAt, o.lastRetryAt, o.filledQuantity,
            o.averagePrice, o.executedAt, o.lastStatusCheckAt, o.status == OrderStatus.AMO_RECEIVED, o.placedAt));
        rows++;
    }

    private static String productOr(final byte product) {
        final String p = OrderCodes.productWire(product);
        return p == null ? "D" : p;
    }

    private static String ascii(final byte[] bytes, final int length) {
        return length <= 0 ? null : new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    private static BigDecimal price(final long fixed) {
        return Prices.toDecimal(fixed);
    }

    private static void putPrice(final ObjectNode n, final String field, final long fixed) {
        if (fixed > 0) {
            n.put(field, price(fixed));
        }
    }

    /** What the store knows of one order, between its inputs. Logic thread. */
    private static final class OrderState {
        int userId;
        long intentId;
        long ruleId;
        String tag;
        String brokerOrderId;
        String instrumentToken;
        byte side;
        byte orderType;
        byte product;
        byte validity;
        long quantity;
        long price = OrderRow.NONE;
        long triggerPrice = OrderRow.NONE;
        byte status;
        String brokerStatus;
        String statusMessage;
        String failureReason;
        String rejectionReason;
        int retryCount;
        long firstFailureAt = OrderRow.NONE;
        long lastRetryAt = OrderRow.NONE;
        long filledQuantity;
        long averagePrice = OrderRow.NONE;
        long executedAt = OrderRow.NONE;
        long lastStatusCheckAt = OrderRow.NONE;
        long placedAt = OrderRow.NONE;
    }
}
