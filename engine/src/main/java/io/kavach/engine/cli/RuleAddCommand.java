package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.config.instrument.Instrument;
import io.kavach.store.Store;
import io.kavach.store.rule.RuleRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code kavach rule add}: one rule of any trigger and action, from flags, with
 * {@code --trigger-config}/{@code --action-config} raw JSON for anything the flags do not cover.
 * Nothing is written unless the whole rule is valid.
 *
 * <p>Threading: the command's thread.
 */
@Command(name = "add", sortOptions = false, mixinStandardHelpOptions = true,
    description = {"Add a rule (the nf-monitor rule model). Examples:",
        "  kavach rule add --name 'RIL stop' --symbol RELIANCE --trigger price --condition lte --price 2400 \\",
        "      --action place_order --side SELL --qty 10 --product I --max-fires 1 --expires today",
        "  kavach rule add --trigger time --at 15:15 --action square_off_intraday --expires today",
        "Flags that do not belong to the chosen --trigger/--action are refused (exit 2)."})
final class RuleAddCommand implements Callable<Integer> {
    static final Set<String> TRIGGERS = Set.of("price", "time", "indicator", "order_status", "compound", "trailing_stop");
    static final Set<String> ACTIONS = Set.of("place_order", "cancel_order", "modify_order", "cancel_rule", "enable_rule", "square_off_intraday");
    static final Set<String> CONDITIONS = Set.of("lte", "gte", "crosses_above", "crosses_below");

    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Mixin
    InstrumentOptions instruments;

    // ---- the rule ----
    @Option(names = "--name", description = "Rule name (default: made from trigger and action).")
    String name;
    @Option(names = "--user", defaultValue = "1", description = "Owning user id (default ${DEFAULT-VALUE}).")
    int userId;
    @Option(names = "--symbol", paramLabel = "SYM", description = "Instrument by trading symbol or instrument key (NSE_EQ|INE002A01018).")
    String symbol;
    @Option(names = "--max-fires", paramLabel = "N|unlimited", defaultValue = "1", description = "Fires before the rule stops (default ${DEFAULT-VALUE}: one-shot).")
    String maxFires;
    @Option(names = "--expires", paramLabel = "WHEN", defaultValue = "never",
        description = "never (default), today (23:59:59 IST), HH:MM (today, IST), YYYY-MM-DD, or ISO date-time with offset.")
    String expires;
    @Option(names = "--linked-trade", paramLabel = "ID", description = "Trade this rule protects (linked_trade_id).")
    String linkedTrade;
    @Option(names = "--linked-order", paramLabel = "ID", description = "Order this rule belongs to (linked_order_id).")
    String linkedOrder;
    @Option(names = "--disabled", description = "Add the rule disabled (enable it later with 'rule enable').")
    boolean disabled;
    @Option(names = "--json", description = "Print the added rule as JSON.")
    boolean json;

    // ---- trigger ----
    @Option(names = "--trigger", required = true, paramLabel = "TYPE", description = "price, time, indicator, order_status, compound, trailing_stop.")
    String trigger;
    @Option(names = "--condition", description = "price/indicator: lte, gte, crosses_above, crosses_below.")
    String condition;
    @Option(names = "--price", description = "price: the level.")
    BigDecimal price;
    @Option(names = "--reference", description = "price: ltp (default), bid, ask, open, high, low; trailing_stop: ltp, bid, ask.")
    String reference;
    @Option(names = "--at", paramLabel = "HH:MM", description = "time: IST time of day.")
    String at;
    @Option(names = "--on-days", split = ",", paramLabel = "DAY", description = "time: mon,tue,... (default every day).")
    List<String> onDays;
    @Option(names = "--market-only", arity = "1", paramLabel = "true|false", description = "time: skip weekends and exchange holidays (default true).")
    Boolean marketOnly;
    @Option(names = "--indicator", description = "indicator: rsi, macd, ema_crossover, volume_spike, vwap, bollinger, supertrend, atr, sma, ema.")
    String indicator;
    @Option(names = "--timeframe", description = "indicator: candle timeframe (1m, 5m, 15m, ...).")
    String timeframe;
    @Option(names = "--value", description = "indicator: the level the value is compared with.")
    BigDecimal value;
    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "indicator: a parameter, e.g. --param period=14 (repeatable).")
    Map<String, BigDecimal> params = new LinkedHashMap<>();
    @Option(names = "--on-order", paramLabel = "ORDER_ID", description = "order_status: the broker order id watched.")
    String onOrder;
    @Option(names = "--status", description = "order_status: complete, rejected, cancelled, partially_filled.")
    String status;
    @Option(names = "--trail-side", description = "trailing_stop: long or short.")
    String trailSide;
    @Option(names = "--trail", description = "trailing_stop: points or percent.")
    String trail;
    @Option(names = "--distance", description = "trailing_stop: the trail distance.")
    BigDecimal distance;
    @Option(names = "--activation-price", description = "trailing_stop: start trailing from this price (default at once).")
    BigDecimal activationPrice;
    @Option(names = "--trigger-config", paramLabel = "JSON", description = "Raw trigger_config JSON object (compound triggers, anything the flags do not cover).")
    String triggerConfig;

    // ---- action ----
    @Option(names = "--action", required = true, paramLabel = "TYPE", description = "place_order, cancel_order, modify_order, cancel_rule, enable_rule, square_off_intraday.")
    String action;
    @Option(names = "--side", description = "place_order: BUY or SELL.")
    String side;
    @Option(names = "--qty", description = "place_order/modify_order: quantity.")
    Long qty;
    @Option(names = "--product", description = "place_order: I (intraday) or D (delivery).")
    String product;
    @Option(names = "--order-type", description = "place_order/modify_order: MARKET (default for place_order), LIMIT, SL, SL-M.")
    String orderType;
    @Option(names = "--limit-price", description = "place_order/modify_order: the order's price (LIMIT, SL).")
    BigDecimal limitPrice;
    @Option(names = "--trigger-price", description = "place_order/modify_order: the order's trigger price (SL, SL-M).")
    BigDecimal triggerPrice;
    @Option(names = "--validity", description = "place_order: DAY (default) or IOC.")
    String validity;
    @Option(names = "--reduce-only", arity = "0..1", paramLabel = "true|false",
        description = "place_order: an exit — never more than the live position, skipped when flat (default: true for linked and trailing-stop rules).")
    Boolean reduceOnly;
    @Option(names = "--order-id", description = "cancel_order/modify_order: the broker order id acted on.")
    String orderId;
    @Option(names = "--rule-id", description = "cancel_rule/enable_rule: the rule acted on.")
    Long ruleId;
    @Option(names = "--also-cancel", split = ",", paramLabel = "RULE_ID", description = "Rules cancelled in the same step as this fire (OCO).")
    List<Long> alsoCancel;
    @Option(names = "--also-enable", split = ",", paramLabel = "RULE_ID", description = "Rules enabled in the same step as this fire (brackets).")
    List<Long> alsoEnable;
    @Option(names = "--action-config", paramLabel = "JSON", description = "Raw action_config JSON object.")
    String actionConfig;

    private Instrument resolved;

    @Override
    public Integer call() {
        final Instant now = Instant.now(); // wall clock: the CLI is outside the engine
        RuleJson.oneOf(trigger, "--trigger", TRIGGERS);
        RuleJson.oneOf(action, "--action", ACTIONS);
        final Integer fires = RuleJson.maxFires(maxFires);
        final Instant expiresAt = RuleJson.expiry(expires, now);
        resolved = symbol == null ? null : instruments.resolve(store.homeDir(), symbol, "--symbol");
        final ObjectNode triggerJson = triggerConfig();
        final ObjectNode actionJson = actionConfig();

        final ObjectNode rule = RuleJson.object();
        rule.put("user_id", userId);
        rule.put("name", name != null ? name : defaultName());
        rule.put("enabled", !disabled);
        rule.put("trigger_type", trigger);
        rule.set("trigger_config", triggerJson);
        rule.put("action_type", action);
        rule.set("action_config", actionJson);
        if (resolved != null) {
            rule.put("instrument_token", resolved.instrumentKey());
            rule.put("symbol", resolved.tradingSymbol());
        } else if (needsInstrument()) {
            throw new BadInputException("--symbol is required for a " + trigger + " trigger"
                + ("place_order".equals(action) ? " and a place_order action" : ""));
        } else {
            rule.putNull("instrument_token");
            rule.putNull("symbol");
        }
        rule.put("linked_trade_id", linkedTrade);
        rule.put("linked_order_id", linkedOrder);
        rule.put("fire_count", 0);
        if (fires == null) {
            rule.putNull("max_fires");
        } else {
            rule.put("max_fires", fires);
        }
        rule.put("expires_at", RuleJson.iso(expiresAt));

        try (Store s = store.open()) {
            final List<RuleRow> added = new RuleInserter(instruments.master(store.homeDir()), now).add(s, List.of(rule), java.util.Collections.singletonList(expiresAt),
                RuleInserter.referencedIds(actionJson), (drafts, ids) -> { });
            RulePrinter.printAdded(spec.commandLine().getOut(), added, json);
        } catch (final java.io.IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return KavachMain.EXIT_OK;
    }

    private boolean needsInstrument() {
        return Set.of("price", "indicator", "trailing_stop").contains(trigger)
            || ("place_order".equals(action) && !actionConfigHasInstrument());
    }

    private boolean actionConfigHasInstrument() {
        final ObjectNode raw = RuleJson.rawObject(actionConfig, "--action-config");
        return raw.hasNonNull("instrument_token") || raw.hasNonNull("symbol");
    }

    private String defaultName() {
        final StringBuilder b = new StringBuilder(trigger);
        if (condition != null) {
            b.append(' ').append(condition);
        }
        if (price != null) {
            b.append(' ').append(price.toPlainString());
        }
        if (at != null) {
            b.append(' ').append(at);
        }
        if (symbol != null) {
            b.append(' ').append(symbol);
        }
        return b.append(" → ").append(action).toString();
    }

    // ---- trigger_config ----------------------------------------------------------------------

    private ObjectNode triggerConfig() {
        final ObjectNode c = RuleJson.rawObject(triggerConfig, "--trigger-config");
        final List<String> wrong = new ArrayList<>();
        switch (trigger) {
            case "price":
                RuleJson.oneOf(condition, "--condition", CONDITIONS);
                RuleJson.put(c, "condition", RuleJson.text(condition), "--condition", "--trigger-config");
                RuleJson.put(c, "price", RuleJson.number(RuleJson.positivePrice(price, "--price")), "--price", "--trigger-config");
                RuleJson.put(c, "reference", RuleJson.text(RuleJson.oneOf(reference, "--reference",
                    Set.of("ltp", "bid", "ask", "open", "high", "low"))), "--reference", "--trigger-config");
                require(c, "condition", "--condition");
                require(c, "price", "--price");
                notFor(wrong, at, "--at", onDays, "--on-days", marketOnly, "--market-only", indicator, "--indicator", timeframe, "--timeframe",
                    value, "--value", params.isEmpty() ? null : params, "--param", onOrder, "--on-order", status, "--status",
                    trailSide, "--trail-side", trail, "--trail", distance, "--distance", activationPrice, "--activation-price");
                break;
            case "time":
                if (at != null && !at.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
                    throw new BadInputException("--at: expected an IST time HH:MM (24-hour), got '" + at + "'");
                }
                RuleJson.put(c, "at", RuleJson.text(at), "--at", "--trigger-config");
                if (onDays != null) {
                    final ArrayNode days = RuleJson.array();
                    for (final String d : onDays) {
                        days.add(RuleJson.oneOf(d, "--on-days", Set.of("mon", "tue", "wed", "thu", "fri", "sat", "sun")));
                    }
                    RuleJson.put(c, "on_days", days, "--on-days", "--trigger-config");
                }
                RuleJson.put(c, "market_only", RuleJson.bool(marketOnly), "--market-only", "--trigger-config");
                require(c, "at", "--at");
                notFor(wrong, condition, "--condition", price, "--price", reference, "--reference", indicator, "--indicator",
                    timeframe, "--timeframe", value, "--value", params.isEmpty() ? null : params, "--param", onOrder, "--on-order",
                    status, "--status", trailSide, "--trail-side", trail, "--trail", distance, "--distance", activationPrice, "--activation-price");
                break;
            case "indicator":
                RuleJson.oneOf(condition, "--condition", CONDITIONS);
                RuleJson.put(c, "indicator", RuleJson.text(indicator), "--indicator", "--trigger-config");
                RuleJson.put(c, "timeframe", RuleJson.text(timeframe), "--timeframe", "--trigger-config");
                RuleJson.put(c, "condition", RuleJson.text(condition), "--condition", "--trigger-config");
                RuleJson.put(c, "value", RuleJson.number(value), "--value", "--trigger-config");
                if (!params.isEmpty()) {
                    final ObjectNode p = RuleJson.object();
                    params.forEach((k, v) -> p.set(k, RuleJson.number(v)));
                    RuleJson.put(c, "params", p, "--param", "--trigger-config");
                }
                require(c, "indicator", "--indicator");
                require(c, "timeframe", "--timeframe");
                require(c, "condition", "--condition");
                require(c, "value", "--value");
                notFor(wrong, price, "--price", reference, "--reference", at, "--at", onDays, "--on-days", marketOnly, "--market-only",
                    onOrder, "--on-order", status, "--status", trailSide, "--trail-side", trail, "--trail", distance, "--distance",
                    activationPrice, "--activation-price");
                break;
            case "order_status":
                RuleJson.put(c, "order_id", RuleJson.text(onOrder), "--on-order", "--trigger-config");
                RuleJson.put(c, "status", RuleJson.text(RuleJson.oneOf(status, "--status",
                    Set.of("complete", "rejected", "cancelled", "partially_filled"))), "--status", "--trigger-config");
                if (!c.has("order_id") && !c.has("rule_id")) {
                    throw new BadInputException("--on-order is required for an order_status trigger (or give rule_id in --trigger-config)");
                }
                require(c, "status", "--status");
                notFor(wrong, condition, "--condition", price, "--price", reference, "--reference", at, "--at", onDays, "--on-days",
                    marketOnly, "--market-only", indicator, "--indicator", timeframe, "--timeframe", value, "--value",
                    params.isEmpty() ? null : params, "--param", trailSide, "--trail-side", trail, "--trail", distance, "--distance",
                    activationPrice, "--activation-price");
                break;
            case "trailing_stop":
                RuleJson.put(c, "side", RuleJson.text(RuleJson.oneOf(trailSide, "--trail-side", Set.of("long", "short"))), "--trail-side", "--trigger-config");
                RuleJson.put(c, "trail", RuleJson.text(RuleJson.oneOf(trail, "--trail", Set.of("points", "percent"))), "--trail", "--trigger-config");
                RuleJson.put(c, "distance", RuleJson.number(RuleJson.positivePrice(distance, "--distance")), "--distance", "--trigger-config");
                RuleJson.put(c, "activation_price", RuleJson.number(RuleJson.positivePrice(activationPrice, "--activation-price")),
                    "--activation-price", "--trigger-config");
                RuleJson.put(c, "reference", RuleJson.text(RuleJson.oneOf(reference, "--reference", Set.of("ltp", "bid", "ask"))),
                    "--reference", "--trigger-config");
                require(c, "side", "--trail-side");
                require(c, "trail", "--trail");
                require(c, "distance", "--distance");
                notFor(wrong, condition, "--condition", price, "--price", at, "--at", onDays, "--on-days", marketOnly, "--market-only",
                    indicator, "--indicator", timeframe, "--timeframe", value, "--value", params.isEmpty() ? null : params, "--param",
                    onOrder, "--on-order", status, "--status");
                break;
            default: // compound: the tree comes as raw JSON
                if (triggerConfig == null) {
                    throw new BadInputException("--trigger-config is required for a compound trigger: "
                        + "{\"operator\":\"and|or\",\"conditions\":[{\"trigger_type\":...,\"trigger_config\":{...}}, ...]}");
                }
                notFor(wrong, condition, "--condition", price, "--price", reference, "--reference", at, "--at", onDays, "--on-days",
                    marketOnly, "--market-only", indicator, "--indicator", timeframe, "--timeframe", value, "--value",
                    params.isEmpty() ? null : params, "--param", onOrder, "--on-order", status, "--status", trailSide, "--trail-side",
                    trail, "--trail", distance, "--distance", activationPrice, "--activation-price");
                break;
        }
        if (!wrong.isEmpty()) {
            throw new BadInputException(String.join(", ", wrong) + (wrong.size() == 1 ? " does" : " do") + " not apply to --trigger " + trigger);
        }
        return c;
    }

    // ---- action_config -----------------------------------------------------------------------

    private ObjectNode actionConfig() {
        final ObjectNode c = RuleJson.rawObject(actionConfig, "--action-config");
        final List<String> wrong = new ArrayList<>();
        switch (action) {
            case "place_order":
                RuleJson.put(c, "transaction_type", RuleJson.text(RuleJson.oneOf(side, "--side", Set.of("BUY", "SELL"))), "--side", "--action-config");
                RuleJson.put(c, "quantity", RuleJson.number(RuleJson.positive(qty, "--qty")), "--qty", "--action-config");
                RuleJson.put(c, "order_type", RuleJson.text(RuleJson.oneOf(orderType, "--order-type", Set.of("MARKET", "LIMIT", "SL", "SL-M"))),
                    "--order-type", "--action-config");
                RuleJson.put(c, "product", RuleJson.text(RuleJson.oneOf(product, "--product", Set.of("I", "D"))), "--product", "--action-config");
                RuleJson.put(c, "price", RuleJson.number(RuleJson.positivePrice(limitPrice, "--limit-price")), "--limit-price", "--action-config");
                RuleJson.put(c, "trigger_price", RuleJson.number(RuleJson.positivePrice(triggerPrice, "--trigger-price")), "--trigger-price", "--action-config");
                RuleJson.put(c, "validity", RuleJson.text(RuleJson.oneOf(validity, "--validity", Set.of("DAY", "IOC"))), "--validity", "--action-config");
                RuleJson.put(c, "reduce_only", RuleJson.bool(reduceOnly), "--reduce-only", "--action-config");
                require(c, "transaction_type", "--side");
                require(c, "quantity", "--qty");
                require(c, "product", "--product");
                if (!c.has("order_type")) {
                    c.put("order_type", "MARKET");
                }
                final String type = c.get("order_type").asText();
                if (("LIMIT".equals(type) || "SL".equals(type)) && !c.hasNonNull("price")) {
                    throw new BadInputException("--limit-price is required for a " + type + " order");
                }
                if (("SL".equals(type) || "SL-M".equals(type)) && !c.hasNonNull("trigger_price")) {
                    throw new BadInputException("--trigger-price is required for a " + type + " order");
                }
                if (!c.has("instrument_token") && !c.has("symbol") && resolved != null) {
                    c.put("instrument_token", resolved.instrumentKey());
                }
                notFor(wrong, orderId, "--order-id", ruleId, "--rule-id");
                break;
            case "cancel_order":
                RuleJson.put(c, "order_id", RuleJson.text(orderId), "--order-id", "--action-config");
                require(c, "order_id", "--order-id");
                notFor(wrong, side, "--side", qty, "--qty", product, "--product", orderType, "--order-type", limitPrice, "--limit-price",
                    triggerPrice, "--trigger-price", validity, "--validity", ruleId, "--rule-id", reduceOnly, "--reduce-only");
                break;
            case "modify_order":
                RuleJson.put(c, "order_id", RuleJson.text(orderId), "--order-id", "--action-config");
                RuleJson.put(c, "quantity", RuleJson.number(RuleJson.positive(qty, "--qty")), "--qty", "--action-config");
                RuleJson.put(c, "price", RuleJson.number(RuleJson.positivePrice(limitPrice, "--limit-price")), "--limit-price", "--action-config");
                RuleJson.put(c, "trigger_price", RuleJson.number(RuleJson.positivePrice(triggerPrice, "--trigger-price")), "--trigger-price", "--action-config");
                RuleJson.put(c, "order_type", RuleJson.text(RuleJson.oneOf(orderType, "--order-type", Set.of("MARKET", "LIMIT", "SL", "SL-M"))),
                    "--order-type", "--action-config");
                require(c, "order_id", "--order-id");
                if (!c.has("quantity") && !c.has("price") && !c.has("trigger_price") && !c.has("order_type")) {
                    throw new BadInputException("modify_order needs something to change: --qty, --limit-price, --trigger-price or --order-type");
                }
                notFor(wrong, side, "--side", product, "--product", validity, "--validity", ruleId, "--rule-id", reduceOnly, "--reduce-only");
                break;
            case "cancel_rule":
            case "enable_rule":
                RuleJson.put(c, "rule_id", RuleJson.number(RuleJson.positive(ruleId, "--rule-id")), "--rule-id", "--action-config");
                require(c, "rule_id", "--rule-id");
                notFor(wrong, side, "--side", qty, "--qty", product, "--product", orderType, "--order-type", limitPrice, "--limit-price",
                    triggerPrice, "--trigger-price", validity, "--validity", orderId, "--order-id", reduceOnly, "--reduce-only");
                break;
            default: // square_off_intraday {}
                notFor(wrong, side, "--side", qty, "--qty", product, "--product", orderType, "--order-type", limitPrice, "--limit-price",
                    triggerPrice, "--trigger-price", validity, "--validity", orderId, "--order-id", ruleId, "--rule-id", reduceOnly, "--reduce-only");
                break;
        }
        if (!wrong.isEmpty()) {
            throw new BadInputException(String.join(", ", wrong) + (wrong.size() == 1 ? " does" : " do") + " not apply to --action " + action);
        }
        RuleJson.put(c, "also_cancel_rules", RuleJson.ids(alsoCancel), "--also-cancel", "--action-config");
        RuleJson.put(c, "also_enable_rules", RuleJson.ids(alsoEnable), "--also-enable", "--action-config");
        return c;
    }

    private static void require(final ObjectNode config, final String field, final String flag) {
        final JsonNode v = config.get(field);
        if (v == null || v.isNull()) {
            throw new BadInputException(flag + " is required here (" + field + ")");
        }
    }

    /** Collects the flags given that the chosen trigger or action has no use for (pairs: value, flag name). */
    private static void notFor(final List<String> wrong, final Object... valueFlagPairs) {
        for (int i = 0; i < valueFlagPairs.length; i += 2) {
            if (valueFlagPairs[i] != null) {
                wrong.add((String) valueFlagPairs[i + 1]);
            }
        }
    }
}
