package io.kavach.engine.action;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static io.kavach.engine.rule.RuleFixtureTime.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A bracket order end to end through a real ring: entry, fill from the paper broker, order_status enabling an OCO stop/target. */
class PaperBracketTest {
    private static final String KEY = "NSE_EQ|INE002A01018";

    record Fill(long intentId, byte side, long filled, long average) {
    }

    @Test
    void shouldRunABracketThroughTheRingWithPaperFills() throws Exception {
        final InstrumentRegistry registry = new InstrumentRegistry();
        final int ins = registry.register(KEY);
        final List<Long> fires = new ArrayList<>();
        final List<Fill> fills = new ArrayList<>();
        final PaperExchange[] exchange = new PaperExchange[1];
        final TradeMonitor monitor = new TradeMonitor(registry, Map.of(), MarketCalendar.nseDefault(), (n, p) -> null,
            RiskLimits.DEFAULT, RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, i -> exchange[0].offer(i), r -> fires.add(r.ruleId));
        monitor.addRules("""
            [{"id":1,"user_id":1,"instrument_token":"NSE_EQ|INE002A01018","max_fires":1,"trigger_type":"price",
              "trigger_config":{"condition":"crosses_above","price":100},
              "action_type":"place_order","action_config":{"transaction_type":"BUY","quantity":10,"order_type":"MARKET"}},
             {"id":2,"user_id":1,"max_fires":1,"trigger_type":"order_status","trigger_config":{"rule_id":1,"status":"complete"},
              "action_type":"enable_rule","action_config":{"rule_id":3,"also_enable_rules":[4]}},
             {"id":3,"user_id":1,"instrument_token":"NSE_EQ|INE002A01018","enabled":false,"max_fires":1,"trigger_type":"price",
              "trigger_config":{"condition":"lte","price":95},
              "action_type":"place_order","action_config":{"transaction_type":"SELL","quantity":10,"order_type":"MARKET",
                                                           "reduce_only":true,"also_cancel_rules":[4]}},
             {"id":4,"user_id":1,"instrument_token":"NSE_EQ|INE002A01018","enabled":false,"max_fires":1,"trigger_type":"price",
              "trigger_config":{"condition":"gte","price":110},
              "action_type":"place_order","action_config":{"transaction_type":"SELL","quantity":10,"order_type":"MARKET",
                                                           "reduce_only":true,"also_cancel_rules":[3]}}]
            """);
        final Disruptor<InputEvent> disruptor = new Disruptor<>(InputEvent::new, 1024, Executors.defaultThreadFactory(),
            ProducerType.SINGLE, new BlockingWaitStrategy());
        disruptor.handleEventsWith((e, seq, end) -> {
            if (e.kind == EventKind.ORDER_UPDATE && e.orderStatus == OrderStatus.COMPLETE) {
                fills.add(new Fill(e.intentId, e.side, e.filledQuantity, e.averagePrice));
            }
            monitor.onEvent(e);
        });
        final InputPublisher publisher = new InputPublisher(disruptor.start(), 0);
        exchange[0] = new PaperExchange(publisher, monitor::handledSequence, PaperExchange.QUEUE_CAPACITY_DEFAULT);

        final double[] prices = {99, 101, 102, 96, 94, 93, 120, 121};
        for (int i = 0; i < prices.length; i++) {
            final long t = at("09:20:00") + i * 15_000L;
            final long px = Prices.toFixed(prices[i]);
            publisher.publishTrade(ins, t, px, 1, 0, 0);
            exchange[0].onTick(ins, px, 0, 0, t);
            exchange[0].settle(t);
        }
        disruptor.shutdown();

        assertEquals(List.of(1L, 2L, 3L), fires);
        assertEquals(List.of(new Fill(1L << 28 | 1 << 8, OrderCodes.SIDE_BUY, 10, Prices.toFixed(102)),
            new Fill(3L << 28 | 1 << 8, OrderCodes.SIDE_SELL, 10, Prices.toFixed(93))), fills);
        assertEquals(0, monitor.positions().netQuantity(1, ins, OrderCodes.PRODUCT_I));
        assertEquals(Prices.toFixed(-90), monitor.positions().totalPnl(1));
        assertEquals(0, exchange[0].overflows());
    }
}
