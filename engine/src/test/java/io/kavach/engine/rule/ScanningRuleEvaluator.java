package io.kavach.engine.rule;

import io.kavach.config.time.MarketClock;
import io.kavach.engine.event.InputEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The test reference: evaluates every rule on every tick, the obvious way, for price, compound
 * (price leaves) and trailing-stop rules with place_order / cancel_rule / enable_rule actions and
 * also_* links. The indexed {@link RuleEngine} must fire exactly what this fires.
 */
final class ScanningRuleEvaluator {
    record Fired(long ruleId, int fireNumber, long timeMs) {
    }

    private static final class State {
        final RuleDefinition def;
        boolean enabled;
        int fireCount;
        boolean retired;
        boolean previousTree;
        boolean trailActive;
        long trailBest;

        State(final RuleDefinition def) {
            this.def = def;
            this.enabled = def.enabled();
            this.fireCount = def.fireCount();
            this.retired = def.maxFires() > 0 && fireCount >= def.maxFires();
        }
    }

    private final TreeMap<Long, State> rules = new TreeMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private final Map<Integer, long[]> ownOhlc = new HashMap<>(); // day, open, high, low
    final List<Fired> fired = new ArrayList<>();

    void add(final RuleDefinition def) {
        final State s = new State(def);
        rules.put(def.id(), s);
        if (def.trigger() instanceof TriggerSpec.Compound c) {
            s.previousTree = tree(c, Map.of(), false);
        }
    }

    void onTick(final InputEvent e) {
        final Map<Long, Long> now = new HashMap<>();
        final int ins = e.instrumentId;
        if (e.ltp > 0) {
            now.put(key(ins, Conditions.REF_LTP), e.ltp);
        }
        if (e.bestBid() > 0) {
            now.put(key(ins, Conditions.REF_BID), e.bestBid());
        }
        if (e.bestAsk() > 0) {
            now.put(key(ins, Conditions.REF_ASK), e.bestAsk());
        }
        if (e.ltp > 0 && MarketClock.inSession(e.eventTimeEpochMs)) {
            final long day = MarketClock.istEpochDay(e.eventTimeEpochMs);
            final long[] o = ownOhlc.computeIfAbsent(ins, k -> new long[] {Long.MIN_VALUE, 0, 0, 0});
            if (o[0] != day) {
                o[0] = day;
                o[1] = o[2] = o[3] = e.ltp;
            } else {
                o[2] = Math.max(o[2], e.ltp);
                o[3] = Math.min(o[3], e.ltp);
            }
            now.put(key(ins, Conditions.REF_OPEN), o[1]);
            now.put(key(ins, Conditions.REF_HIGH), o[2]);
            now.put(key(ins, Conditions.REF_LOW), o[3]);
        }
        final List<State> candidates = new ArrayList<>();
        for (State s : rules.values()) {
            if (s.retired) {
                continue;
            }
            final TriggerSpec t = s.def.trigger();
            if (t instanceof TriggerSpec.Price p) {
                final Long v = now.get(key(p.instrumentId(), p.reference()));
                final Long prev = last.get(key(p.instrumentId(), p.reference()));
                if (s.enabled && v != null && Conditions.holds(p.condition(), prev != null, prev == null ? 0 : prev, v, p.level())) {
                    candidates.add(s);
                }
            } else if (t instanceof TriggerSpec.TrailingStop ts) {
                final Long v = now.get(key(ts.instrumentId(), ts.reference()));
                if (s.enabled && v != null && trail(s, ts, v)) {
                    candidates.add(s);
                }
            } else if (t instanceof TriggerSpec.Compound c) {
                final boolean value = tree(c, now, true);
                if (value && !s.previousTree && s.enabled) {
                    candidates.add(s);
                }
                s.previousTree = tree(c, now, false);
            }
        }
        last.putAll(now);
        for (State s : candidates) {
            if (!s.enabled || s.retired) {
                continue;
            }
            s.fireCount++;
            fired.add(new Fired(s.def.id(), s.fireCount, e.eventTimeEpochMs));
            if (s.def.maxFires() > 0 && s.fireCount >= s.def.maxFires()) {
                s.enabled = false;
                s.retired = true;
            }
            final ActionSpec a = s.def.action();
            if (a.type() == ActionSpec.CANCEL_RULE) {
                disable(a.targetRuleId());
            } else if (a.type() == ActionSpec.ENABLE_RULE) {
                enable(a.targetRuleId());
            }
            for (long id : a.alsoCancelRules()) {
                disable(id);
            }
            for (long id : a.alsoEnableRules()) {
                enable(id);
            }
        }
    }

    private void disable(final long id) {
        final State s = rules.get(id);
        if (s != null) {
            s.enabled = false;
        }
    }

    private void enable(final long id) {
        final State s = rules.get(id);
        if (s != null && !s.retired && !s.enabled) {
            s.enabled = true;
            s.trailActive = false;
        }
    }

    private static boolean trail(final State s, final TriggerSpec.TrailingStop ts, final long v) {
        if (!s.trailActive) {
            if (ts.activationPrice() < 0 || (ts.longSide() ? v >= ts.activationPrice() : v <= ts.activationPrice())) {
                s.trailActive = true;
                s.trailBest = v;
            }
            return false;
        }
        s.trailBest = ts.longSide() ? Math.max(s.trailBest, v) : Math.min(s.trailBest, v);
        final double offset = ts.percent() ? Math.round(s.trailBest * (ts.distance() / 100_000_000.0)) : ts.distance();
        final boolean hit = ts.longSide() ? v <= s.trailBest - offset : v >= s.trailBest + offset;
        if (hit) {
            s.trailActive = false;
        }
        return hit;
    }

    /** Evaluates a compound over the values after this tick; crosses count only when {@code withEvents}. */
    private boolean tree(final TriggerSpec t, final Map<Long, Long> now, final boolean withEvents) {
        if (t instanceof TriggerSpec.Compound c) {
            for (TriggerSpec child : c.conditions()) {
                final boolean v = tree(child, now, withEvents);
                if (c.and() && !v) {
                    return false;
                }
                if (!c.and() && v) {
                    return true;
                }
            }
            return c.and();
        }
        final TriggerSpec.Price p = (TriggerSpec.Price) t;
        final long k = key(p.instrumentId(), p.reference());
        final Long current = now.containsKey(k) ? now.get(k) : last.get(k);
        if (current == null) {
            return false;
        }
        if (p.condition() == Conditions.LTE || p.condition() == Conditions.GTE) {
            return Conditions.holds(p.condition(), false, 0, current, p.level());
        }
        if (!withEvents || !now.containsKey(k)) {
            return false;
        }
        final Long prev = last.get(k);
        return Conditions.holds(p.condition(), prev != null, prev == null ? 0 : prev, current, p.level());
    }

    private static long key(final int instrument, final byte reference) {
        return instrument * 8L + reference;
    }
}
