package io.kavach.engine.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.candle.Timeframe;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * Turns rule JSON (the nf-monitor model) into validated {@link RuleDefinition}s. Cold path: Jackson
 * tree model, exceptions. Every problem found is reported with its JSON field path and what was
 * expected; a file with any problem is refused as a whole, so an OCO pair or a bracket is never
 * activated half.
 *
 * <p>Threading: a parser holds no mutable state besides what it is given; the registry and the
 * symbol map must not change while it runs.
 */
public final class RuleParser {
    private static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    private static final Set<String> INDICATORS = Set.of("rsi", "macd", "ema_crossover", "volume_spike", "vwap",
        "bollinger", "supertrend", "atr", "sma", "ema");
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    /** Shared by every rule without also_cancel_rules / also_enable_rules: 100k rules need not carry 200k empty arrays, and a fire reads one hot array instead of two cold ones. */
    private static final long[] NO_RULES = new long[0];
    private static final int ALL_DAYS = 0b1111_1110;

    private final ObjectMapper mapper = new ObjectMapper();
    private final InstrumentRegistry instruments;
    private final Map<String, String> symbolToKey;
    private final IndicatorSource indicators;

    /**
     * @param instruments  known instruments; a rule naming any other instrument is refused
     * @param symbolToKey  trading symbol → instrument key, for rules that give {@code symbol} only
     */
    public RuleParser(final InstrumentRegistry instruments, final Map<String, String> symbolToKey) {
        this(instruments, symbolToKey, null);
    }

    /** @param indicators when given, every indicator trigger's name and params are tried on it, so the engine never refuses them later */
    public RuleParser(final InstrumentRegistry instruments, final Map<String, String> symbolToKey, final IndicatorSource indicators) {
        this.instruments = instruments;
        this.symbolToKey = symbolToKey;
        this.indicators = indicators;
    }

    /**
     * Parses a JSON array of rules (or a single rule object).
     *
     * @param nowEpochMs      the engine's current event time; rules expiring at or before it are refused (≤ 0: no clock yet, not checked)
     * @param existingRuleIds ids of rules already active in the engine, which cancel_rule/enable_rule may name
     */
    public List<RuleDefinition> parse(final String json, final long nowEpochMs, final LongPredicate existingRuleIds)
        throws RuleRejectedException {
        final JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RuleRejectedException(List.of("$: expected JSON (a rule object or an array of rules): "
                + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        final Problems p = new Problems();
        final List<JsonNode> nodes = new ArrayList<>();
        final List<String> paths = new ArrayList<>();
        if (root != null && root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                nodes.add(root.get(i));
                paths.add("[" + i + "]");
            }
        } else if (root != null && root.isObject()) {
            nodes.add(root);
            paths.add("$");
        } else {
            throw new RuleRejectedException(List.of("$: expected a rule object or an array of rules"));
        }
        final Set<Long> fileIds = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            final JsonNode id = nodes.get(i).isObject() ? nodes.get(i).get("id") : null;
            if (id != null && id.canConvertToLong() && id.isIntegralNumber() && !fileIds.add(id.asLong())) {
                p.add(paths.get(i) + ".id", "a rule id unique in the file, got duplicate " + id.asLong());
            }
        }
        final LongPredicate known = id -> fileIds.contains(id) || existingRuleIds.test(id);
        final List<RuleDefinition> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            final RuleDefinition rule = parseRule(nodes.get(i), paths.get(i), nowEpochMs, known, p);
            if (rule != null) {
                out.add(rule);
            }
        }
        if (!p.list.isEmpty()) {
            throw new RuleRejectedException(p.list);
        }
        return out;
    }

    private RuleDefinition parseRule(final JsonNode n, final String path, final long now, final LongPredicate known, final Problems p) {
        if (n == null || !n.isObject()) {
            p.add(path, "a rule object");
            return null;
        }
        final int before = p.list.size();
        final long id = requiredLong(n, path, "id", 1, IntentIds.MAX_RULE_ID, p);
        final long userId = requiredLong(n, path, "user_id", 0, Integer.MAX_VALUE, p);
        final String name = optionalText(n, path, "name", p);
        final boolean enabled = optionalBoolean(n, path, "enabled", true, p);
        final int instrumentId = instrument(n, path, p);
        final String key = instrumentId >= 0 ? instruments.keyOf(instrumentId) : null;
        final String symbol = optionalText(n, path, "symbol", p);
        final String linkedTradeId = optionalScalarText(n, path, "linked_trade_id", p);
        final String linkedOrderId = optionalScalarText(n, path, "linked_order_id", p);
        final int fireCount = (int) optionalLong(n, path, "fire_count", 0, 0, Integer.MAX_VALUE, p);
        int maxFires = 0;
        final JsonNode mf = n.get("max_fires");
        if (mf != null && !mf.isNull()) {
            if (!mf.isIntegralNumber() || mf.asLong() < 1 || mf.asLong() > Integer.MAX_VALUE) {
                p.add(path + ".max_fires", "a positive integer (1 = one-shot) or null for unlimited, got " + mf);
            } else {
                maxFires = mf.asInt();
            }
        }
        long expires = RuleDefinition.NEVER_EXPIRES;
        final JsonNode ex = n.get("expires_at");
        if (ex != null && !ex.isNull()) {
            expires = timestamp(ex, path + ".expires_at", p);
            if (expires != Long.MIN_VALUE && now > 0 && expires <= now) {
                p.add(path + ".expires_at", "a time after the engine's current time " + iso(now) + ", got " + ex.asText());
            }
        }
        final String createdAt = optionalScalarText(n, path, "created_at", p);
        final String updatedAt = optionalScalarText(n, path, "updated_at", p);
        final String firedAt = optionalScalarText(n, path, "fired_at", p);

        final TriggerSpec trigger = trigger(n, path, instrumentId, p);
        final ActionSpec action = action(n, path, instrumentId, trigger, linkedTradeId != null || linkedOrderId != null, known, p);
        if (p.list.size() != before || trigger == null || action == null) {
            return null;
        }
        return new RuleDefinition(id, (int) userId, name, enabled, trigger, action, instrumentId, key, symbol,
            linkedTradeId, linkedOrderId, fireCount, maxFires, expires, createdAt, updatedAt, firedAt);
    }

    // ---- triggers ---------------------------------------------------------------------------

    private TriggerSpec trigger(final JsonNode n, final String path, final int instrumentId, final Problems p) {
        final JsonNode type = n.get("trigger_type");
        if (type == null || !type.isTextual()) {
            p.add(path + ".trigger_type", "one of price, time, indicator, order_status, compound, trailing_stop");
            return null;
        }
        final JsonNode cfg = n.get("trigger_config");
        if (cfg == null || !cfg.isObject()) {
            p.add(path + ".trigger_config", "an object with the " + type.asText() + " trigger's settings");
            return null;
        }
        return triggerOf(type.asText(), cfg, path + ".trigger_type", path + ".trigger_config", instrumentId, p);
    }

    private TriggerSpec triggerOf(final String type, final JsonNode c, final String typePath, final String path,
                                  final int instrumentId, final Problems p) {
        switch (type) {
            case "price": {
                requireInstrument(instrumentId, path, "price", p);
                final byte cond = condition(c, path, p);
                final long level = requiredPrice(c, path, "price", p);
                final byte ref = reference(c, path, Conditions.REFERENCES, p);
                return new TriggerSpec.Price(instrumentId, cond, level, ref);
            }
            case "time": {
                final JsonNode at = c.get("at");
                int minute = -1;
                if (at == null || !at.isTextual() || !at.asText().matches("([01]\\d|2[0-3]):[0-5]\\d")) {
                    p.add(path + ".at", "an IST time \"HH:MM\" (24-hour), got " + at);
                } else {
                    minute = Integer.parseInt(at.asText().substring(0, 2)) * 60 + Integer.parseInt(at.asText().substring(3));
                }
                int mask = ALL_DAYS;
                final JsonNode days = c.get("on_days");
                if (days != null && !days.isNull()) {
                    mask = 0;
                    if (!days.isArray() || days.isEmpty()) {
                        p.add(path + ".on_days", "a non-empty array of mon, tue, wed, thu, fri, sat, sun");
                    } else {
                        for (int i = 0; i < days.size(); i++) {
                            final int d = days.get(i).isTextual() ? dayIndex(days.get(i).asText()) : -1;
                            if (d < 0) {
                                p.add(path + ".on_days[" + i + "]", "one of mon, tue, wed, thu, fri, sat, sun, got " + days.get(i));
                            } else {
                                mask |= 1 << d;
                            }
                        }
                    }
                }
                final boolean marketOnly = optionalBoolean(c, path, "market_only", true, p);
                return new TriggerSpec.Time(minute, mask, marketOnly);
            }
            case "indicator": {
                requireInstrument(instrumentId, path, "indicator", p);
                final JsonNode ind = c.get("indicator");
                String indicator = null;
                if (ind == null || !ind.isTextual() || !INDICATORS.contains(ind.asText())) {
                    p.add(path + ".indicator", "one of rsi, macd, ema_crossover, volume_spike, vwap, bollinger, supertrend, atr, sma, ema, got " + ind);
                } else {
                    indicator = ind.asText();
                }
                Timeframe tf = null;
                final JsonNode tfn = c.get("timeframe");
                try {
                    tf = Timeframe.parse(tfn == null ? null : tfn.asText(null));
                } catch (IllegalArgumentException e) {
                    p.add(path + ".timeframe", "one of 1m, 3m, 5m, 10m, 15m, 30m, 60m, 1d, got " + tfn);
                }
                final byte cond = condition(c, path, p);
                final JsonNode v = c.get("value");
                double value = Double.NaN;
                if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
                    p.add(path + ".value", "a finite number, got " + v);
                } else {
                    value = v.asDouble();
                }
                final Map<String, Double> params = new TreeMap<>();
                final JsonNode ps = c.get("params");
                if (ps != null && !ps.isNull()) {
                    if (!ps.isObject()) {
                        p.add(path + ".params", "an object of numeric parameters, e.g. {\"period\": 14}");
                    } else {
                        for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                            final Map.Entry<String, JsonNode> e = it.next();
                            if (!e.getValue().isNumber() || !(e.getValue().asDouble() > 0)) {
                                p.add(path + ".params." + e.getKey(), "a positive number, got " + e.getValue());
                            } else {
                                params.put(e.getKey(), e.getValue().asDouble());
                            }
                        }
                    }
                }
                if (indicators != null && indicator != null && !p.has(path + ".params")) {
                    try {
                        indicators.create(indicator, params);
                    } catch (IllegalArgumentException e) {
                        p.add(path + ".params", "parameters " + indicator + " accepts: " + e.getMessage());
                    }
                }
                final String specKey = indicator + params;
                return new TriggerSpec.Indicator(instrumentId, indicator, tf, cond, value, Collections.unmodifiableMap(params), specKey);
            }
            case "order_status": {
                final JsonNode oid = c.get("order_id");
                final JsonNode rid = c.get("rule_id");
                String orderId = null;
                long sourceRule = 0;
                final boolean hasOrder = oid != null && !oid.isNull();
                final boolean hasRule = rid != null && !rid.isNull();
                if (hasOrder == hasRule) {
                    p.add(path + ".order_id", "exactly one of order_id (a broker order id) or rule_id (orders placed by that rule)");
                } else if (hasOrder) {
                    if (!oid.isValueNode() || oid.asText().isEmpty() || oid.asText().length() > 40) {
                        p.add(path + ".order_id", "a broker order id of 1 to 40 characters, got " + oid);
                    } else {
                        orderId = oid.asText();
                    }
                } else if (!rid.isIntegralNumber() || rid.asLong() < 1) {
                    p.add(path + ".rule_id", "a positive rule id, got " + rid);
                } else {
                    sourceRule = rid.asLong();
                }
                final JsonNode st = c.get("status");
                byte status = 0;
                if (st != null && st.isTextual()) {
                    switch (st.asText()) {
                        case "complete": status = OrderStatus.COMPLETE; break;
                        case "rejected": status = OrderStatus.REJECTED; break;
                        case "cancelled": status = OrderStatus.CANCELLED; break;
                        case "partially_filled": status = OrderStatus.PARTIALLY_FILLED; break;
                        default: break;
                    }
                }
                if (status == 0) {
                    p.add(path + ".status", "one of complete, rejected, cancelled, partially_filled, got " + st);
                }
                return new TriggerSpec.OrderStatus(orderId, sourceRule, status);
            }
            case "compound": {
                final JsonNode op = c.get("operator");
                if (op == null || !op.isTextual() || !(op.asText().equals("and") || op.asText().equals("or"))) {
                    p.add(path + ".operator", "and or or, got " + op);
                }
                final JsonNode conds = c.get("conditions");
                final List<TriggerSpec> children = new ArrayList<>();
                if (conds == null || !conds.isArray() || conds.isEmpty()) {
                    p.add(path + ".conditions", "a non-empty array of nested triggers {\"trigger_type\": …, \"trigger_config\": {…}}");
                } else {
                    for (int i = 0; i < conds.size(); i++) {
                        final String cp = path + ".conditions[" + i + "]";
                        final JsonNode child = conds.get(i);
                        if (!child.isObject()) {
                            p.add(cp, "a nested trigger object");
                            continue;
                        }
                        final int childInstrument = child.has("instrument_token") || child.has("symbol") ? instrument(child, cp, p) : instrumentId;
                        final JsonNode ct = child.get("trigger_type");
                        final JsonNode cc = child.get("trigger_config");
                        if (ct == null || !ct.isTextual()) {
                            p.add(cp + ".trigger_type", "one of price, time, indicator, order_status, compound, trailing_stop");
                        } else if (cc == null || !cc.isObject()) {
                            p.add(cp + ".trigger_config", "an object with the " + ct.asText() + " trigger's settings");
                        } else {
                            final TriggerSpec t = triggerOf(ct.asText(), cc, cp + ".trigger_type", cp + ".trigger_config", childInstrument, p);
                            if (t != null) {
                                children.add(t);
                            }
                        }
                    }
                }
                return new TriggerSpec.Compound(op != null && "and".equals(op.asText()), List.copyOf(children));
            }
            case "trailing_stop": {
                requireInstrument(instrumentId, path, "trailing_stop", p);
                final String side = enumText(c, path, "side", p, "long", "short");
                final String trail = enumText(c, path, "trail", p, "points", "percent");
                final JsonNode d = c.get("distance");
                long distance = 0;
                if (d == null || !d.isNumber() || !(d.asDouble() > 0) || ("percent".equals(trail) && d.asDouble() >= 100)
                    || !Prices.isValidPrice(d.asDouble())) {
                    p.add(path + ".distance", "a positive number of points, or a percent in (0, 100), got " + d);
                } else {
                    distance = Prices.toFixed(d.asDouble());
                }
                long activation = -1;
                final JsonNode a = c.get("activation_price");
                if (a != null && !a.isNull()) {
                    activation = requiredPrice(c, path, "activation_price", p);
                }
                final byte ref = reference(c, path, Conditions.REF_ASK + 1, p);
                return new TriggerSpec.TrailingStop(instrumentId, "long".equals(side), "percent".equals(trail), distance, activation, ref);
            }
            default:
                p.add(typePath, "one of price, time, indicator, order_status, compound, trailing_stop, got \"" + type + "\"");
                return null;
        }
    }

    // ---- actions ----------------------------------------------------------------------------

    private ActionSpec action(final JsonNode n, final String path, final int ruleInstrument, final TriggerSpec trigger,
                              final boolean linked, final LongPredicate known, final Problems p) {
        final JsonNode typeNode = n.get("action_type");
        final byte type = typeNode != null && typeNode.isTextual() ? ActionSpec.code(typeNode.asText()) : -1;
        if (type < 0) {
            p.add(path + ".action_type", "one of place_order, cancel_order, modify_order, cancel_rule, enable_rule, square_off_intraday, got " + typeNode);
            return null;
        }
        JsonNode c = n.get("action_config");
        final String cp = path + ".action_config";
        if (c == null || c.isNull()) {
            c = mapper.createObjectNode();
        }
        if (!c.isObject()) {
            p.add(cp, "an object with the " + typeNode.asText() + " action's settings");
            return null;
        }
        int instrumentId = -1;
        byte side = 0;
        long quantity = 0;
        byte orderType = 0;
        byte product = 0;
        long price = -1;
        long triggerPrice = -1;
        byte validity = 0;
        boolean reduceOnly = false;
        String orderId = null;
        long targetRule = 0;
        switch (type) {
            case ActionSpec.PLACE_ORDER: {
                instrumentId = c.has("instrument_token") || c.has("symbol") ? instrument(c, cp, p) : ruleInstrument;
                requireInstrument(instrumentId, cp, "place_order", p);
                final String tx = enumText(c, cp, "transaction_type", p, "BUY", "SELL");
                side = "BUY".equals(tx) ? OrderCodes.SIDE_BUY : OrderCodes.SIDE_SELL;
                quantity = requiredLong(c, cp, "quantity", 1, 100_000_000, p);
                final String ot = enumText(c, cp, "order_type", p, "MARKET", "LIMIT", "SL", "SL-M");
                orderType = ot == null ? 0 : ot.equals("MARKET") ? OrderCodes.TYPE_MARKET : ot.equals("LIMIT") ? OrderCodes.TYPE_LIMIT
                    : ot.equals("SL") ? OrderCodes.TYPE_SL : OrderCodes.TYPE_SL_M;
                final String pr = c.has("product") ? enumText(c, cp, "product", p, "I", "D", "MTF") : "D"; // delivery unless intraday is asked for by name
                product = "D".equals(pr) ? OrderCodes.PRODUCT_D : "MTF".equals(pr) ? OrderCodes.PRODUCT_MTF : OrderCodes.PRODUCT_I;
                final String va = c.has("validity") && !c.get("validity").isNull() ? enumText(c, cp, "validity", p, "DAY", "IOC") : "DAY";
                validity = "IOC".equals(va) ? OrderCodes.VALIDITY_IOC : OrderCodes.VALIDITY_DAY;
                final boolean needsPrice = orderType == OrderCodes.TYPE_LIMIT || orderType == OrderCodes.TYPE_SL;
                final boolean needsTrigger = orderType == OrderCodes.TYPE_SL || orderType == OrderCodes.TYPE_SL_M;
                price = optionalPrice(c, cp, "price", needsPrice, ot, p);
                triggerPrice = optionalPrice(c, cp, "trigger_price", needsTrigger, ot, p);
                if (!needsPrice && price > 0) {
                    p.add(cp + ".price", "null for a " + ot + " order (it takes no limit price)");
                }
                if (!needsTrigger && triggerPrice > 0) {
                    p.add(cp + ".trigger_price", "null for a " + ot + " order (it has no trigger)");
                }
                final JsonNode ro = c.get("reduce_only");
                if (ro != null && !ro.isNull() && !ro.isBoolean()) {
                    p.add(cp + ".reduce_only", "true or false, got " + ro);
                }
                reduceOnly = ro != null && ro.isBoolean() ? ro.asBoolean() : linked || trigger instanceof TriggerSpec.TrailingStop;
                break;
            }
            case ActionSpec.CANCEL_ORDER:
                orderId = requiredOrderId(c, cp, p);
                break;
            case ActionSpec.MODIFY_ORDER: {
                orderId = requiredOrderId(c, cp, p);
                if (c.has("quantity") && !c.get("quantity").isNull()) {
                    quantity = requiredLong(c, cp, "quantity", 1, 100_000_000, p);
                }
                price = optionalPrice(c, cp, "price", false, null, p);
                triggerPrice = optionalPrice(c, cp, "trigger_price", false, null, p);
                if (c.has("order_type") && !c.get("order_type").isNull()) {
                    final String ot = enumText(c, cp, "order_type", p, "MARKET", "LIMIT", "SL", "SL-M");
                    orderType = ot == null ? 0 : ot.equals("MARKET") ? OrderCodes.TYPE_MARKET : ot.equals("LIMIT") ? OrderCodes.TYPE_LIMIT
                        : ot.equals("SL") ? OrderCodes.TYPE_SL : OrderCodes.TYPE_SL_M;
                }
                if (quantity == 0 && price < 0 && triggerPrice < 0 && orderType == 0 && !p.has(cp)) {
                    p.add(cp, "at least one of quantity, price, trigger_price, order_type to change");
                }
                break;
            }
            case ActionSpec.CANCEL_RULE:
            case ActionSpec.ENABLE_RULE:
                targetRule = ruleRef(c.get("rule_id"), cp + ".rule_id", known, p);
                break;
            case ActionSpec.SQUARE_OFF_INTRADAY:
                reduceOnly = true;
                break;
            default:
                break;
        }
        final long[] alsoCancel = ruleList(c, cp, "also_cancel_rules", known, p);
        final long[] alsoEnable = ruleList(c, cp, "also_enable_rules", known, p);
        for (long a : alsoCancel) {
            for (long b : alsoEnable) {
                if (a == b) {
                    p.add(cp + ".also_enable_rules", "rules not also in also_cancel_rules, got " + a + " in both");
                }
            }
        }
        return new ActionSpec(type, instrumentId, side, quantity, orderType, product, price, triggerPrice, validity,
            reduceOnly, orderId, targetRule, alsoCancel, alsoEnable);
    }

    // ---- field helpers ------------------------------------------------------------------------

    private int instrument(final JsonNode n, final String path, final Problems p) {
        final JsonNode tok = n.get("instrument_token");
        final JsonNode sym = n.get("symbol");
        int byToken = -1;
        if (tok != null && !tok.isNull()) {
            if (!tok.isTextual() || (byToken = instruments.find(tok.asText())) == InstrumentRegistry.NOT_FOUND) {
                p.add(path + ".instrument_token", "a known instrument key such as \"NSE_INDEX|Nifty 50\", got " + tok);
                return -2;
            }
        }
        if (sym != null && !sym.isNull()) {
            final String key = sym.isTextual() ? symbolToKey.get(sym.asText()) : null;
            final int bySymbol = key == null ? InstrumentRegistry.NOT_FOUND : instruments.find(key);
            if (bySymbol == InstrumentRegistry.NOT_FOUND) {
                if (byToken < 0) {
                    p.add(path + ".symbol", "a known trading symbol, got " + sym);
                    return -2;
                }
            } else if (byToken >= 0 && bySymbol != byToken) {
                p.add(path + ".symbol", "the symbol of instrument_token " + tok.asText() + ", got " + sym + " which is " + key);
                return -2;
            } else {
                return bySymbol;
            }
        }
        return byToken;
    }

    private static void requireInstrument(final int instrumentId, final String path, final String what, final Problems p) {
        if (instrumentId == -1) {
            p.add(path, "an instrument for the " + what + ": instrument_token or symbol on the rule (or here)");
        }
    }

    private static byte condition(final JsonNode c, final String path, final Problems p) {
        final JsonNode v = c.get("condition");
        final byte code = v != null && v.isTextual() ? Conditions.condition(v.asText()) : -1;
        if (code < 0) {
            p.add(path + ".condition", "one of lte, gte, crosses_above, crosses_below, got " + v);
        }
        return code;
    }

    private static byte reference(final JsonNode c, final String path, final int allowed, final Problems p) {
        final JsonNode v = c.get("reference");
        if (v == null || v.isNull()) {
            return Conditions.REF_LTP;
        }
        final byte code = v.isTextual() ? Conditions.reference(v.asText()) : -1;
        if (code < 0 || code >= allowed) {
            p.add(path + ".reference", (allowed == Conditions.REFERENCES ? "one of ltp, bid, ask, open, high, low" : "one of ltp, bid, ask") + ", got " + v);
            return Conditions.REF_LTP;
        }
        return code;
    }

    private static long requiredPrice(final JsonNode c, final String path, final String field, final Problems p) {
        final JsonNode v = c.get(field);
        if (v == null || !v.isNumber() || !(v.asDouble() > 0) || !Prices.isValidPrice(v.asDouble())) {
            p.add(path + "." + field, "a positive price in rupees, got " + (v == null ? "nothing" : v.toString()));
            return -1;
        }
        return Prices.toFixed(v.asDouble());
    }

    private static long optionalPrice(final JsonNode c, final String path, final String field, final boolean required,
                                      final String orderType, final Problems p) {
        final JsonNode v = c.get(field);
        if (v == null || v.isNull() || (v.isNumber() && v.asDouble() == 0 && !required)) {
            if (required) {
                p.add(path + "." + field, "a positive price in rupees for a " + orderType + " order, got " + (v == null ? "nothing" : "null"));
            }
            return -1;
        }
        return requiredPrice(c, path, field, p);
    }

    private static String requiredOrderId(final JsonNode c, final String path, final Problems p) {
        final JsonNode v = c.get("order_id");
        if (v == null || !v.isValueNode() || v.isNull() || v.asText().isEmpty() || v.asText().length() > 40) {
            p.add(path + ".order_id", "a broker order id of 1 to 40 characters, got " + v);
            return null;
        }
        return v.asText();
    }

    private static long ruleRef(final JsonNode v, final String path, final LongPredicate known, final Problems p) {
        if (v == null || !v.isIntegralNumber() || v.asLong() < 1) {
            p.add(path, "a positive rule id, got " + v);
            return 0;
        }
        if (!known.test(v.asLong())) {
            p.add(path, "the id of an existing rule (in this file or active in the engine), got " + v.asLong() + " which names no rule");
            return 0;
        }
        return v.asLong();
    }

    private static long[] ruleList(final JsonNode c, final String path, final String field, final LongPredicate known, final Problems p) {
        final JsonNode v = c.get(field);
        if (v == null || v.isNull() || (v.isArray() && v.isEmpty())) {
            return NO_RULES;
        }
        if (!v.isArray()) {
            p.add(path + "." + field, "an array of rule ids, got " + v);
            return NO_RULES;
        }
        final long[] out = new long[v.size()];
        for (int i = 0; i < v.size(); i++) {
            out[i] = ruleRef(v.get(i), path + "." + field + "[" + i + "]", known, p);
        }
        return out;
    }

    private static String enumText(final JsonNode c, final String path, final String field, final Problems p, final String... allowed) {
        final JsonNode v = c.get(field);
        if (v != null && v.isTextual()) {
            for (String a : allowed) {
                if (a.equals(v.asText())) {
                    return a;
                }
            }
        }
        p.add(path + "." + field, "one of " + String.join(", ", allowed) + ", got " + (v == null ? "nothing" : v.toString()));
        return null;
    }

    private static long requiredLong(final JsonNode c, final String path, final String field, final long min, final long max, final Problems p) {
        final JsonNode v = c.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            p.add(path + "." + field, "an integer in [" + min + ", " + max + "], got " + (v == null ? "nothing" : v.toString()));
            return min;
        }
        return v.asLong();
    }

    private static long optionalLong(final JsonNode c, final String path, final String field, final long dflt, final long min,
                                     final long max, final Problems p) {
        final JsonNode v = c.get(field);
        return v == null || v.isNull() ? dflt : requiredLong(c, path, field, min, max, p);
    }

    private static boolean optionalBoolean(final JsonNode c, final String path, final String field, final boolean dflt, final Problems p) {
        final JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            p.add(path + "." + field, "true or false, got " + v);
            return dflt;
        }
        return v.asBoolean();
    }

    private static String optionalText(final JsonNode c, final String path, final String field, final Problems p) {
        final JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            p.add(path + "." + field, "a string, got " + v);
            return null;
        }
        return v.asText();
    }

    private static String optionalScalarText(final JsonNode c, final String path, final String field, final Problems p) {
        final JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            p.add(path + "." + field, "a string or number, got " + v);
            return null;
        }
        return v.asText();
    }

    /** ISO-8601 with offset, or local date-time taken as IST, or epoch milliseconds; Long.MIN_VALUE when malformed. */
    private static long timestamp(final JsonNode v, final String path, final Problems p) {
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return OffsetDateTime.parse(v.asText()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(v.asText()).toInstant(IST).toEpochMilli();
                } catch (DateTimeParseException e2) {
                    // reported below
                }
            }
        }
        p.add(path, "an ISO-8601 time such as \"2026-11-21T15:30:00+05:30\" (IST when no offset) or epoch milliseconds, got " + v);
        return Long.MIN_VALUE;
    }

    static String iso(final long epochMs) {
        return OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(epochMs), IST).toString();
    }

    private static int dayIndex(final String d) {
        for (int i = 0; i < DAYS.length; i++) {
            if (DAYS[i].equals(d)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static final class Problems {
        final List<String> list = new ArrayList<>();

        void add(final String path, final String expected) {
            list.add(path + ": expected " + expected);
        }

        boolean has(final String prefix) {
            for (String s : list) {
                if (s.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}
