package io.kavach.engine.action;

import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.rule.RuleRejectedException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A TradeMonitor with a recording outbox and monitor log, for tests. */
final class TradeMonitorFixture {
    static final String A = "NSE_EQ|INE002A01018";
    static final String B = "NSE_EQ|INE467B01029";

    record Logged(long ruleId, int fireNumber, byte result, int intents, long sent, long triggerPrice, long ltp) {
    }

    final InstrumentRegistry registry = new InstrumentRegistry();
    final int a = registry.register(A);
    final int b = registry.register(B);
    final List<OrderIntent> intents = new ArrayList<>();
    final List<Logged> log = new ArrayList<>();
    final TradeMonitor monitor;
    final InputEvent event = new InputEvent();

    TradeMonitorFixture(final RiskLimits limits) {
        monitor = new TradeMonitor(registry, Map.of(), MarketCalendar.nseDefault(), (n, p) -> {
            throw new IllegalArgumentException("no indicators here");
        }, limits, RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, i -> {
            final OrderIntent copy = new OrderIntent();
            copy.copyFrom(i);
            intents.add(copy);
        }, r -> log.add(new Logged(r.ruleId, r.fireNumber, r.result, r.intentCount, r.sentQuantity, r.fire.triggerPrice, r.fire.ltp)));
    }

    void rules(final String json) {
        try {
            monitor.addRules(json);
        } catch (RuleRejectedException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    void tick(final int instrument, final double ltp, final long timeMs) {
        final InputEvent e = event;
        e.kind = EventKind.MARKET_TICK;
        e.clearTick();
        e.instrumentId = instrument;
        e.eventTimeEpochMs = timeMs;
        e.ltp = Prices.toFixed(ltp);
        monitor.onEvent(e);
    }

    /** A complete fill of a whole order (manual when intentId is 0). */
    void fill(final long intentId, final String orderId, final int user, final int instrument, final byte product, final byte side,
              final long qty, final double price, final long timeMs) {
        update(intentId, orderId, user, instrument, product, side, qty, qty, price, io.kavach.order.OrderStatus.COMPLETE, timeMs);
    }

    void update(final long intentId, final String orderId, final int user, final int instrument, final byte product, final byte side,
                final long qty, final long filled, final double avg, final byte status, final long timeMs) {
        final InputEvent e = event;
        e.kind = EventKind.ORDER_UPDATE;
        e.eventTimeEpochMs = timeMs;
        e.userId = user;
        e.instrumentId = instrument;
        e.intentId = intentId;
        final byte[] id = orderId.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, e.brokerOrderId, 0, id.length);
        e.brokerOrderIdLength = id.length;
        e.product = product;
        e.side = side;
        e.quantity = qty;
        e.filledQuantity = filled;
        e.averagePrice = Prices.toFixed(avg);
        e.orderStatus = status;
        monitor.onEvent(e);
    }

    static String rule(final long id, final String instrument, final String condition, final double level, final String side,
                       final long qty, final String extraRule, final String extraAction) {
        return "{\"id\":" + id + ",\"user_id\":1,\"instrument_token\":\"" + instrument + "\"" + (extraRule == null ? "" : "," + extraRule)
            + ",\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"" + condition + "\",\"price\":" + level + "},"
            + "\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"" + side + "\",\"quantity\":" + qty
            + ",\"order_type\":\"MARKET\",\"product\":\"I\"" + (extraAction == null ? "" : "," + extraAction) + "}}";
    }
}
