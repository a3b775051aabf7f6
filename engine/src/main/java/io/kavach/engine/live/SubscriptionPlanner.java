package io.kavach.engine.live;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.rule.Conditions;
import io.kavach.engine.rule.RuleCommand;
import io.kavach.engine.rule.RuleDefinition;
import io.kavach.engine.rule.RuleParser;
import io.kavach.engine.rule.RuleRejectedException;
import io.kavach.engine.rule.TriggerSpec;
import io.kavach.feed.market.MarketFeedClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the market-data subscriptions following the rules (README "Subscriptions"): each instrument a
 * rule reads is subscribed once for every user, in {@code ltpc} where the last price is enough and in
 * {@code full} where a rule reads bid, ask or the day's open/high/low. Rule commands are followed as
 * they are published; the difference is sent as {@code sub}/{@code change_mode}/{@code unsub} on the
 * open connection, never by reconnecting. A change that would exceed {@link SubscriptionLimits} is
 * refused with a message naming the rules and instruments, before anything changes.
 *
 * <p>Threading: the writer loop (cold path: it parses rule JSON). {@link Sink} calls are made there.
 */
public final class SubscriptionPlanner {
    /** Where subscription changes go: the market feed client in the engine, a recorder in unit tests. */
    public interface Sink {
        /** Subscribes the keys in {@code mode}; keys already subscribed in another mode change mode. */
        void subscribe(Collection<String> keys, String mode);

        void unsubscribe(Collection<String> keys);
    }

    private static final int NAMED_IN_REFUSAL_MAX = 5;

    private final InstrumentRegistry instruments;
    private final RuleParser parser;
    private final SubscriptionLimits limits;
    private final Map<String, String> pinned;
    private final Sink sink;
    private final LiveAlerts alerts;
    private final Map<Long, RuleNeeds> rules = new HashMap<>();
    private Map<String, String> applied;
    private long refusals;

    /** What one rule reads: instrument key → the weakest mode that carries it. */
    private record RuleNeeds(long id, String name, Map<String, String> modes) {
    }

    /**
     * @param pinned subscriptions the engine made at start ({@link LiveSettings#subscriptions()}): counted, never removed
     */
    public SubscriptionPlanner(final InstrumentRegistry instruments, final Map<String, String> symbolToKey, final SubscriptionLimits limits,
                               final Map<String, String> pinned, final Sink sink, final LiveAlerts alerts) {
        // no indicator source and no expiry check: this parser accepts at least what the engine's does,
        // so a rule the engine activates is never left without data (an extra subscription is harmless)
        this.instruments = instruments;
        this.parser = new RuleParser(instruments, symbolToKey);
        this.limits = limits;
        this.pinned = Map.copyOf(pinned);
        this.sink = sink;
        this.alerts = alerts;
        this.applied = new TreeMap<>(pinned);
    }

    /** A planner feeding {@code engine}'s market feed, starting from the subscriptions the engine made at start. */
    public static SubscriptionPlanner forEngine(final LiveEngine engine, final InstrumentRegistry instruments,
                                                final Map<String, String> symbolToKey, final SubscriptionLimits limits) {
        final MarketFeedClient feed = engine.marketFeed();
        return new SubscriptionPlanner(instruments, symbolToKey, limits, engine.settings().subscriptions(), new Sink() {
            @Override
            public void subscribe(final Collection<String> keys, final String mode) {
                feed.subscribe(keys, mode);
            }

            @Override
            public void unsubscribe(final Collection<String> keys) {
                feed.unsubscribe(keys);
            }
        }, LiveAlerts.STDERR);
    }

    /**
     * Checks an ADD before it is published: null when the rules' instruments fit the limits, else the
     * refusal. Changes nothing. Rules the parser refuses give null: the engine refuses them too.
     */
    public String checkAdd(final String rulesJson) {
        final List<RuleNeeds> added = parse(rulesJson);
        if (added == null) {
            return null;
        }
        return excess(withAdded(added), added);
    }

    /**
     * Follows a published rule command. ADD (with its JSON) and DELETE change the subscriptions;
     * ENABLE and DISABLE do not, because a rule's own action may enable another rule inside the engine
     * without a command, so a disabled rule keeps its data. Returns null, or the alert raised when an
     * ADD that was not checked does not fit (its instruments are then not subscribed).
     */
    public String onRuleCommand(final byte command, final long ruleId, final String rulesJson) {
        if (command == RuleCommand.ADD) {
            final List<RuleNeeds> added = parse(rulesJson);
            if (added == null) {
                return null;
            }
            final Map<Long, RuleNeeds> next = withAdded(added);
            final String refusal = excess(next, added);
            if (refusal != null) {
                alerts.alert(refusal);
                return refusal;
            }
            rules.clear();
            rules.putAll(next);
        } else if (command == RuleCommand.DELETE) {
            if (rules.remove(ruleId) == null) {
                return null;
            }
        } else {
            return null;
        }
        apply(desired(rules));
        return null;
    }

    /** Instrument key → mode as last sent to the feed (pinned ones included). */
    public Map<String, String> subscribed() {
        return new TreeMap<>(applied);
    }

    /** ADDs refused or alerted because they would exceed the limits. */
    public long refusals() {
        return refusals;
    }

    private List<RuleNeeds> parse(final String rulesJson) {
        final List<RuleDefinition> defs;
        try {
            defs = parser.parse(rulesJson, 0, rules::containsKey);
        } catch (RuleRejectedException e) {
            return null;
        }
        final List<RuleNeeds> out = new ArrayList<>(defs.size());
        for (RuleDefinition d : defs) {
            final Map<String, String> modes = new TreeMap<>();
            if (d.instrumentKey() != null) {
                modes.put(d.instrumentKey(), MarketFeedClient.MODE_LTPC); // the position's price, even for a time rule
            }
            needs(d.trigger(), modes);
            out.add(new RuleNeeds(d.id(), d.name(), modes));
        }
        return out;
    }

    private void needs(final TriggerSpec trigger, final Map<String, String> modes) {
        if (trigger instanceof TriggerSpec.Price p) {
            need(modes, p.instrumentId(), p.reference());
        } else if (trigger instanceof TriggerSpec.TrailingStop t) {
            need(modes, t.instrumentId(), t.reference());
        } else if (trigger instanceof TriggerSpec.Indicator i) {
            need(modes, i.instrumentId(), Conditions.REF_LTP); // candles are built from last prices
        } else if (trigger instanceof TriggerSpec.Compound c) {
            for (TriggerSpec nested : c.conditions()) {
                needs(nested, modes);
            }
        }
        // time and order_status triggers read no market data
    }

    private void need(final Map<String, String> modes, final int instrumentId, final byte reference) {
        if (instrumentId < 0) {
            return;
        }
        final String key = instruments.keyOf(instrumentId);
        // bid/ask come only with depth and the day's open/high/low only with OHLC: both are in full, not ltpc
        final String mode = reference == Conditions.REF_LTP ? MarketFeedClient.MODE_LTPC : MarketFeedClient.MODE_FULL;
        modes.merge(key, mode, SubscriptionPlanner::stronger);
    }

    private Map<Long, RuleNeeds> withAdded(final List<RuleNeeds> added) {
        final Map<Long, RuleNeeds> next = new HashMap<>(rules);
        for (RuleNeeds n : added) {
            next.put(n.id(), n); // same id replaces, as in the engine
        }
        return next;
    }

    private Map<String, String> desired(final Map<Long, RuleNeeds> all) {
        final Map<String, String> d = new TreeMap<>(pinned);
        for (RuleNeeds n : all.values()) {
            n.modes().forEach((key, mode) -> d.merge(key, mode, SubscriptionPlanner::stronger));
        }
        return d;
    }

    private String excess(final Map<Long, RuleNeeds> next, final List<RuleNeeds> added) {
        final Map<String, String> d = desired(next);
        int ltpc = 0;
        for (String mode : d.values()) {
            if (mode.equals(MarketFeedClient.MODE_LTPC)) {
                ltpc++;
            }
        }
        final String why = limits.excess(ltpc, d.size() - ltpc);
        if (why == null) {
            return null;
        }
        refusals++;
        final List<String> named = new ArrayList<>();
        for (RuleNeeds n : added) {
            for (Map.Entry<String, String> e : n.modes().entrySet()) {
                final String now = applied.get(e.getKey());
                if ((now == null || !now.equals(stronger(now, e.getValue()))) && named.size() < NAMED_IN_REFUSAL_MAX) {
                    named.add("rule " + n.id() + (n.name() == null ? "" : " (" + n.name() + ")") + " needs " + e.getKey() + " in " + e.getValue());
                }
            }
        }
        return "rules refused, nothing added: " + why + "; " + (named.isEmpty() ? "no new instrument" : String.join(", ", named))
            + " (raise the subscription limits only if your Upstox plan allows it)";
    }

    private void apply(final Map<String, String> next) {
        final List<String> removed = new ArrayList<>();
        for (String key : applied.keySet()) {
            if (!next.containsKey(key)) {
                removed.add(key);
            }
        }
        final Map<String, List<String>> byMode = new LinkedHashMap<>();
        next.forEach((key, mode) -> {
            if (!mode.equals(applied.get(key))) {
                byMode.computeIfAbsent(mode, m -> new ArrayList<>()).add(key);
            }
        });
        if (!removed.isEmpty()) {
            sink.unsubscribe(removed); // first, so the room is free before anything new arrives
        }
        byMode.forEach((mode, keys) -> sink.subscribe(keys, mode));
        applied = new TreeMap<>(next);
    }

    /** ltpc < option_greeks < full < full_d30: the mode that carries everything either one does. */
    private static String stronger(final String a, final String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(final String mode) {
        return switch (mode) {
            case MarketFeedClient.MODE_LTPC -> 0;
            case MarketFeedClient.MODE_OPTION_GREEKS -> 1;
            case MarketFeedClient.MODE_FULL -> 2;
            default -> 3;
        };
    }
}
