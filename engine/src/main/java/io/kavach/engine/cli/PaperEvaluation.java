package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentMaster;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.action.ActionResult;
import io.kavach.engine.action.MonitorLogSink;
import io.kavach.engine.action.MonitorRecord;
import io.kavach.engine.action.OrderIntent;
import io.kavach.engine.action.OrderOutbox;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.event.TimerType;
import io.kavach.engine.indicator.Indicators;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.rule.RuleParser;
import io.kavach.engine.rule.RuleRejectedException;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;
import io.kavach.store.rule.RuleRow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * A throw-away paper engine for {@code simulate} and {@code dry-run}: the store's active rules in the
 * engine's own {@link TradeMonitor} (same parser, evaluator, positions and risk checks), fed
 * synthetic events; it records what fires and the intents that would go out, and sends nothing.
 *
 * <p>Threading: the command's thread only.
 */
final class PaperEvaluation implements OrderOutbox, MonitorLogSink {
    private final InstrumentRegistry registry;
    private final TradeMonitor monitor;
    private final Map<Long, RuleRow> rows = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final ArrayNode fires = RuleJson.array();
    private final InputEvent event = new InputEvent();
    /** Intents a fire sends are offered before its monitor record arrives: held until then. */
    private final List<ObjectNode> pendingIntents = new ArrayList<>();
    private boolean recording;
    private long sequence;
    private int syntheticOrders;
    private int loaded;

    /**
     * Loads the rules the engine would hold now — not deleted, not spent, not expired; enabled or
     * disabled (a fire may enable one) — in one step, so rules naming each other load together. A
     * rule the engine would refuse is reported in {@link #skipped()} and left out.
     */
    PaperEvaluation(final InstrumentMaster master, final List<RuleRow> storedRules, final long nowEpochMs) {
        this.registry = RuleValidation.registry(master);
        final Map<String, String> symbols = master.symbolToKey();
        this.monitor = new TradeMonitor(registry, symbols, MarketCalendar.nseDefault(), Indicators::create,
            RiskLimits.DEFAULT, RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, this, this);
        advanceTo(nowEpochMs - 1); // engine time first, so time rules due earlier do not "catch up" here
        final Instant now = Instant.ofEpochMilli(nowEpochMs);
        final Set<Long> held = new HashSet<>();
        for (final RuleRow r : storedRules) {
            if (!r.deleted() && (r.maxFires() == null || r.fireCount() < r.maxFires())
                && (r.expiresAt() == null || r.expiresAt().toInstant().isAfter(now))) {
                held.add(r.id());
                rows.put(r.id(), r);
            }
        }
        final RuleParser checker = new RuleParser(registry, symbols, Indicators::create);
        final ArrayNode loadable = RuleJson.array();
        for (final RuleRow r : rows.values()) {
            try {
                checker.parse(r.toJson(), nowEpochMs, held::contains);
                loadable.add(r.toJsonNode());
            } catch (final RuleRejectedException e) {
                skipped.add("rule " + r.id() + " (" + r.name() + ") not loaded: " + String.join("; ", e.problems()));
            }
        }
        try {
            monitor.addRules(RulePrinter.write(loadable), nowEpochMs);
            loaded = loadable.size();
        } catch (final RuleRejectedException e) {
            skipped.add("no rule loaded (one names a rule that could not be loaded): " + String.join("; ", e.problems()));
        }
    }

    /** Rules loaded into the paper engine. */
    int loaded() {
        return loaded;
    }

    int instrumentId(final String key) {
        return registry.find(key);
    }

    /** A position the user holds (a fill of {@code signedQuantity} at {@code averagePrice}); records nothing. */
    void position(final int userId, final int instrumentId, final byte product, final long signedQuantity, final long averagePrice,
                  final long timeEpochMs) {
        final InputEvent e = next(EventKind.ORDER_UPDATE, timeEpochMs);
        e.userId = userId;
        e.instrumentId = instrumentId;
        e.product = product;
        e.side = signedQuantity >= 0 ? OrderCodes.SIDE_BUY : OrderCodes.SIDE_SELL;
        e.quantity = Math.abs(signedQuantity);
        e.filledQuantity = Math.abs(signedQuantity);
        e.averagePrice = averagePrice;
        e.orderStatus = OrderStatus.COMPLETE;
        e.intentId = 0;
        final byte[] id = ("paper-position-" + (++syntheticOrders)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, e.brokerOrderId, 0, id.length);
        e.brokerOrderIdLength = id.length;
        recording = false;
        monitor.onEvent(e);
    }

    /** A last-traded-price tick; with {@code record}, what it fires is kept for the report. */
    void tick(final int instrumentId, final long price, final long timeEpochMs, final boolean record) {
        final InputEvent e = next(EventKind.MARKET_TICK, timeEpochMs);
        e.clearTick();
        e.instrumentId = instrumentId;
        e.ltp = price;
        e.lttEpochMs = timeEpochMs;
        recording = record;
        monitor.onEvent(e);
        recording = false;
    }

    private void advanceTo(final long timeEpochMs) {
        final InputEvent e = next(EventKind.TIMER, timeEpochMs);
        e.timerType = TimerType.CLOCK;
        monitor.onEvent(e);
    }

    private InputEvent next(final byte kind, final long timeEpochMs) {
        event.sequence = ++sequence;
        event.kind = kind;
        event.eventTimeEpochMs = timeEpochMs;
        return event;
    }

    @Override
    public void onRecord(final MonitorRecord r) {
        if (!recording) {
            pendingIntents.clear();
            return;
        }
        final RuleRow row = rows.get(r.ruleId);
        final ObjectNode f = fires.addObject();
        f.put("rule_id", r.ruleId);
        f.put("name", row == null ? null : row.name());
        f.put("fire_number", r.fireNumber);
        f.put("trigger_type", r.fire.triggerType());
        f.put("instrument", r.fire.instrumentId >= 0 ? registry.keyOf(r.fire.instrumentId) : null);
        if (r.fire.triggerPrice > 0) {
            f.put("price", Prices.toDouble(r.fire.triggerPrice));
        } else {
            f.putNull("price");
        }
        f.put("action_type", r.fire.definition.actionType());
        f.put("result", ActionResult.name(r.result));
        f.putArray("intents").addAll(pendingIntents);
        pendingIntents.clear();
    }

    @Override
    public void offer(final OrderIntent intent) {
        if (!recording) {
            return;
        }
        final ObjectNode i = RuleJson.object();
        pendingIntents.add(i);
        i.put("action", OrderIntent.actionName(intent.action));
        i.put("tag", intent.tagString());
        i.put("instrument", intent.instrumentId >= 0 ? registry.keyOf(intent.instrumentId) : null);
        i.put("side", OrderCodes.sideWire(intent.side));
        i.put("quantity", intent.quantity);
        i.put("order_type", OrderCodes.typeWire(intent.orderType));
        if (intent.price > 0) {
            i.put("price", Prices.toDouble(intent.price));
        }
        if (intent.triggerPrice > 0) {
            i.put("trigger_price", Prices.toDouble(intent.triggerPrice));
        }
        i.put("exit", intent.exit);
    }

    ArrayNode fires() {
        return fires;
    }

    List<String> skipped() {
        return skipped;
    }
}
