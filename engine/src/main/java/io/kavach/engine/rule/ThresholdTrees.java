package io.kavach.engine.rule;

import java.util.Arrays;

/**
 * Many sorted threshold books in one node pool: each book is a treap of trigger leaves keyed by
 * (level, leaf id), and a leaf's id is its node, so a leaf sits in at most one book. Insert and
 * remove cost O(log n) expected, a range visit O(log n + hits); nothing allocates once the pool
 * is big enough (it grows on the cold path, when a rule is added). Priorities are a fixed hash of
 * the leaf id, so the shape, and therefore the visiting order, is deterministic.
 *
 * <p>Each book's leaves are also threaded in (level, id) order ({@link #next}, {@link #previous}),
 * so a caller that knows a node next to a range walks the range from it, O(hits), without
 * descending the tree.
 *
 * <p>Layout: a node is four adjacent longs — its level, its children packed as
 * {@code left << 32 | right}, its list links packed as {@code previous << 32 | next}, and padding —
 * 32-byte aligned, so a node is one cache line (with 100,000 rules the pool is larger than L2, and a
 * descent is mostly cache misses). The priority is recomputed from the id when needed (only
 * insert and remove need it).
 *
 * <p>Threading: owned by the logic thread.
 */
final class ThresholdTrees {
    static final int NIL = -1;

    /** Receives the leaf ids of a range visit, in ascending (level, id) order. */
    interface Visitor {
        void visit(int leafId, int code);
    }

    private static final int STRIDE = 4;

    /**
     * Node {@code i}: {@code nodes[4i]} its level, {@code nodes[4i + 1]} left child (high 32 bits) and
     * right child (low 32 bits), {@code nodes[4i + 2]} previous (high) and next (low) in level order.
     */
    private long[] nodes;
    private int splitLeft;
    private int splitRight;
    private long floorLevel;
    private long higherLevel;
    private int floorNode;
    private int higherNode;

    ThresholdTrees(final int capacity) {
        nodes = new long[STRIDE * capacity];
    }

    void ensureCapacity(final int leaves) {
        if (STRIDE * leaves > nodes.length) {
            nodes = Arrays.copyOf(nodes, STRIDE * Math.max(leaves, nodes.length / STRIDE * 2));
        }
    }

    /** Inserts leaf {@code node} at {@code key} into the book rooted at {@code root}; returns the new root. */
    int insert(final int root, final int node, final long key) {
        int previous = NIL;
        int next = NIL;
        for (int t = root; t != NIL; ) {
            if (level(t) < key || (level(t) == key && t < node)) {
                previous = t;
                t = right(t);
            } else {
                next = t;
                t = left(t);
            }
        }
        nodes[STRIDE * node] = key;
        setChildren(node, NIL, NIL);
        setLinks(node, previous, next);
        if (previous != NIL) {
            setLinks(previous, previous(previous), node);
        }
        if (next != NIL) {
            setLinks(next, node, next(next));
        }
        return insertAt(root, node);
    }

    private int insertAt(final int t, final int node) {
        if (t == NIL) {
            return node;
        }
        if (mix(node) > mix(t)) {
            split(t, level(node), node);
            setChildren(node, splitLeft, splitRight);
            return node;
        }
        if (less(node, t)) {
            setLeft(t, insertAt(left(t), node));
        } else {
            setRight(t, insertAt(right(t), node));
        }
        return t;
    }

    /** Splits {@code t} into keys &lt; (key, id) → splitLeft and the rest → splitRight. */
    private void split(final int t, final long key, final int id) {
        if (t == NIL) {
            splitLeft = NIL;
            splitRight = NIL;
            return;
        }
        if (level(t) < key || (level(t) == key && t < id)) {
            split(right(t), key, id);
            setRight(t, splitLeft);
            splitLeft = t;
        } else {
            split(left(t), key, id);
            setLeft(t, splitRight);
            splitRight = t;
        }
    }

    /** Removes leaf {@code node} (which must be in this book); returns the new root. */
    int remove(final int root, final int node) {
        final int previous = previous(node);
        final int next = next(node);
        if (previous != NIL) {
            setLinks(previous, previous(previous), next);
        }
        if (next != NIL) {
            setLinks(next, previous, next(next));
        }
        return removeAt(root, node);
    }

    private int removeAt(final int t, final int node) {
        if (t == NIL) {
            return NIL;
        }
        if (t == node) {
            return merge(left(t), right(t));
        }
        if (less(node, t)) {
            setLeft(t, removeAt(left(t), node));
        } else {
            setRight(t, removeAt(right(t), node));
        }
        return t;
    }

    private int merge(final int a, final int b) {
        if (a == NIL) {
            return b;
        }
        if (b == NIL) {
            return a;
        }
        if (mix(a) > mix(b)) {
            setRight(a, merge(right(a), b));
            return a;
        }
        setLeft(b, merge(a, left(b)));
        return b;
    }

    /** Visits every leaf with lo ≤ level ≤ hi, ascending. */
    void visit(final int t, final long lo, final long hi, final Visitor visitor, final int code) {
        if (t == NIL || lo > hi) {
            return;
        }
        final long[] n = nodes;
        final long k = n[STRIDE * t];
        final long children = n[STRIDE * t + 1];
        if (k >= lo) {
            visit((int) (children >> 32), lo, hi, visitor, code);
        }
        if (k >= lo && k <= hi) {
            visitor.visit(t, code);
        }
        if (k <= hi) {
            visit((int) children, lo, hi, visitor, code);
        }
    }

    /**
     * One descent towards {@code key}: {@link #floorLevel()} becomes the largest level ≤ key
     * ({@link Long#MIN_VALUE} when none), {@link #higherLevel()} the smallest level &gt; key
     * ({@link Long#MAX_VALUE} when none). The last turn right and the last turn left on the way down
     * are those two neighbours.
     */
    void neighbours(int t, final long key) {
        int floor = NIL;
        int higher = NIL;
        final long[] n = nodes;
        while (t != NIL) {
            final long k = n[STRIDE * t];
            final long children = n[STRIDE * t + 1];
            if (k <= key) {
                floor = t;
                t = (int) children;
            } else {
                higher = t;
                t = (int) (children >> 32);
            }
        }
        found(floor, higher);
    }

    /**
     * As {@link #neighbours}, walking the level-ordered list from {@code near}, a node of the same
     * book close to {@code key}: O(nodes between them).
     */
    void neighboursFrom(int near, final long key) {
        if (level(near) <= key) {
            int next;
            while ((next = next(near)) != NIL && level(next) <= key) {
                near = next;
            }
            found(near, next);
        } else {
            int previous;
            while ((previous = previous(near)) != NIL && level(previous) > key) {
                near = previous;
            }
            found(previous, near);
        }
    }

    private void found(final int floor, final int higher) {
        floorNode = floor;
        higherNode = higher;
        floorLevel = floor == NIL ? Long.MIN_VALUE : level(floor);
        higherLevel = higher == NIL ? Long.MAX_VALUE : level(higher);
    }

    /** The node of {@link #floorLevel()} ({@link #NIL} when none). */
    int floorNode() {
        return floorNode;
    }

    /** The node of {@link #higherLevel()} ({@link #NIL} when none). */
    int higherNode() {
        return higherNode;
    }

    /** Visits {@code first} and the nodes after it in level order while their level is ≤ {@code hi}. */
    void visitFrom(final int first, final long hi, final Visitor visitor, final int code) {
        for (int t = first; t != NIL && level(t) <= hi; t = next(t)) {
            visitor.visit(t, code);
        }
    }

    /** From {@code node} (level ≥ lo), back along the list to the first node whose level is ≥ {@code lo}. */
    int firstAtLeast(int node, final long lo) {
        int previous;
        while ((previous = previous(node)) != NIL && level(previous) >= lo) {
            node = previous;
        }
        return node;
    }

    /** The floor found by the last {@link #neighbours}. */
    long floorLevel() {
        return floorLevel;
    }

    /** The higher neighbour found by the last {@link #neighbours}. */
    long higherLevel() {
        return higherLevel;
    }

    long level(final int node) {
        return nodes[STRIDE * node];
    }

    int next(final int node) {
        return (int) nodes[STRIDE * node + 2];
    }

    int previous(final int node) {
        return (int) (nodes[STRIDE * node + 2] >> 32);
    }

    private void setLinks(final int node, final int previous, final int next) {
        nodes[STRIDE * node + 2] = ((long) previous << 32) | (next & 0xFFFF_FFFFL);
    }

    private int left(final int node) {
        return (int) (nodes[STRIDE * node + 1] >> 32);
    }

    private int right(final int node) {
        return (int) nodes[STRIDE * node + 1];
    }

    private void setChildren(final int node, final int left, final int right) {
        nodes[STRIDE * node + 1] = ((long) left << 32) | (right & 0xFFFF_FFFFL);
    }

    private void setLeft(final int node, final int left) {
        setChildren(node, left, right(node));
    }

    private void setRight(final int node, final int right) {
        setChildren(node, left(node), right);
    }

    private boolean less(final int a, final int b) {
        return level(a) < level(b) || (level(a) == level(b) && a < b);
    }

    private static int mix(final int x) {
        int h = x * 0x9E3779B9;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
