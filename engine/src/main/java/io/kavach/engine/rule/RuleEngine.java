package io.kavach.engine.rule;

import io.kavach.config.time.MarketCalendar;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.CandleListener;
import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.event.InputEvent;
import io.kavach.order.OrderStatus;
import io.kavach.order.OrderStatus;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The indexed rule evaluator. A tick costs O(log n + hits): per instrument and reference price
 * (ltp, bid, ask, day open/high/low) six sorted threshold books (lte, gte, crosses above, crosses
 * below, and the lte/gte state leaves of compound rules) are range-visited between the previous and
 * the current value; indicator leaves are visited only when a candle of their timeframe closes;
 * compound trees are re-evaluated only when one of their leaves changed; time rules and expiries
 * come from a timer queue; order-status leaves are keyed by order id (or by the rule that placed
 * the order). Trailing stops are walked per tick of their instrument (they move with every tick).
 *
 * <p>All rules hit in one step are fired in ascending rule id, and each fire applies its linked
 * effects (fire count, disabling at max_fires, cancel_rule / enable_rule / also_* lists) before the
 * next candidate is looked at: of two OCO legs hit by the same tick exactly one fires. Disabled,
 * spent and expired rules never fire.
 *
 * <p>Hot path ({@code on*} methods) allocation-free in steady state; {@link #add}, {@link #remove},
 * {@link #enable}, {@link #disable} are the cold path (bounded, O(log n)).
 *
 * <p>Threading: owned by the logic thread; never reads the wall clock (time is the events' time).
 */
public final class RuleEngine implements CandleListener {
    /** How late a time rule may still fire when it is loaded (at start-up or later) after its time passed. */
    public static final long TIME_RULE_GRACE_MS_DEFAULT = 5 * MarketClock.MS_PER_MINUTE;

    private static final int HIT_FIRE = 0;
    private static final int HIT_TRUE = 1;
    private static final int HIT_FALSE = 2;
    private static final long TIMER_TIME = 0;
    private static final long TIMER_EXPIRY = 1L << 62;
    private static final int REFS = Conditions.REFERENCES;
    private static final int TIMEFRAMES = Timeframe.count();
    /** Leaves outside a visited range a visit steps over from its book's empty range before it descends the tree instead. */
    private static final int NEIGHBOUR_WALK_MAX = 16;

    private final MarketCalendar calendar;
    private final long timeGraceMs;
    private final FireHandler fireHandler;
    private final IndicatorSource indicatorSource;

    private final Long2ObjectHashMap<LiveRule> rulesById = new Long2ObjectHashMap<>();
    private LiveRule[] rulesBySlot = new LiveRule[64];
    private int[] freeSlots = new int[64];
    private int freeSlotCount;
    private int slotCount;

    private TriggerNode[] leaves = new TriggerNode[256];
    private int[] freeLeaves = new int[64];
    private int freeLeafCount;
    private int leafCount;
    private final ThresholdTrees trees = new ThresholdTrees(256);

    // per instrument (and reference) state
    private int instrumentCapacity;
    private int[] bookRoots;
    /**
     * Per book, a closed range of levels known to hold no leaf ([1, 0] when unknown): a visit inside
     * it is skipped without touching the tree. Most ticks move the price less than the gap between
     * two rules' levels, so most visits end here. Set after each real visit, around the reference's
     * new value; forgotten when the book changes.
     */
    private long[] emptyLo;
    private long[] emptyHi;
    /** Per book, the leaves just below and above its empty range (level emptyLo - 1 and emptyHi + 1): where a range next to it starts. */
    private int[] floorNode;
    private int[] higherNode;
    /** Price leaves indexed per instrument and reference: a reference without any is only remembered, not evaluated. */
    private int[] leavesPerReference;
    private long[] lastValue;
    private boolean[] hasValue;
    private long[] ownDay;
    private long[] ownOpen;
    private long[] ownHigh;
    private long[] ownLow;
    private TriggerNode[][] trailing;
    private int[] trailingCount;
    private IndicatorFeed[][] feeds;
    private final Map<String, IndicatorFeed> feedsByKey = new HashMap<>();

    private final TimerQueue timers = new TimerQueue();
    private final List<TriggerNode> pendingTime = new ArrayList<>();

    private final Long2ObjectHashMap<NodeList> byOrderHash = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<NodeList> bySourceRule = new Long2ObjectHashMap<>();
    private final Long2LongHashMap orderStatus = new Long2LongHashMap(-1);
    private final Long2LongHashMap orderFilled = new Long2LongHashMap(-1);

    // one step's scratch
    private int[] hitLeaf = new int[1024];
    private byte[] hitCode = new byte[1024];
    private int hitCount;
    private LiveRule[] candidates = new LiveRule[256];
    private int candidateCount;
    private LiveRule[] dirty = new LiveRule[256];
    private int dirtyCount;
    private TriggerNode[] touched = new TriggerNode[256];
    private int touchedCount;
    private long stamp;
    private long nowMs;
    private long stepValue;
    private long stepPrevious;
    private long stepTimeMs;
    private final ThresholdTrees.Visitor collector = this::collect;
    private final Fire fire = new Fire();

    /** Source of timer generations: unique across rules and leaves, so a reused slot or leaf id never matches a stale timer. */
    private int generationSeq;
    private long missedTimeFires;
    private long expiredRules;

    public RuleEngine(final MarketCalendar calendar, final long timeGraceMs, final FireHandler fireHandler,
                      final IndicatorSource indicatorSource, final int expectedInstruments) {
        this.calendar = calendar;
        this.timeGraceMs = timeGraceMs;
        this.fireHandler = fireHandler;
        this.indicatorSource = indicatorSource;
        growInstruments(Math.max(16, expectedInstruments));
    }

    // ==== cold path: rule lifecycle ============================================================

    /** Adds a rule, replacing any rule with the same id (a rule change). */
    public LiveRule add(final RuleDefinition def) {
        final LiveRule existing = rulesById.get(def.id());
        if (existing != null) {
            remove(def.id());
        }
        final int slot = freeSlotCount > 0 ? freeSlots[--freeSlotCount] : slotCount++;
        if (slot == rulesBySlot.length) {
            rulesBySlot = Arrays.copyOf(rulesBySlot, slot * 2);
        }
        final LiveRule rule = new LiveRule(def, slot);
        rule.expiryGeneration = nextGeneration();
        rulesBySlot[slot] = rule;
        rulesById.put(def.id(), rule);
        rule.compound = def.trigger() instanceof TriggerSpec.Compound;
        rule.root = build(def.trigger(), rule, null);
        if (def.expiresAtEpochMs() != RuleDefinition.NEVER_EXPIRES) {
            timers.add(def.expiresAtEpochMs(), TIMER_EXPIRY | ((long) (rule.expiryGeneration & 0x3FFF_FFFF) << 32) | slot);
        }
        if (rule.spent()) {
            rule.retired = true;
            return rule;
        }
        if (rule.compound) {
            indexTree(rule.root);
            rule.treeValue = rule.root.evaluate();
        } else if (rule.enabled) {
            indexLeaf(rule.root);
        }
        return rule;
    }

    /** Deletes a rule; returns false when no such rule. */
    public boolean remove(final long ruleId) {
        final LiveRule rule = rulesById.remove(ruleId);
        if (rule == null) {
            return false;
        }
        retire(rule);
        rule.expiryGeneration = nextGeneration();
        rulesBySlot[rule.slot] = null;
        freeLeavesOf(rule.root);
        if (freeSlotCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlotCount * 2);
        }
        freeSlots[freeSlotCount++] = rule.slot;
        return true;
    }

    /** Enables a rule (cancel_rule's opposite); a spent, expired or unknown rule stays as it is. Returns whether it is now enabled. */
    public boolean enable(final long ruleId) {
        final LiveRule rule = rulesById.get(ruleId);
        if (rule == null || rule.retired) {
            return false;
        }
        if (!rule.enabled) {
            rule.enabled = true;
            if (!rule.compound) {
                indexLeaf(rule.root);
            }
        }
        return true;
    }

    /** Disables a rule; it keeps its fire count and can be enabled again. Returns false for an unknown rule. */
    public boolean disable(final long ruleId) {
        final LiveRule rule = rulesById.get(ruleId);
        if (rule == null) {
            return false;
        }
        if (rule.enabled) {
            rule.enabled = false;
            if (!rule.compound && !rule.retired) {
                unindexLeaf(rule.root);
            }
        }
        return true;
    }

    public LiveRule rule(final long ruleId) {
        return rulesById.get(ruleId);
    }

    public boolean contains(final long ruleId) {
        return rulesById.containsKey(ruleId);
    }

    public int ruleCount() {
        return rulesById.size();
    }

    /** Time-rule occurrences skipped because no event came on their day. */
    public long missedTimeFires() {
        return missedTimeFires;
    }

    public long expiredRules() {
        return expiredRules;
    }

    /** The engine's time: the latest event time seen. */
    public long nowEpochMs() {
        return nowMs;
    }

    /** Last value of a reference price of an instrument (fixed point), 0 if never seen. */
    public long lastValue(final int instrumentId, final byte reference) {
        return instrumentId < instrumentCapacity && hasValue[instrumentId * REFS + reference] ? lastValue[instrumentId * REFS + reference] : 0;
    }

    private TriggerNode build(final TriggerSpec spec, final LiveRule rule, final TriggerNode parent) {
        if (spec instanceof TriggerSpec.Compound c) {
            final TriggerNode n = new TriggerNode(c.and() ? TriggerNode.AND : TriggerNode.OR, rule, parent);
            n.children = new TriggerNode[c.conditions().size()];
            for (int i = 0; i < n.children.length; i++) {
                n.children[i] = build(c.conditions().get(i), rule, n);
            }
            return n;
        }
        final TriggerNode n;
        if (spec instanceof TriggerSpec.Price p) {
            n = new TriggerNode(TriggerNode.PRICE, rule, parent);
            n.instrumentId = p.instrumentId();
            n.reference = p.reference();
            n.condition = p.condition();
            n.level = p.level();
            final boolean inCompound = parent != null;
            n.event = !inCompound || p.condition() >= Conditions.CROSSES_ABOVE;
            n.book = p.condition() == Conditions.LTE ? (inCompound ? TriggerNode.BOOK_LTE_STATE : TriggerNode.BOOK_LTE)
                : p.condition() == Conditions.GTE ? (inCompound ? TriggerNode.BOOK_GTE_STATE : TriggerNode.BOOK_GTE)
                : p.condition() == Conditions.CROSSES_ABOVE ? TriggerNode.BOOK_CROSS_ABOVE : TriggerNode.BOOK_CROSS_BELOW;
            ensureInstrument(p.instrumentId());
        } else if (spec instanceof TriggerSpec.Time t) {
            n = new TriggerNode(TriggerNode.TIME, rule, parent);
            n.minuteOfDay = t.minuteOfDay();
            n.dayMask = t.dayMask();
            n.marketOnly = t.marketOnly();
            n.event = true;
        } else if (spec instanceof TriggerSpec.Indicator ind) {
            n = new TriggerNode(TriggerNode.INDICATOR, rule, parent);
            n.instrumentId = ind.instrumentId();
            n.condition = ind.condition();
            n.levelValue = ind.value();
            n.event = parent == null || ind.condition() >= Conditions.CROSSES_ABOVE;
            ensureInstrument(ind.instrumentId());
            final String key = ind.instrumentId() + "/" + ind.timeframe().label + "/" + ind.specKey();
            IndicatorFeed feed = feedsByKey.get(key);
            if (feed == null) {
                feed = new IndicatorFeed(ind.instrumentId(), ind.timeframe(), ind.specKey(),
                    indicatorSource.create(ind.indicator(), ind.params()));
                feedsByKey.put(key, feed);
                final int idx = ind.instrumentId() * TIMEFRAMES + ind.timeframe().ordinal();
                final IndicatorFeed[] list = feeds[idx];
                feeds[idx] = list == null ? new IndicatorFeed[] {feed} : append(list, feed);
            }
            n.feed = feed;
        } else if (spec instanceof TriggerSpec.OrderStatus o) {
            n = new TriggerNode(TriggerNode.ORDER_STATUS, rule, parent);
            n.status = o.status();
            n.sourceRuleId = o.sourceRuleId();
            if (o.orderId() != null) {
                n.orderIdBytes = o.orderId().getBytes(StandardCharsets.US_ASCII);
                n.orderHash = hash(n.orderIdBytes, n.orderIdBytes.length);
            }
            n.event = parent == null;
        } else if (spec instanceof TriggerSpec.TrailingStop ts) {
            n = new TriggerNode(TriggerNode.TRAILING, rule, parent);
            n.instrumentId = ts.instrumentId();
            n.reference = ts.reference();
            n.longSide = ts.longSide();
            n.percent = ts.percent();
            n.distance = ts.distance();
            n.activationPrice = ts.activationPrice();
            n.event = true;
            ensureInstrument(ts.instrumentId());
        } else {
            throw new IllegalArgumentException("unsupported trigger " + spec);
        }
        n.leafId = allocateLeaf(n);
        return n;
    }

    private void indexTree(final TriggerNode n) {
        if (n.isLeaf()) {
            indexLeaf(n);
            return;
        }
        for (TriggerNode c : n.children) {
            indexTree(c);
        }
    }

    private void indexLeaf(final TriggerNode n) {
        if (n.indexed) {
            return;
        }
        n.indexed = true;
        n.value = false;
        switch (n.kind) {
            case TriggerNode.PRICE: {
                final int base = n.instrumentId * REFS + n.reference;
                final int r = base * TriggerNode.BOOKS + n.book;
                bookRoots[r] = trees.insert(bookRoots[r], n.leafId, n.level);
                forgetEmptyRange(r);
                leavesPerReference[base]++;
                if (hasValue[base] && (n.book == TriggerNode.BOOK_LTE_STATE || n.book == TriggerNode.BOOK_GTE_STATE)) {
                    n.value = Conditions.holds(n.condition, false, 0L, lastValue[base], n.level);
                }
                break;
            }
            case TriggerNode.TIME:
                n.generation = nextGeneration();
                if (nowMs == 0) {
                    pendingTime.add(n);
                } else {
                    schedule(n, nowMs, true);
                }
                break;
            case TriggerNode.INDICATOR:
                n.feed.add(n);
                if (!n.event && n.feed.hasLast) {
                    n.value = Conditions.holds(n.condition, false, 0.0, n.feed.last, n.levelValue);
                }
                break;
            case TriggerNode.ORDER_STATUS: {
                final boolean byOrder = n.orderIdBytes != null;
                final Long2ObjectHashMap<NodeList> map = byOrder ? byOrderHash : bySourceRule;
                final long key = byOrder ? n.orderHash : n.sourceRuleId;
                NodeList list = map.get(key);
                if (list == null) {
                    list = new NodeList();
                    map.put(key, list);
                }
                list.add(n);
                if (!n.event && byOrder) {
                    n.value = orderStatus.get(n.orderHash) == n.status;
                }
                break;
            }
            case TriggerNode.TRAILING: {
                n.active = false;
                final int i = n.instrumentId;
                if (trailingCount[i] == (trailing[i] == null ? 0 : trailing[i].length)) {
                    trailing[i] = trailing[i] == null ? new TriggerNode[4] : Arrays.copyOf(trailing[i], trailingCount[i] * 2);
                }
                trailing[i][trailingCount[i]++] = n;
                break;
            }
            default:
                break;
        }
    }

    private void unindexLeaf(final TriggerNode n) {
        if (!n.indexed) {
            return;
        }
        n.indexed = false;
        switch (n.kind) {
            case TriggerNode.PRICE: {
                final int base = n.instrumentId * REFS + n.reference;
                final int r = base * TriggerNode.BOOKS + n.book;
                bookRoots[r] = trees.remove(bookRoots[r], n.leafId);
                forgetEmptyRange(r);
                leavesPerReference[base]--;
                break;
            }
            case TriggerNode.TIME:
                n.generation = nextGeneration();
                pendingTime.remove(n);
                break;
            case TriggerNode.INDICATOR:
                n.feed.remove(n);
                break;
            case TriggerNode.ORDER_STATUS: {
                final NodeList list = n.orderIdBytes != null ? byOrderHash.get(n.orderHash) : bySourceRule.get(n.sourceRuleId);
                if (list != null) {
                    list.remove(n);
                }
                break;
            }
            case TriggerNode.TRAILING: {
                final TriggerNode[] list = trailing[n.instrumentId];
                for (int i = 0; i < trailingCount[n.instrumentId]; i++) {
                    if (list[i] == n) {
                        System.arraycopy(list, i + 1, list, i, trailingCount[n.instrumentId] - i - 1);
                        list[--trailingCount[n.instrumentId]] = null;
                        break;
                    }
                }
                break;
            }
            default:
                break;
        }
    }

    private void unindexTree(final TriggerNode n) {
        if (n.isLeaf()) {
            unindexLeaf(n);
            return;
        }
        for (TriggerNode c : n.children) {
            unindexTree(c);
        }
    }

    /** Spent, expired or deleted: out of every index for good. */
    private void retire(final LiveRule rule) {
        if (rule.retired) {
            return;
        }
        rule.retired = true;
        unindexTree(rule.root);
    }

    private void freeLeavesOf(final TriggerNode n) {
        if (n.isLeaf()) {
            leaves[n.leafId] = null;
            if (freeLeafCount == freeLeaves.length) {
                freeLeaves = Arrays.copyOf(freeLeaves, freeLeafCount * 2);
            }
            freeLeaves[freeLeafCount++] = n.leafId;
            return;
        }
        for (TriggerNode c : n.children) {
            freeLeavesOf(c);
        }
    }

    private int allocateLeaf(final TriggerNode n) {
        final int id = freeLeafCount > 0 ? freeLeaves[--freeLeafCount] : leafCount++;
        if (id >= leaves.length) {
            leaves = Arrays.copyOf(leaves, leaves.length * 2);
        }
        trees.ensureCapacity(leaves.length);
        leaves[id] = n;
        return id;
    }

    private int nextGeneration() {
        generationSeq = (generationSeq + 1) & 0x3FFF_FFFF;
        return generationSeq;
    }

    private void ensureInstrument(final int instrumentId) {
        if (instrumentId >= instrumentCapacity) {
            growInstruments(Math.max(instrumentId + 1, instrumentCapacity * 2));
        }
    }

    private void growInstruments(final int capacity) {
        final int old = instrumentCapacity;
        bookRoots = bookRoots == null ? new int[0] : bookRoots;
        bookRoots = Arrays.copyOf(bookRoots, capacity * REFS * TriggerNode.BOOKS);
        Arrays.fill(bookRoots, old * REFS * TriggerNode.BOOKS, bookRoots.length, ThresholdTrees.NIL);
        emptyLo = emptyLo == null ? new long[0] : emptyLo;
        emptyHi = emptyHi == null ? new long[0] : emptyHi;
        emptyLo = Arrays.copyOf(emptyLo, bookRoots.length);
        emptyHi = Arrays.copyOf(emptyHi, bookRoots.length);
        floorNode = floorNode == null ? new int[bookRoots.length] : Arrays.copyOf(floorNode, bookRoots.length);
        higherNode = higherNode == null ? new int[bookRoots.length] : Arrays.copyOf(higherNode, bookRoots.length);
        for (int r = old * REFS * TriggerNode.BOOKS; r < bookRoots.length; r++) {
            forgetEmptyRange(r);
        }
        leavesPerReference = leavesPerReference == null ? new int[capacity * REFS] : Arrays.copyOf(leavesPerReference, capacity * REFS);
        lastValue = lastValue == null ? new long[capacity * REFS] : Arrays.copyOf(lastValue, capacity * REFS);
        hasValue = hasValue == null ? new boolean[capacity * REFS] : Arrays.copyOf(hasValue, capacity * REFS);
        ownDay = ownDay == null ? new long[capacity] : Arrays.copyOf(ownDay, capacity);
        Arrays.fill(ownDay, old, capacity, Long.MIN_VALUE);
        ownOpen = ownOpen == null ? new long[capacity] : Arrays.copyOf(ownOpen, capacity);
        ownHigh = ownHigh == null ? new long[capacity] : Arrays.copyOf(ownHigh, capacity);
        ownLow = ownLow == null ? new long[capacity] : Arrays.copyOf(ownLow, capacity);
        trailing = trailing == null ? new TriggerNode[capacity][] : Arrays.copyOf(trailing, capacity);
        trailingCount = trailingCount == null ? new int[capacity] : Arrays.copyOf(trailingCount, capacity);
        feeds = feeds == null ? new IndicatorFeed[capacity * TIMEFRAMES][] : Arrays.copyOf(feeds, capacity * TIMEFRAMES);
        instrumentCapacity = capacity;
    }

    // ==== hot path ===============================================================================

    /**
     * Advances the engine's time to {@code eventTimeEpochMs}: fires due time rules (stamped with
     * their scheduled time; late when events were late, but never on a later day) and retires expired rules. Called for every event; a TIMER event needs
     * nothing else.
     */
    public void onTime(final long eventTimeEpochMs) {
        if (eventTimeEpochMs > nowMs) {
            final boolean first = nowMs == 0;
            nowMs = eventTimeEpochMs;
            if (first && !pendingTime.isEmpty()) {
                for (int i = 0; i < pendingTime.size(); i++) {
                    schedule(pendingTime.get(i), nowMs, true);
                }
                pendingTime.clear();
            }
        }
        while (!timers.isEmpty() && timers.peekDue() <= nowMs) {
            // every timer due at the same instant is one step: its fires go in rule id order
            final long due = timers.peekDue();
            beginStep(due);
            while (!timers.isEmpty() && timers.peekDue() == due) {
                final long payload = timers.peekPayload();
                timers.pop();
                final int index = (int) payload;
                final int generation = (int) (payload >>> 32) & 0x3FFF_FFFF;
                if ((payload & TIMER_EXPIRY) != 0) {
                    final LiveRule rule = rulesBySlot[index];
                    if (rule != null && rule.expiryGeneration == generation && !rule.retired) {
                        retire(rule);
                        expiredRules++;
                    }
                    continue;
                }
                final TriggerNode n = leaves[index];
                if (n == null || n.generation != generation || !n.indexed) {
                    continue;
                }
                // next occurrence: after this one, and not on a day the clock has already left behind
                schedule(n, Math.max(due + 1, MarketClock.istMidnightEpochMs(MarketClock.istEpochDay(nowMs))), false);
                if (MarketClock.istEpochDay(nowMs) != MarketClock.istEpochDay(due)) {
                    // no event came on the scheduled day: a day-old square-off must not fire tomorrow
                    missedTimeFires++;
                    continue;
                }
                n.hitTimeEpochMs = due;
                n.hitValue = 0;
                n.hitLevel = 0;
                addHit(n.leafId, HIT_FIRE);
            }
            endStep();
        }
    }

    /** Evaluates a market tick: price books of every reference the tick carries, then trailing stops. */
    public void onMarketTick(final InputEvent e) {
        onTime(e.eventTimeEpochMs);
        final int ins = e.instrumentId;
        if (ins < 0) {
            return;
        }
        if (ins >= instrumentCapacity) {
            growInstruments(Math.max(ins + 1, instrumentCapacity * 2)); // a newly subscribed instrument: rare, one-off
        }
        beginStep(e.eventTimeEpochMs);
        final long ltp = e.ltp;
        if (ltp > 0) {
            evaluate(ins, Conditions.REF_LTP, ltp);
        }
        final long bid = e.bestBid();
        if (bid > 0) {
            evaluate(ins, Conditions.REF_BID, bid);
        }
        final long ask = e.bestAsk();
        if (ask > 0) {
            evaluate(ins, Conditions.REF_ASK, ask);
        }
        if (e.hasDayOhlc && e.dayOpen > 0) {
            evaluate(ins, Conditions.REF_OPEN, e.dayOpen);
            evaluate(ins, Conditions.REF_HIGH, e.dayHigh);
            evaluate(ins, Conditions.REF_LOW, e.dayLow);
        } else if (ltp > 0 && MarketClock.inSession(e.eventTimeEpochMs)) {
            final long day = MarketClock.istEpochDay(e.eventTimeEpochMs);
            if (ownDay[ins] != day) {
                ownDay[ins] = day;
                ownOpen[ins] = ltp;
                ownHigh[ins] = ltp;
                ownLow[ins] = ltp;
            } else {
                ownHigh[ins] = Math.max(ownHigh[ins], ltp);
                ownLow[ins] = Math.min(ownLow[ins], ltp);
            }
            evaluate(ins, Conditions.REF_OPEN, ownOpen[ins]);
            evaluate(ins, Conditions.REF_HIGH, ownHigh[ins]);
            evaluate(ins, Conditions.REF_LOW, ownLow[ins]);
        }
        final int n = trailingCount[ins];
        if (n > 0) {
            final TriggerNode[] list = trailing[ins];
            for (int i = 0; i < n; i++) {
                trail(list[i], e);
            }
        }
        endStep();
    }

    /**
     * An order update (broker, portfolio feed or paper fill): order_status leaves of that order and of
     * the rule that placed it. Order updates do not move the engine's clock (brokers stamp them with
     * their own clocks); their fires are stamped with the engine's time.
     */
    public void onOrderUpdate(final InputEvent e) {
        final long h = hash(e.brokerOrderId, e.brokerOrderIdLength);
        final byte status = e.orderStatus;
        final long previous = orderStatus.get(h);
        final long filledBefore = Math.max(0, orderFilled.get(h));
        final boolean changed = previous != status
            || (status == OrderStatus.PARTIALLY_FILLED && e.filledQuantity > filledBefore);
        final NodeList byOrder = byOrderHash.get(h);
        final NodeList bySource = e.intentId > 0 ? bySourceRule.get(IntentIds.ruleId(e.intentId)) : null;
        if (OrderStatus.isFinal(status) && byOrder == null && bySource == null) {
            // nobody watches this order: forget it, so the maps stay bounded by the watched orders
            orderStatus.remove(h);
            orderFilled.remove(h);
        } else {
            orderStatus.put(h, status);
            orderFilled.put(h, e.filledQuantity);
        }
        if (!changed || (byOrder == null && bySource == null)) {
            return;
        }
        final long stepTime = nowMs > 0 ? nowMs : e.eventTimeEpochMs;
        beginStep(stepTime);
        if (byOrder != null) {
            for (int i = 0; i < byOrder.count; i++) {
                final TriggerNode n = byOrder.nodes[i];
                if (Arrays.equals(n.orderIdBytes, 0, n.orderIdBytes.length, e.brokerOrderId, 0, e.brokerOrderIdLength)) {
                    orderHit(n, status, stepTime);
                }
            }
        }
        if (bySource != null) {
            for (int i = 0; i < bySource.count; i++) {
                orderHit(bySource.nodes[i], status, stepTime);
            }
        }
        endStep();
    }

    private void orderHit(final TriggerNode n, final byte status, final long timeMs) {
        n.hitTimeEpochMs = timeMs;
        n.hitValue = status;
        if (n.event) {
            if (status == n.status) {
                addHit(n.leafId, HIT_FIRE);
            }
        } else {
            addHit(n.leafId, status == n.status ? HIT_TRUE : HIT_FALSE);
        }
    }

    /** A closed candle: feeds the rules' indicators of that instrument and timeframe and evaluates their leaves. */
    @Override
    public void onCandleClosed(final Candle candle) {
        final int ins = candle.instrumentId;
        if (ins < 0 || ins >= instrumentCapacity) {
            return;
        }
        final IndicatorFeed[] list = feeds[ins * TIMEFRAMES + candle.timeframe.ordinal()];
        if (list == null) {
            return;
        }
        onTime(candle.endEpochMs);
        beginStep(candle.endEpochMs);
        for (IndicatorFeed feed : list) {
            feed.indicator.onCandle(candle);
            if (!feed.indicator.isReady()) {
                continue;
            }
            final double v = feed.indicator.value();
            if (!Double.isFinite(v)) {
                continue;
            }
            final boolean hasPrevious = feed.hasLast;
            final double previous = feed.last;
            for (int i = 0; i < feed.leafCount; i++) {
                final TriggerNode n = feed.leaves[i];
                final boolean holds = Conditions.holds(n.condition, hasPrevious, previous, v, n.levelValue);
                n.hitIndicatorValue = v;
                n.hitTimeEpochMs = candle.endEpochMs;
                n.hitValue = candle.close;
                if (n.event) {
                    if (holds) {
                        addHit(n.leafId, HIT_FIRE);
                    }
                } else if (holds != n.value) {
                    addHit(n.leafId, holds ? HIT_TRUE : HIT_FALSE);
                }
            }
            feed.last = v;
            feed.hasLast = true;
        }
        endStep();
    }

    private void evaluate(final int ins, final byte ref, final long v) {
        final int base = ins * REFS + ref;
        if (leavesPerReference[base] == 0) {
            lastValue[base] = v;
            hasValue[base] = true;
            return;
        }
        final int roots = base * TriggerNode.BOOKS;
        final boolean hasPrev = hasValue[base];
        final long prev = lastValue[base];
        stepValue = v;
        stepPrevious = hasPrev ? prev : 0;
        visit(roots + TriggerNode.BOOK_LTE, v, Long.MAX_VALUE, HIT_FIRE, v);
        visit(roots + TriggerNode.BOOK_GTE, Long.MIN_VALUE, v, HIT_FIRE, v);
        if (hasPrev) {
            if (v > prev) {
                visit(roots + TriggerNode.BOOK_CROSS_ABOVE, prev, v - 1, HIT_FIRE, v);
                visit(roots + TriggerNode.BOOK_LTE_STATE, prev, v - 1, HIT_FALSE, v);
                visit(roots + TriggerNode.BOOK_GTE_STATE, prev + 1, v, HIT_TRUE, v);
            } else if (v < prev) {
                visit(roots + TriggerNode.BOOK_CROSS_BELOW, v + 1, prev, HIT_FIRE, v);
                visit(roots + TriggerNode.BOOK_LTE_STATE, v, prev - 1, HIT_TRUE, v);
                visit(roots + TriggerNode.BOOK_GTE_STATE, v + 1, prev, HIT_FALSE, v);
            }
        } else {
            visit(roots + TriggerNode.BOOK_LTE_STATE, v, Long.MAX_VALUE, HIT_TRUE, v);
            visit(roots + TriggerNode.BOOK_GTE_STATE, Long.MIN_VALUE, v, HIT_TRUE, v);
        }
        lastValue[base] = v;
        hasValue[base] = true;
    }

    /**
     * Visits book {@code r}'s leaves with lo ≤ level ≤ hi, ascending, unless the range lies in the
     * book's known empty range. Otherwise the range's first leaf is found from the empty range's
     * neighbours along the book's level-ordered list: a range that starts in it (or above it) from its
     * higher neighbour forwards, one that starts below it from its floor neighbour backwards, stepping
     * over at most {@link #NEIGHBOUR_WALK_MAX} leaves that lie outside the range. A crossing book is
     * visited only on moves in its direction, so its empty range is often a few leaves behind the
     * price; the walk catches up with it without a descent from the root (a cache miss per level
     * with 100k rules). A range further away descends the tree. Afterwards the book remembers the
     * widest empty range around {@code value} (the reference's new value, where the next visit starts)
     * and its two neighbours.
     */
    private void visit(final int r, final long lo, final long hi, final int code, final long value) {
        final int root = bookRoots[r];
        if (root == ThresholdTrees.NIL || lo > hi) {
            return;
        }
        final long eLo = emptyLo[r];
        final long eHi = emptyHi[r];
        if (lo >= eLo && hi <= eHi) {
            return;
        }
        int near = ThresholdTrees.NIL;
        if (eLo <= eHi) {
            near = lo >= eLo ? walkToFirstAtLeast(higherNode[r], lo) : walkToLastAtMost(floorNode[r], hi);
        }
        if (near != ThresholdTrees.NIL) {
            // near is the range's first leaf (walked forwards) or last leaf (backwards); outside the
            // range only when the walk ended at the list's end: then the range holds no leaf
            final long nearLevel = trees.level(near);
            if (nearLevel >= lo && nearLevel <= hi) {
                trees.visitFrom(trees.firstAtLeast(near, lo), hi, collector, code);
            }
            trees.neighboursFrom(near, value);
        } else {
            trees.visit(root, lo, hi, collector, code);
            trees.neighbours(root, value);
        }
        final long floor = trees.floorLevel();
        final long higher = trees.higherLevel();
        emptyLo[r] = floor == value ? value + 1 : floor == Long.MIN_VALUE ? Long.MIN_VALUE : floor + 1;
        emptyHi[r] = higher == Long.MAX_VALUE ? Long.MAX_VALUE : higher - 1;
        floorNode[r] = trees.floorNode();
        higherNode[r] = trees.higherNode();
    }

    /**
     * From {@code node} forwards to the first leaf with level ≥ {@code lo}, or the list's last leaf
     * when none is; {@link ThresholdTrees#NIL} when {@code node} is NIL or more than
     * {@link #NEIGHBOUR_WALK_MAX} leaves lie in between.
     */
    private int walkToFirstAtLeast(int node, final long lo) {
        if (node == ThresholdTrees.NIL) {
            return ThresholdTrees.NIL;
        }
        for (int steps = 0; trees.level(node) < lo; steps++) {
            final int next = trees.next(node);
            if (next == ThresholdTrees.NIL) {
                return node;
            }
            if (steps == NEIGHBOUR_WALK_MAX) {
                return ThresholdTrees.NIL;
            }
            node = next;
        }
        return node;
    }

    /**
     * From {@code node} backwards to the last leaf with level ≤ {@code hi}, or the list's first leaf
     * when none is; {@link ThresholdTrees#NIL} when {@code node} is NIL or more than
     * {@link #NEIGHBOUR_WALK_MAX} leaves lie in between.
     */
    private int walkToLastAtMost(int node, final long hi) {
        if (node == ThresholdTrees.NIL) {
            return ThresholdTrees.NIL;
        }
        for (int steps = 0; trees.level(node) > hi; steps++) {
            final int previous = trees.previous(node);
            if (previous == ThresholdTrees.NIL) {
                return node;
            }
            if (steps == NEIGHBOUR_WALK_MAX) {
                return ThresholdTrees.NIL;
            }
            node = previous;
        }
        return node;
    }

    private void forgetEmptyRange(final int r) {
        emptyLo[r] = 1;
        emptyHi[r] = 0;
    }

    private void collect(final int leafId, final int code) {
        final TriggerNode n = leaves[leafId];
        n.hitValue = stepValue;
        n.hitLevel = n.level;
        n.hitTimeEpochMs = stepTimeMs;
        addHit(leafId, code);
    }

    private void trail(final TriggerNode n, final InputEvent e) {
        final long v = n.reference == Conditions.REF_LTP ? e.ltp : n.reference == Conditions.REF_BID ? e.bestBid() : e.bestAsk();
        if (v <= 0) {
            return;
        }
        if (!n.active) {
            if (n.activationPrice < 0 || (n.longSide ? v >= n.activationPrice : v <= n.activationPrice)) {
                n.active = true;
                n.best = v;
            }
            return;
        }
        if (n.longSide ? v > n.best : v < n.best) {
            n.best = v;
        }
        final long stop = trailingStopLevel(n.longSide, n.percent, n.distance, n.best);
        if (n.longSide ? v <= stop : v >= stop) {
            n.hitValue = v;
            n.hitLevel = stop;
            n.hitTimeEpochMs = stepTimeMs;
            n.active = false; // re-arms: waits for its activation price again (or the next price)
            addHit(n.leafId, HIT_FIRE);
        }
    }

    /** The stop level of a trailing stop whose best price since activation is {@code best}. */
    public static long trailingStopLevel(final boolean longSide, final boolean percent, final long distance, final long best) {
        final long offset = percent ? Math.round(best * (distance / 100_000_000.0)) : distance;
        return longSide ? best - offset : best + offset;
    }

    // ==== one logic step ========================================================================

    private void beginStep(final long timeMs) {
        stamp++;
        stepTimeMs = timeMs;
        hitCount = 0;
        candidateCount = 0;
        dirtyCount = 0;
        touchedCount = 0;
    }

    private void addHit(final int leafId, final int code) {
        if (hitCount == hitLeaf.length) {
            hitLeaf = Arrays.copyOf(hitLeaf, hitCount * 2);
            hitCode = Arrays.copyOf(hitCode, hitCount * 2);
        }
        hitLeaf[hitCount] = leafId;
        hitCode[hitCount++] = (byte) code;
    }

    private void endStep() {
        for (int i = 0; i < hitCount; i++) {
            final TriggerNode n = leaves[hitLeaf[i]];
            final LiveRule rule = n.rule;
            if (rule.retired) {
                continue;
            }
            if (!rule.compound) {
                if (rule.enabled) {
                    addCandidate(rule, n);
                }
                continue;
            }
            switch (hitCode[i]) {
                case HIT_FIRE:
                    n.value = true;
                    if (touchedCount == touched.length) {
                        touched = Arrays.copyOf(touched, touchedCount * 2);
                    }
                    touched[touchedCount++] = n;
                    rule.hitLeaf = n;
                    break;
                case HIT_TRUE:
                    n.value = true;
                    rule.hitLeaf = n;
                    break;
                default:
                    n.value = false;
                    break;
            }
            if (rule.dirtyStamp != stamp) {
                rule.dirtyStamp = stamp;
                if (dirtyCount == dirty.length) {
                    dirty = Arrays.copyOf(dirty, dirtyCount * 2);
                }
                dirty[dirtyCount++] = rule;
            }
        }
        for (int i = 0; i < dirtyCount; i++) {
            final LiveRule rule = dirty[i];
            if (rule.root.evaluate() && !rule.treeValue && rule.enabled) {
                addCandidate(rule, rule.hitLeaf);
            }
        }
        for (int i = 0; i < touchedCount; i++) {
            touched[i].value = false;
        }
        for (int i = 0; i < dirtyCount; i++) {
            dirty[i].treeValue = dirty[i].root.evaluate();
            dirty[i] = null;
        }
        if (candidateCount > 1) {
            sortById(candidates, candidateCount);
        }
        for (int i = 0; i < candidateCount; i++) {
            final LiveRule rule = candidates[i];
            candidates[i] = null;
            fire(rule);
        }
        candidateCount = 0;
    }

    private void addCandidate(final LiveRule rule, final TriggerNode leaf) {
        if (rule.candidateStamp == stamp) {
            return;
        }
        rule.candidateStamp = stamp;
        rule.hitLeaf = leaf;
        if (candidateCount == candidates.length) {
            candidates = Arrays.copyOf(candidates, candidateCount * 2);
        }
        candidates[candidateCount++] = rule;
    }

    private void fire(final LiveRule rule) {
        if (!rule.enabled || rule.retired) {
            return;
        }
        if (nowMs >= rule.expiresAtEpochMs) {
            retire(rule);
            expiredRules++;
            return;
        }
        rule.fireCount++;
        final TriggerNode leaf = rule.hitLeaf;
        final long fireTime = leaf != null && leaf.hitTimeEpochMs > 0 ? leaf.hitTimeEpochMs : stepTimeMs;
        rule.lastFiredAtEpochMs = fireTime;
        if (rule.spent()) {
            rule.enabled = false;
            retire(rule);
        }
        final ActionSpec action = rule.definition.action();
        if (action.type() == ActionSpec.CANCEL_RULE) {
            disable(action.targetRuleId());
        } else if (action.type() == ActionSpec.ENABLE_RULE) {
            enable(action.targetRuleId());
        }
        for (long id : action.alsoCancelRules()) {
            disable(id);
        }
        for (long id : action.alsoEnableRules()) {
            enable(id);
        }
        final Fire f = fire;
        f.rule = rule;
        f.definition = rule.definition;
        f.fireNumber = rule.fireCount;
        f.fireTimeEpochMs = fireTime;
        f.stepTimeEpochMs = nowMs;
        f.leafKind = leaf == null ? 0 : leaf.kind;
        int ins = leaf == null ? -1 : leaf.instrumentId;
        if (ins < 0) {
            ins = rule.definition.instrumentId();
        }
        f.instrumentId = ins;
        f.triggerPrice = leaf == null ? 0 : leaf.kind == TriggerNode.INDICATOR || leaf.kind == TriggerNode.PRICE || leaf.kind == TriggerNode.TRAILING ? leaf.hitValue : 0;
        f.triggerLevel = leaf == null ? 0 : leaf.hitLevel;
        f.reference = leaf == null ? 0 : leaf.reference;
        f.indicatorValue = leaf != null && leaf.kind == TriggerNode.INDICATOR ? leaf.hitIndicatorValue : Double.NaN;
        if (ins >= 0 && ins < instrumentCapacity) {
            f.ltp = lastValue(ins, Conditions.REF_LTP);
            f.bid = lastValue(ins, Conditions.REF_BID);
            f.ask = lastValue(ins, Conditions.REF_ASK);
            f.dayOpen = lastValue(ins, Conditions.REF_OPEN);
            f.dayHigh = lastValue(ins, Conditions.REF_HIGH);
            f.dayLow = lastValue(ins, Conditions.REF_LOW);
        } else {
            f.ltp = f.bid = f.ask = f.dayOpen = f.dayHigh = f.dayLow = 0;
        }
        fireHandler.onFire(f);
    }

    /** Next occurrence of a time leaf at or after {@code fromMs} (or, with catch-up, up to the grace before it). */
    private void schedule(final TriggerNode n, final long fromMs, final boolean catchUp) {
        final long today = MarketClock.istEpochDay(fromMs);
        for (long d = today; d < today + 21; d++) {
            if ((n.dayMask & (1 << MarketClock.isoDayOfWeek(d))) == 0 || (n.marketOnly && !calendar.isTradingDay(d))) {
                continue;
            }
            final long t = MarketClock.epochMsAt(d, n.minuteOfDay);
            if (t >= fromMs || (catchUp && fromMs - t <= timeGraceMs)) {
                timers.add(t, TIMER_TIME | ((long) (n.generation & 0x3FFF_FFFF) << 32) | n.leafId);
                return;
            }
        }
    }

    private static void sortById(final LiveRule[] a, final int n) {
        if (n <= 16) {
            for (int i = 1; i < n; i++) {
                final LiveRule x = a[i];
                int j = i - 1;
                while (j >= 0 && a[j].id > x.id) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = x;
            }
            return;
        }
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            final LiveRule t = a[0];
            a[0] = a[end];
            a[end] = t;
            siftDown(a, 0, end);
        }
    }

    private static void siftDown(final LiveRule[] a, int i, final int n) {
        final LiveRule x = a[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && a[c + 1].id > a[c].id) {
                c++;
            }
            if (a[c].id <= x.id) {
                break;
            }
            a[i] = a[c];
            i = c;
        }
        a[i] = x;
    }

    /** FNV-1a 64 over order id bytes. */
    static long hash(final byte[] bytes, final int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++) {
            h ^= bytes[i];
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static IndicatorFeed[] append(final IndicatorFeed[] a, final IndicatorFeed f) {
        final IndicatorFeed[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = f;
        return b;
    }

    /** A growable list of leaves under one order key. */
    static final class NodeList {
        TriggerNode[] nodes = new TriggerNode[2];
        int count;

        void add(final TriggerNode n) {
            if (count == nodes.length) {
                nodes = Arrays.copyOf(nodes, count * 2);
            }
            nodes[count++] = n;
        }

        void remove(final TriggerNode n) {
            for (int i = 0; i < count; i++) {
                if (nodes[i] == n) {
                    System.arraycopy(nodes, i + 1, nodes, i, count - i - 1);
                    nodes[--count] = null;
                    return;
                }
            }
        }
    }
}
