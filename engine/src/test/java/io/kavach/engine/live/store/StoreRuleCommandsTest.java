package io.kavach.engine.live.store;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.indicator.Indicators;
import io.kavach.engine.rule.RuleCommand;
import io.kavach.engine.rule.RuleParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which commands the store's rules become, given what the engine already holds. */
class StoreRuleCommandsTest {
    private static final String NIFTY = "NSE_INDEX|Nifty 50";
    private static final long NOW_MS = java.time.OffsetDateTime.parse("2023-01-02T10:00:00+05:30").toInstant().toEpochMilli();

    private final List<String> sent = new ArrayList<>();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final StoreRuleCommands commands;

    StoreRuleCommandsTest() {
        final InstrumentRegistry instruments = new InstrumentRegistry();
        instruments.register(NIFTY);
        commands = new StoreRuleCommands(new StoreRuleCommands.CommandSink() {
            @Override
            public void add(final int userId, final String rulesJson) {
                final List<Long> ids = new ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(rulesJson);
                while (m.find()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
                sent.add("ADD " + ids + (rulesJson.contains("\"enabled\":false") ? " (some disabled)" : ""));
            }

            @Override
            public void change(final int userId, final byte command, final long ruleId) {
                sent.add((command == RuleCommand.ENABLE ? "ENABLE " : command == RuleCommand.DISABLE ? "DISABLE " : "DELETE ") + ruleId);
            }
        }, new RuleParser(instruments, Map.of("NIFTY", NIFTY), Indicators::create), () -> NOW_MS,
            new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldSendNothingForWhatTheEngineHoldsAndOnlyEnableOrDisableWhenThatIsAllThatChanged() {
        commands.holdAdded("[" + rule(1, 18000, true, 0, "null", "") + "]");
        deliver(rule(1, 18000, true, 1, "null", "")); // the writer recorded a fire: bookkeeping, not a change
        assertEquals(List.of(), sent);
        deliver(rule(1, 18000, false, 1, "null", ""));
        assertEquals(List.of("DISABLE 1"), sent);
        deliver(rule(1, 17900, false, 1, "null", "")); // a new definition replaces the rule
        assertEquals(List.of("DISABLE 1", "ADD [1] (some disabled)"), sent);
        commands.onRuleDeleted(1, 1, 9);
        commands.onRuleDeleted(77, 1, 9); // never held: nothing to stop
        commands.onChangesDelivered();
        assertEquals(List.of("DISABLE 1", "ADD [1] (some disabled)", "DELETE 1"), sent);
    }

    @Test
    void shouldLoadAnOcoPairInOneCommandAndAnUnrelatedRuleInItsOwn() {
        deliver(rule(10, 18000, true, 0, "1", ", \"also_cancel_rules\": [11]"), rule(11, 18500, true, 0, "1", ", \"also_cancel_rules\": [10]"),
            rule(12, 17000, true, 0, "1", ""));
        assertEquals(List.of("ADD [10, 11]", "ADD [12]"), sent);
        assertEquals(3, commands.added());
    }

    @Test
    void shouldSkipSpentExpiredAndCancelledRulesAndArmTheExitsAFiredEntryEnabled() {
        final String expired = rule(23, 17000, true, 0, "1", "").replace("\"expires_at\": null", "\"expires_at\": \"2023-01-02T09:30:00+05:30\"");
        deliver(rule(20, 18000, true, 1, "1", ", \"also_enable_rules\": [21, 22]"), // the entry filled yesterday: spent
            rule(21, 17800, false, 0, "1", ", \"also_cancel_rules\": [22]"), rule(22, 18400, false, 0, "1", ", \"also_cancel_rules\": [21]"),
            expired);
        assertEquals(List.of("ADD [21, 22]"), sent, errText());
        final String err = errText();
        assertTrue(err.contains("store rule 20 not loaded: spent (fired 1 of 1 times)"), err);
        assertTrue(err.contains("store rule 23 not loaded: expired at 2023-01-02T09:30:00+05:30"), err);
        assertTrue(err.contains("store rule 21 loaded enabled: rule 20 enabled it when it fired"), err);
    }

    @Test
    void shouldNotLoadTheLegOfAnOcoPairWhosePartnerFired() {
        deliver(rule(30, 17800, true, 1, "1", ", \"also_cancel_rules\": [31]"), rule(31, 18400, true, 0, "1", ", \"also_cancel_rules\": [30]"));
        assertEquals(List.of(), sent);
        assertTrue(errText().contains("store rule 31 not loaded: cancelled when rule 30 fired"), errText());
        assertEquals(2, commands.skipped());
    }

    @Test
    void shouldRefuseWhatTheEnginesParserRefusesAndSendNothingOfIt() {
        deliver(rule(40, 18000, true, 0, "1", "").replace(NIFTY, "NSE_EQ|INE000000000"), rule(41, 18000, true, 0, "1", ""));
        assertEquals(List.of("ADD [41]"), sent, "the good rule in its own group still loads");
        assertEquals(1, commands.refused());
        assertTrue(errText().contains("store rules [40] refused, not loaded"), errText());
        assertTrue(!commands.holds(40) && commands.holds(41));
    }

    private void deliver(final String... rulesJson) {
        for (final String json : rulesJson) {
            final long id = Long.parseLong(json.replaceAll("(?s).*\"id\": (\\d+),.*", "$1"));
            commands.onRuleChanged(id, 1, 2, json);
        }
        commands.onChangesDelivered();
    }

    /** A stored rule as the store renders it (every field, nulls included). */
    private static String rule(final long id, final double price, final boolean enabled, final int fireCount, final String maxFires,
                               final String extraAction) {
        return """
            {"id": %d, "user_id": 1, "name": "r%d", "enabled": %s, "trigger_type": "price",
             "trigger_config": {"condition": "lte", "price": %s, "reference": "ltp"}, "action_type": "place_order",
             "action_config": {"transaction_type": "SELL", "quantity": 1, "order_type": "MARKET", "product": "I"%s},
             "instrument_token": "%s", "symbol": null, "linked_trade_id": null, "linked_order_id": null, "fire_count": %d,
             "max_fires": %s, "expires_at": null, "created_at": "%s", "updated_at": null, "fired_at": null}
            """.formatted(id, id, enabled, price, extraAction, NIFTY, fireCount, maxFires, LocalDate.of(2023, 1, 1) + "T09:00:00+05:30");
    }

    private String errText() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
