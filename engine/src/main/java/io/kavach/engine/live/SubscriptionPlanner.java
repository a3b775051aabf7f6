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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the market-data subscriptions following the rules (README "Subscriptions"): each instrument a
 * rule reads is subscribed once for every user, in {@code ltpc} where the last price is enough and in
 * {@code full} where a rule reads bid, ask or the day's open/high/low. Rule commands are followed as
 * they are published; the difference is sent as {@code sub}/{@code change_mode}/{@code unsub} on the
 * open connections, never by reconnecting.
 *
 * <p>Instruments are spread over up to {@link SubscriptionLimits#connections()} connections, each kept
 * within the per-connection limits: an instrument stays on its connection for as long as it is needed
 * (a mode change stays there too while that connection has room, else it moves: unsub there, sub on
 * the first connection with room, whose snapshot bridges the gap); a new one goes to the first
 * connection with room, so connection 1 is opened only when connection 0 is full. A change that fits
 * no connection is refused with a message naming the rules and instruments, before anything changes.
 *
 * <p>Threading: the writer loop (cold path: it parses rule JSON). {@link Sink} calls are made there.
 */
public final class SubscriptionPlanner {
    /** Where subscription changes go: the {@link MarketFeedPool} in the engine, a recorder in unit tests. */
    public interface Sink {
        /**
         * Subscribes the keys in {@code mode} on pool connection {@code connection} (0-based, opened on
         * first use); keys already there in another mode change mode.
         */
        void subscribe(int connection, Collection<String> keys, String mode);

        /** Unsubscribes the keys from connection {@code connection}; a connection left with none may close. */
        void unsubscribe(int connection, Collection<String> keys);
    }

    private static final int NAMED_IN_REFUSAL_MAX = 5;

    private final InstrumentRegistry instruments;
    private final RuleParser parser;
    private final SubscriptionLimits limits;
    private final Map<String, String> pinned;
    private final Sink sink;
    private final LiveAlerts alerts;
    private final Map<Long, RuleNeeds> rules = new HashMap<>();
    /** Instrument key → mode, as last sent. */
    private Map<String, String> applied;
    /** Instrument key → the connection carrying it. */
    private Map<String, Integer> placed;
    private long refusals;

    /** What one rule reads: instrument key → the weakest mode that carries it. */
    private record RuleNeeds(long id, String name, Map<String, String> modes) {
    }

    /** Every desired instrument on a connection, or (with {@code refusal} set) why they do not fit. */
    private record Plan(Map<String, String> modes, Map<String, Integer> connections, String refusal) {
    }

    /**
     * @param pinned subscriptions the engine made at start on connection 0 ({@link LiveSettings#subscriptions()}):
     *               counted, never removed
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
        this.placed = new TreeMap<>();
        pinned.keySet().forEach(key -> placed.put(key, 0));
    }

    /**
     * A planner feeding {@code engine}'s market-data connections (a {@link MarketFeedPool} whose connection 0
     * is the engine's own feed), starting from the subscriptions the engine made at start. Writer loop.
     */
    public static SubscriptionPlanner forEngine(final LiveEngine engine, final InstrumentRegistry instruments,
                                                final Map<String, String> symbolToKey, final SubscriptionLimits limits) {
        return new SubscriptionPlanner(instruments, symbolToKey, limits, engine.settings().subscriptions(),
            new MarketFeedPool(engine.marketFeed(), engine::openMarketFeed, engine.settings().subscriptions().keySet()), LiveAlerts.STDERR);
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
        return plan(desired(withAdded(added)), added).refusal();
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
            final Plan plan = plan(desired(next), added);
            if (plan.refusal() != null) {
                alerts.alert(plan.refusal());
                return plan.refusal();
            }
            rules.clear();
            rules.putAll(next);
            apply(plan);
        } else if (command == RuleCommand.DELETE) {
            if (rules.remove(ruleId) == null) {
                return null;
            }
            apply(plan(desired(rules), List.of())); // fewer instruments and weaker (or kept) modes: never refused
        }
        return null;
    }

    /** Instrument key → mode as last sent to the feed (pinned ones included). */
    public Map<String, String> subscribed() {
        return new TreeMap<>(applied);
    }

    /** Instrument key → the pool connection (0-based) carrying it. */
    public Map<String, Integer> connections() {
        return new TreeMap<>(placed);
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

    /**
     * Places every desired instrument: where it is when its connection still has room for it, else on the
     * first connection with room. {@code added} names the rules in a refusal.
     */
    private Plan plan(final Map<String, String> desired, final List<RuleNeeds> added) {
        final int n = limits.connections();
        final int[] ltpc = new int[n];
        final int[] full = new int[n];
        final Map<String, Integer> on = new TreeMap<>();
        final Map<String, String> modes = new TreeMap<>(desired);
        final List<String> toPlace = new ArrayList<>();
        desired.forEach((key, mode) -> { // unchanged instruments stay put first, so they are never moved for a newcomer
            final Integer c = placed.get(key);
            if (c != null && mode.equals(applied.get(key))) {
                on.put(key, c);
                count(ltpc, full, c, mode);
            }
        });
        desired.forEach((key, mode) -> {
            final Integer c = placed.get(key);
            if (c != null && mode.equals(applied.get(key))) {
                return;
            }
            if (c != null && limits.excess(ltpc[c] + ltpcOf(mode), full[c] + 1 - ltpcOf(mode)) == null) {
                on.put(key, c); // a mode change that fits where it is: change_mode, no move
                count(ltpc, full, c, mode);
            } else if (c != null && rank(mode) < rank(applied.get(key))) {
                // a weaker mode that does not fit (ltpc's mixed-mode limit is lower than its limit alone):
                // the stronger one carries everything the weaker one does, so it stays as it is
                modes.put(key, applied.get(key));
                on.put(key, c);
                count(ltpc, full, c, applied.get(key));
            } else {
                toPlace.add(key);
            }
        });
        for (String key : toPlace) {
            final String mode = desired.get(key);
            int chosen = -1;
            for (int c = 0; c < n && chosen < 0; c++) {
                if (limits.excess(ltpc[c] + ltpcOf(mode), full[c] + 1 - ltpcOf(mode)) == null) {
                    chosen = c;
                }
            }
            if (chosen < 0) {
                final StringBuilder why = new StringBuilder(key + " in " + mode + " fits none of the " + n + " connection"
                    + (n == 1 ? "" : "s") + " allowed");
                for (int c = 0; c < n; c++) {
                    why.append(c == 0 ? " (" : "; ").append("connection ").append(c + 1).append(": ")
                        .append(limits.excess(ltpc[c] + ltpcOf(mode), full[c] + 1 - ltpcOf(mode)));
                }
                return new Plan(modes, on, refusal(why.append(')').toString(), added));
            }
            on.put(key, chosen);
            count(ltpc, full, chosen, mode);
        }
        return new Plan(modes, on, null);
    }

    private static int ltpcOf(final String mode) {
        return mode.equals(MarketFeedClient.MODE_LTPC) ? 1 : 0;
    }

    private static void count(final int[] ltpc, final int[] full, final int connection, final String mode) {
        if (ltpcOf(mode) == 1) {
            ltpc[connection]++;
        } else {
            full[connection]++;
        }
    }

    private String refusal(final String why, final List<RuleNeeds> added) {
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

    /** Unsubscribes what left a connection first, so the room is free before anything new arrives there. */
    private void apply(final Plan plan) {
        final Map<Integer, List<String>> removed = new TreeMap<>();
        placed.forEach((key, was) -> {
            if (!was.equals(plan.connections().get(key))) {
                removed.computeIfAbsent(was, c -> new ArrayList<>()).add(key);
            }
        });
        final Map<Integer, Map<String, List<String>>> added = new TreeMap<>();
        plan.connections().forEach((key, c) -> {
            final String mode = plan.modes().get(key);
            if (!c.equals(placed.get(key)) || !mode.equals(applied.get(key))) {
                added.computeIfAbsent(c, x -> new TreeMap<>()).computeIfAbsent(mode, m -> new ArrayList<>()).add(key);
            }
        });
        removed.forEach(sink::unsubscribe);
        added.forEach((c, byMode) -> byMode.forEach((mode, keys) -> sink.subscribe(c, keys, mode)));
        applied = new TreeMap<>(plan.modes());
        placed = new TreeMap<>(plan.connections());
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
