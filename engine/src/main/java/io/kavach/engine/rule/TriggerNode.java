package io.kavach.engine.rule;

/**
 * One node of a live rule's trigger tree: a leaf (price, time, indicator, order status, trailing
 * stop) or an and/or node. Leaves carry a dense id that doubles as their node in
 * {@link ThresholdTrees}. Pre-allocated when the rule is added; the hot path only mutates fields.
 *
 * <p>Threading: owned by the logic thread.
 */
final class TriggerNode {
    static final byte PRICE = 1;
    static final byte TIME = 2;
    static final byte INDICATOR = 3;
    static final byte ORDER_STATUS = 4;
    static final byte TRAILING = 5;
    static final byte AND = 6;
    static final byte OR = 7;

    /** Which book of an instrument/reference a price leaf lives in. */
    static final int BOOK_LTE = 0;
    static final int BOOK_GTE = 1;
    static final int BOOK_CROSS_ABOVE = 2;
    static final int BOOK_CROSS_BELOW = 3;
    static final int BOOK_LTE_STATE = 4;
    static final int BOOK_GTE_STATE = 5;
    static final int BOOKS = 6;

    final byte kind;
    final LiveRule rule;
    final TriggerNode parent;
    TriggerNode[] children;
    int leafId = -1;

    /** Current truth inside a compound tree (state leaves) or "happened in this step" (event leaves). */
    boolean value;
    /** Event leaves are true only in the logic step they happen in (crosses, time, trailing stops, simple-rule hits). */
    boolean event;
    boolean indexed;

    // price / trailing / indicator
    int instrumentId = -1;
    byte reference;
    byte condition;
    long level;
    int book;

    // time
    int minuteOfDay;
    int dayMask;
    boolean marketOnly;
    int generation;

    // indicator
    IndicatorFeed feed;
    double levelValue;

    // order status
    byte[] orderIdBytes;
    long orderHash;
    long sourceRuleId;
    byte status;

    // trailing stop
    boolean longSide;
    boolean percent;
    long distance;
    long activationPrice;
    boolean active;
    long best;

    // what the last hit saw, for the fire's trigger snapshot
    long hitValue;
    long hitLevel;
    double hitIndicatorValue;
    long hitTimeEpochMs;

    TriggerNode(final byte kind, final LiveRule rule, final TriggerNode parent) {
        this.kind = kind;
        this.rule = rule;
        this.parent = parent;
    }

    boolean isLeaf() {
        return kind != AND && kind != OR;
    }

    /** Re-evaluates this subtree from its leaves' values. */
    boolean evaluate() {
        if (kind == AND) {
            for (TriggerNode c : children) {
                if (!c.evaluate()) {
                    return false;
                }
            }
            return true;
        }
        if (kind == OR) {
            for (TriggerNode c : children) {
                if (c.evaluate()) {
                    return true;
                }
            }
            return false;
        }
        return value;
    }
}
