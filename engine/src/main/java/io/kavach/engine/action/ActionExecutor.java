package io.kavach.engine.action;

import io.kavach.engine.event.InputEvent;
import io.kavach.engine.position.Position;
import io.kavach.engine.position.PositionBook;
import io.kavach.engine.risk.RiskGuard;
import io.kavach.engine.rule.ActionSpec;
import io.kavach.engine.rule.Fire;
import io.kavach.engine.rule.FireHandler;
import io.kavach.engine.rule.IntentIds;
import io.kavach.engine.rule.RuleDefinition;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Turns rule fires into order intents: reduce-only exits are cut to the live position (minus what
 * other open exits already cover) and skipped when flat; the risk guard refuses entries while the
 * user is halted, anything over the per-minute cap, and everything but cancellations under the
 * kill switch. Fills from order updates build positions; every tick marks them and checks the
 * daily loss limit (optionally flattening a user who hits it). Each fire ends in one monitor-log
 * record with its trigger snapshot and result.
 *
 * <p>Threading: owned by the logic thread; allocation-free in steady state.
 */
public final class ActionExecutor implements FireHandler {
    private final PositionBook positions;
    private final RiskGuard risk;
    private final OrderOutbox outbox;
    private final MonitorLogSink monitorLog;
    private final OrderIntent intent = new OrderIntent();
    private final MonitorRecord record = new MonitorRecord();

    private final Long2LongHashMap reservedByIntent = new Long2LongHashMap(-1);
    private final Long2ObjectHashMap<Position> reservedPosition = new Long2ObjectHashMap<>();
    private final Long2LongHashMap filledByOrder = new Long2LongHashMap(-1);
    private final Long2LongHashMap notionalByOrder = new Long2LongHashMap(-1);
    private final org.agrona.collections.Int2IntHashMap riskSequence = new org.agrona.collections.Int2IntHashMap(0);
    private long nowMs;
    private FillHandler fillHandler;

    public ActionExecutor(final PositionBook positions, final RiskGuard risk, final OrderOutbox outbox, final MonitorLogSink monitorLog) {
        this.positions = positions;
        this.risk = risk;
        this.outbox = outbox;
        this.monitorLog = monitorLog;
    }

    /** Cold path: who hears fills (backtest output, store); null for nobody. */
    public void setFillHandler(final FillHandler handler) {
        this.fillHandler = handler;
    }

    @Override
    public void onFire(final Fire f) {
        nowMs = f.stepTimeEpochMs;
        final RuleDefinition def = f.definition;
        final ActionSpec a = def.action();
        final MonitorRecord r = record;
        r.fire = f;
        r.ruleId = def.id();
        r.userId = def.userId();
        r.fireNumber = f.fireNumber;
        r.fireTimeEpochMs = f.fireTimeEpochMs;
        r.intentCount = 0;
        r.firstIntentId = 0;
        r.requestedQuantity = a.quantity();
        r.sentQuantity = 0;
        switch (a.type()) {
            case ActionSpec.PLACE_ORDER:
                r.result = place(def, a, f.fireNumber);
                break;
            case ActionSpec.CANCEL_ORDER:
            case ActionSpec.MODIFY_ORDER:
                r.result = modifyOrCancel(def, a, f.fireNumber);
                break;
            case ActionSpec.SQUARE_OFF_INTRADAY:
                r.result = squareOff(def.userId(), def.id(), f.fireNumber, true);
                break;
            default:
                r.result = ActionResult.RULE_EFFECT;
                break;
        }
        monitorLog.onRecord(r);
        r.fire = null;
    }

    private byte place(final RuleDefinition def, final ActionSpec a, final int fireNumber) {
        long qty = a.quantity();
        Position p = null;
        if (a.reduceOnly()) {
            p = positions.position(def.userId(), a.instrumentId(), a.product());
            qty = Math.min(qty, exitable(p, a.side()));
            if (qty <= 0) {
                return ActionResult.SKIPPED_FLAT;
            }
        }
        final byte check = risk.checkOrder(def.userId(), a.reduceOnly(), false, nowMs);
        if (check != RiskGuard.OK) {
            return refused(check);
        }
        final OrderIntent i = intent;
        i.action = OrderIntent.PLACE;
        i.intentId = IntentIds.intentId(def.id(), fireNumber, 0);
        i.userId = def.userId();
        i.ruleId = def.id();
        i.fireNumber = fireNumber;
        i.instrumentId = a.instrumentId();
        i.side = a.side();
        i.quantity = qty;
        i.orderType = a.orderType();
        i.product = a.product();
        i.validity = a.validity();
        i.price = Math.max(0, a.price());
        i.triggerPrice = Math.max(0, a.triggerPrice());
        i.exit = a.reduceOnly();
        i.brokerOrderIdLength = 0;
        send(i, p);
        return ActionResult.SENT;
    }

    private byte modifyOrCancel(final RuleDefinition def, final ActionSpec a, final int fireNumber) {
        final boolean cancel = a.type() == ActionSpec.CANCEL_ORDER;
        final byte check = risk.checkOrder(def.userId(), true, cancel, nowMs);
        if (check != RiskGuard.OK) {
            return refused(check);
        }
        final OrderIntent i = intent;
        i.action = cancel ? OrderIntent.CANCEL : OrderIntent.MODIFY;
        i.intentId = IntentIds.intentId(def.id(), fireNumber, 0);
        i.userId = def.userId();
        i.ruleId = def.id();
        i.fireNumber = fireNumber;
        i.instrumentId = def.instrumentId();
        i.side = 0;
        i.quantity = a.quantity();
        i.orderType = a.orderType();
        i.product = 0;
        i.validity = 0;
        i.price = a.price();
        i.triggerPrice = a.triggerPrice();
        i.exit = false;
        final String orderId = a.orderId();
        final int n = orderId.length();
        for (int k = 0; k < n; k++) {
            i.brokerOrderId[k] = (byte) orderId.charAt(k);
        }
        i.brokerOrderIdLength = n;
        send(i, null);
        return ActionResult.SENT;
    }

    /** Market exits for the user's open positions (intraday only, or all): one intent per position, legs 0, 1, … */
    private byte squareOff(final int userId, final long ruleId, final int fireNumber, final boolean intradayOnly) {
        final Position[] list = positions.positionsOf(userId);
        byte result = ActionResult.SKIPPED_FLAT;
        if (list == null) {
            return result;
        }
        int leg = 0;
        for (Position p : list) {
            if (intradayOnly && p.product != OrderCodes.PRODUCT_I) {
                continue;
            }
            final byte side = p.netQuantity() > 0 ? OrderCodes.SIDE_SELL : OrderCodes.SIDE_BUY;
            final long qty = exitable(p, side);
            if (qty <= 0) {
                continue;
            }
            final byte check = risk.checkOrder(userId, true, false, nowMs);
            if (check != RiskGuard.OK) {
                return refused(check);
            }
            final OrderIntent i = intent;
            i.action = OrderIntent.PLACE;
            i.intentId = ruleId > 0 ? IntentIds.intentId(ruleId, fireNumber, leg++) : IntentIds.riskIntentId(userId, nextRiskSequence(userId));
            i.userId = userId;
            i.ruleId = ruleId;
            i.fireNumber = fireNumber;
            i.instrumentId = p.instrumentId;
            i.side = side;
            i.quantity = qty;
            i.orderType = OrderCodes.TYPE_MARKET;
            i.product = p.product;
            i.validity = OrderCodes.VALIDITY_DAY;
            i.price = 0;
            i.triggerPrice = 0;
            i.exit = true;
            i.brokerOrderIdLength = 0;
            send(i, p);
            result = ActionResult.SENT;
        }
        return result;
    }

    private int nextRiskSequence(final int userId) {
        final int s = riskSequence.get(userId) + 1;
        riskSequence.put(userId, s);
        return s;
    }

    private void send(final OrderIntent i, final Position reserveOn) {
        i.tagLength = IntentIds.writeTag(i.intentId, i.tag);
        i.eventTimeEpochMs = nowMs;
        if (reserveOn != null && i.exit) {
            positions.reserveExit(reserveOn, i.quantity);
            reservedByIntent.put(i.intentId, i.quantity);
            reservedPosition.put(i.intentId, reserveOn);
        }
        if (record.intentCount++ == 0) {
            record.firstIntentId = i.intentId;
        }
        record.sentQuantity += i.quantity;
        outbox.offer(i);
    }

    /** How much of {@code p} an order on {@code side} may still close. */
    private static long exitable(final Position p, final byte side) {
        if (p == null) {
            return 0;
        }
        final long net = p.netQuantity();
        final boolean reduces = (side == OrderCodes.SIDE_SELL && net > 0) || (side == OrderCodes.SIDE_BUY && net < 0);
        return reduces ? Math.abs(net) - p.reservedExit() : 0;
    }

    private static byte refused(final byte riskCode) {
        switch (riskCode) {
            case RiskGuard.REFUSED_HALTED: return ActionResult.REFUSED_HALTED;
            case RiskGuard.REFUSED_RATE_LIMIT: return ActionResult.REFUSED_RATE_LIMIT;
            default: return ActionResult.REFUSED_KILL_SWITCH;
        }
    }

    /** Order updates: fills into positions, exit reservations released as exits fill or end. Call before the rules see the update. */
    public void onOrderUpdate(final InputEvent e) {
        if (nowMs == 0) {
            nowMs = e.eventTimeEpochMs;
        }
        final long key = orderKey(e);
        final long filledBefore = Math.max(0, filledByOrder.get(key));
        final long delta = e.filledQuantity - filledBefore;
        if (delta > 0 && e.instrumentId >= 0) {
            final long notional = e.averagePrice * e.filledQuantity;
            final long price = (notional - Math.max(0, notionalByOrder.get(key))) / delta;
            filledByOrder.put(key, e.filledQuantity);
            notionalByOrder.put(key, notional);
            positions.onFill(e.userId, e.instrumentId, e.product, e.side, delta, price);
            if (fillHandler != null) {
                fillHandler.onFill(e.intentId, e.userId, e.instrumentId, e.product, e.side, delta, price, e.brokerOrderId,
                    e.brokerOrderIdLength, e.eventTimeEpochMs);
            }
            final long reserved = reservedByIntent.get(e.intentId);
            if (e.intentId != 0 && reserved > 0) {
                final long release = Math.min(reserved, delta);
                positions.releaseExit(reservedPosition.get(e.intentId), release);
                reservedByIntent.put(e.intentId, reserved - release);
            }
            checkRisk(e.userId);
        }
        if (OrderStatus.isFinal(e.orderStatus)) {
            final long reserved = reservedByIntent.get(e.intentId);
            if (e.intentId != 0 && reservedPosition.containsKey(e.intentId)) {
                if (reserved > 0) {
                    positions.releaseExit(reservedPosition.get(e.intentId), reserved);
                }
                reservedByIntent.remove(e.intentId);
                reservedPosition.remove(e.intentId);
            }
            filledByOrder.remove(key);
            notionalByOrder.remove(key);
        }
    }

    /** Marks positions of the tick's instrument and checks their users' daily loss limits. */
    public void onMarketTick(final InputEvent e) {
        nowMs = Math.max(nowMs, e.eventTimeEpochMs);
        if (e.ltp <= 0) {
            return;
        }
        final Position[] list = positions.mark(e.instrumentId, e.ltp);
        if (list != null) {
            for (Position p : list) {
                if (p.netQuantity() != 0) {
                    checkRisk(p.userId);
                }
            }
        }
    }

    private void checkRisk(final int userId) {
        if (risk.onPnl(userId, positions.totalPnl(userId), nowMs) && risk.limits(userId).flattenOnHalt()) {
            record.intentCount = 0;
            record.sentQuantity = 0;
            squareOff(userId, 0, 0, false);
        }
    }

    private static long orderKey(final InputEvent e) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < e.brokerOrderIdLength; i++) {
            h ^= e.brokerOrderId[i];
            h *= 0x100000001b3L;
        }
        return h;
    }

    public long nowEpochMs() {
        return nowMs;
    }
}
