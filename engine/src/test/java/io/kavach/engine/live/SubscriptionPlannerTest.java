package io.kavach.engine.live;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.rule.RuleCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.kavach.engine.live.LiveSimRig.RELIANCE;
import static io.kavach.engine.live.LiveSimRig.TCS;
import static io.kavach.engine.live.LiveSimRig.priceRule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionPlannerTest {
    private static final String INFY = "NSE_EQ|INE009A01021";
    private static final String NIFTY = "NSE_INDEX|Nifty 50";

    private final InstrumentRegistry instruments = new InstrumentRegistry();
    private final List<String> sent = new ArrayList<>();
    private final List<String> alerts = new ArrayList<>();
    private final SubscriptionPlanner.Sink sink = new SubscriptionPlanner.Sink() {
        @Override
        public void subscribe(final int connection, final Collection<String> keys, final String mode) {
            sent.add("c" + connection + " sub " + mode + " " + keys);
        }

        @Override
        public void unsubscribe(final int connection, final Collection<String> keys) {
            sent.add("c" + connection + " unsub " + keys);
        }
    };
    private final LiveAlerts recorder = new LiveAlerts() {
        @Override
        public void warn(final String message) {
            alerts.add(message);
        }

        @Override
        public void alert(final String message) {
            alerts.add(message);
        }
    };

    @BeforeEach
    void register() {
        for (String key : List.of(RELIANCE, TCS, INFY, NIFTY)) {
            instruments.register(key);
        }
    }

    private SubscriptionPlanner planner(final SubscriptionLimits limits, final Map<String, String> pinned) {
        return new SubscriptionPlanner(instruments, Map.of(), limits, pinned, sink, recorder);
    }

    private static String add(final SubscriptionPlanner p, final String json) {
        final String refusal = p.checkAdd(json);
        return refusal != null ? refusal : p.onRuleCommand(RuleCommand.ADD, 0, json);
    }

    @Test
    void shouldSubscribeFullOnlyForBidAskOrDayOhlcReferences() {
        final SubscriptionPlanner p = planner(SubscriptionLimits.UPSTOX_DEFAULT, Map.of());
        assertNull(add(p, "[" + priceRule(1, "a", RELIANCE, "lte", 2400, "ltp") + "," + priceRule(2, "b", TCS, "gte", 3400, "bid") + ","
            + priceRule(3, "c", INFY, "gte", 1600, "high") + "]"));
        assertEquals(Map.of(RELIANCE, "ltpc", TCS, "full", INFY, "full"), p.subscribed());
    }

    @Test
    void shouldFollowTrailingCompoundAndTimeRules() {
        final SubscriptionPlanner p = planner(SubscriptionLimits.UPSTOX_DEFAULT, Map.of());
        final String trailing = "{\"id\":1,\"user_id\":1,\"instrument_token\":\"" + TCS + "\",\"trigger_type\":\"trailing_stop\","
            + "\"trigger_config\":{\"side\":\"long\",\"trail\":\"points\",\"distance\":20,\"reference\":\"ask\"},"
            + "\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"SELL\",\"quantity\":1,\"order_type\":\"MARKET\"}}";
        final String timeExit = "{\"id\":2,\"user_id\":1,\"instrument_token\":\"" + INFY + "\",\"trigger_type\":\"time\","
            + "\"trigger_config\":{\"at\":\"15:15\"},\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"SELL\","
            + "\"quantity\":1,\"order_type\":\"MARKET\"}}";
        assertNull(add(p, "[" + trailing + "," + timeExit + "]"));
        assertEquals(Map.of(TCS, "full", INFY, "ltpc"), p.subscribed(), "a time exit still needs its instrument's last price");
    }

    @Test
    void shouldSubscribeAnInstrumentOnceAndKeepItWhileAnyRuleReadsIt() {
        final SubscriptionPlanner p = planner(SubscriptionLimits.UPSTOX_DEFAULT, Map.of());
        add(p, priceRule(1, "user 1", RELIANCE, "lte", 2400, "ltp"));
        add(p, priceRule(2, "user 2", RELIANCE, "lte", 2300, "ltp").replace("\"user_id\":1", "\"user_id\":2"));
        add(p, priceRule(3, "ask", RELIANCE, "gte", 2600, "ask"));
        p.onRuleCommand(RuleCommand.DELETE, 3, null);
        p.onRuleCommand(RuleCommand.DELETE, 1, null);
        p.onRuleCommand(RuleCommand.DISABLE, 2, null); // a disabled rule may be enabled by another rule's action: keeps its data
        assertEquals(List.of("c0 sub ltpc [" + RELIANCE + "]", "c0 sub full [" + RELIANCE + "]", "c0 sub ltpc [" + RELIANCE + "]"), sent);
        p.onRuleCommand(RuleCommand.DELETE, 2, null);
        assertEquals("c0 unsub [" + RELIANCE + "]", sent.get(sent.size() - 1));
        assertEquals(Map.of(), p.subscribed());
    }

    @Test
    void shouldNeverUnsubscribePinnedInstruments() {
        final SubscriptionPlanner p = planner(SubscriptionLimits.UPSTOX_DEFAULT, Map.of(NIFTY, "ltpc"));
        add(p, priceRule(1, "nifty high", NIFTY, "gte", 18200, "high"));
        p.onRuleCommand(RuleCommand.DELETE, 1, null);
        assertEquals(List.of("c0 sub full [" + NIFTY + "]", "c0 sub ltpc [" + NIFTY + "]"), sent);
        assertEquals(Map.of(NIFTY, "ltpc"), p.subscribed());
    }

    @Test
    void shouldRefuseRulesBeyondTheLimitsNamingTheRuleAndInstrument() {
        final SubscriptionPlanner p = planner(new SubscriptionLimits(2, 1, 1, 1, 1), Map.of());
        assertNull(add(p, priceRule(1, "a", RELIANCE, "lte", 2400, "ltp")));
        assertNull(add(p, priceRule(2, "b", TCS, "lte", 3000, "ltp")));
        final String refusal = add(p, priceRule(3, "infy stop", INFY, "lte", 1400, "ltp"));
        assertNotNull(refusal);
        assertTrue(refusal.contains("rule 3 (infy stop) needs " + INFY + " in ltpc") && refusal.contains("3 of 2"), refusal);
        final String mixed = add(p, priceRule(4, "infy bid", INFY, "gte", 1600, "bid"));
        assertNotNull(mixed, "a full beside two ltpc exceeds 1 ltpc when modes mix");
        assertTrue(mixed.contains("rule 4 (infy bid) needs " + INFY + " in full") && mixed.contains("mixing modes"), mixed);
        assertEquals(Map.of(RELIANCE, "ltpc", TCS, "ltpc"), p.subscribed(), "nothing changed by refused rules");
        assertEquals(2, sent.size());
        assertEquals(2, p.refusals());
    }

    @Test
    void shouldAlertWhenAnUncheckedAddDoesNotFit() {
        final SubscriptionPlanner p = planner(new SubscriptionLimits(1, 1, 1, 1, 1), Map.of(RELIANCE, "ltpc"));
        final String alert = p.onRuleCommand(RuleCommand.ADD, 0, priceRule(1, "tcs", TCS, "lte", 3000, "ltp"));
        assertNotNull(alert);
        assertEquals(List.of(alert), alerts);
        assertEquals(Map.of(RELIANCE, "ltpc"), p.subscribed());
    }

    @Test
    void shouldLeaveSubscriptionsAloneForRulesTheParserRefuses() {
        final SubscriptionPlanner p = planner(SubscriptionLimits.UPSTOX_DEFAULT, Map.of());
        assertNull(add(p, priceRule(1, "unknown", "NSE_EQ|NOPE", "lte", 10, "ltp")));
        assertNull(add(p, "{not json"));
        assertEquals(Map.of(), p.subscribed());
        assertTrue(sent.isEmpty());
    }

    @Test
    void shouldOpenTheNextConnectionOnlyWhenTheFirstIsFullAndSubscribeEachInstrumentOnce() {
        final SubscriptionPlanner p = planner(new SubscriptionLimits(2, 1, 1, 1, 2), Map.of());
        assertNull(add(p, priceRule(1, "a", RELIANCE, "lte", 2400, "ltp")));
        assertNull(add(p, priceRule(2, "b", TCS, "lte", 3000, "ltp")));
        assertNull(add(p, priceRule(3, "c", INFY, "lte", 1400, "ltp")));
        assertNull(add(p, priceRule(4, "d", INFY, "lte", 1300, "ltp")));
        assertEquals(List.of("c0 sub ltpc [" + RELIANCE + "]", "c0 sub ltpc [" + TCS + "]", "c1 sub ltpc [" + INFY + "]"), sent);
        assertEquals(Map.of(RELIANCE, 0, TCS, 0, INFY, 1), p.connections());

        p.onRuleCommand(RuleCommand.DELETE, 1, null);
        assertEquals("c0 unsub [" + RELIANCE + "]", sent.get(sent.size() - 1));
        assertNull(add(p, priceRule(5, "e", NIFTY, "gte", 18000, "ltp")));
        assertEquals("c0 sub ltpc [" + NIFTY + "]", sent.get(sent.size() - 1), "the freed room on the first connection is used again");
        assertEquals(Map.of(NIFTY, 0, TCS, 0, INFY, 1), p.connections());
    }

    @Test
    void shouldChangeModeWhereTheInstrumentIsWhileThereIsRoomElseMoveIt() {
        // ltpc and full may not mix on one connection here, so RELIANCE's upgrade to full cannot stay beside TCS
        final SubscriptionPlanner p = planner(new SubscriptionLimits(2, 0, 1, 0, 2), Map.of());
        assertNull(add(p, "[" + priceRule(1, "a", RELIANCE, "lte", 2400, "ltp") + "," + priceRule(2, "b", TCS, "lte", 3000, "ltp") + "]"));
        sent.clear();
        assertNull(add(p, priceRule(3, "ask", RELIANCE, "gte", 2600, "ask")));
        assertEquals(List.of("c0 unsub [" + RELIANCE + "]", "c1 sub full [" + RELIANCE + "]"), sent, "unsub first, then sub where there is room");
        assertEquals(Map.of(RELIANCE, 1, TCS, 0), p.connections());

        sent.clear();
        p.onRuleCommand(RuleCommand.DELETE, 3, null);
        assertEquals(List.of("c1 sub ltpc [" + RELIANCE + "]"), sent, "back to ltpc in place: a change_mode, no move");
        assertEquals(Map.of(RELIANCE, 1, TCS, 0), p.connections());
    }

    @Test
    void shouldRefuseWhatFitsNoneOfTheAllowedConnections() {
        final SubscriptionPlanner p = planner(new SubscriptionLimits(1, 1, 1, 1, 2), Map.of());
        assertNull(add(p, priceRule(1, "a", RELIANCE, "lte", 2400, "ltp")));
        assertNull(add(p, priceRule(2, "b", TCS, "lte", 3000, "ltp")));
        final String refusal = add(p, priceRule(3, "infy stop", INFY, "lte", 1400, "ltp"));
        assertNotNull(refusal);
        assertTrue(refusal.contains("fits none of the 2 connections allowed") && refusal.contains("connection 2: ltpc subscriptions would be 2 of 1")
            && refusal.contains("rule 3 (infy stop) needs " + INFY + " in ltpc"), refusal);
        assertEquals(Map.of(RELIANCE, 0, TCS, 1), p.connections(), "nothing moved by a refused rule");
        assertEquals(2, sent.size());
    }

    @Test
    void shouldKeepTheStrongerModeWhenTheWeakerOneWouldNotFitBesideTheOthers() {
        // 1 ltpc at most when modes mix: RELIANCE back to ltpc beside TCS (ltpc) and INFY (full) would be 2
        final SubscriptionPlanner p = planner(new SubscriptionLimits(5, 1, 5, 2, 1), Map.of());
        assertNull(add(p, "[" + priceRule(1, "a", RELIANCE, "lte", 2400, "ltp") + "," + priceRule(2, "b", RELIANCE, "gte", 2600, "bid") + ","
            + priceRule(3, "c", TCS, "lte", 3000, "ltp") + "," + priceRule(4, "d", INFY, "gte", 1600, "bid") + "]"));
        sent.clear();
        assertNull(p.onRuleCommand(RuleCommand.DELETE, 2, null));
        assertEquals(Map.of(RELIANCE, "full", TCS, "ltpc", INFY, "full"), p.subscribed(), "full carries the last price too");
        assertTrue(sent.isEmpty(), sent.toString());
        assertEquals(0, p.refusals());
        p.onRuleCommand(RuleCommand.DELETE, 4, null);
        assertEquals(Map.of(RELIANCE, "ltpc", TCS, "ltpc"), p.subscribed(), "once ltpc fits alone, RELIANCE drops to it");
    }
}
