package io.kavach.engine.rule;

import java.util.Arrays;

/**
 * Many sorted threshold books in one node pool: each book is a treap of trigger leaves keyed by
 * (level, leaf id), and a leaf's id is its node, so a leaf sits in at most one book. Insert and
 * remove cost O(log n) expected, a range visit O(log n + hits); nothing allocates once the pool
 * is big enough (it grows on the cold path, when a rule is added). Priorities are a fixed hash of
 * the leaf id, so the shape, and therefore the visiting order, is deterministic.
 *
 * <p>Layout: a node is two adjacent longs, its level and its children packed as
 * {@code left << 32 | right}, 16-byte aligned, so a visit touches one cache line per node (with
 * 100,000 rules the pool is larger than L2, and a visit is mostly cache misses down one path).
 * The priority is recomputed from the id when needed (only insert and remove need it).
 *
 * <p>Threading: owned by the logic thread.
 */
final class ThresholdTrees {
    static final int NIL = -1;

    /** Receives the leaf ids of a range visit, in ascending (level, id) order. */
    interface Visitor {
        void visit(int leafId, int code);
    }

    /** Node {@code i}: {@code nodes[2i]} its level, {@code nodes[2i + 1]} left child (high 32 bits) and right child (low 32 bits). */
    private long[] nodes;
    private int splitLeft;
    private int splitRight;
    private long floorLevel;
    private long higherLevel;

    ThresholdTrees(final int capacity) {
        nodes = new long[2 * capacity];
    }

    void ensureCapacity(final int leaves) {
        if (2 * leaves > nodes.length) {
            nodes = Arrays.copyOf(nodes, 2 * Math.max(leaves, nodes.length));
        }
    }

    /** Inserts leaf {@code node} at {@code key} into the book rooted at {@code root}; returns the new root. */
    int insert(final int root, final int node, final long key) {
        nodes[2 * node] = key;
        setChildren(node, NIL, NIL);
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
    int remove(final int t, final int node) {
        if (t == NIL) {
            return NIL;
        }
        if (t == node) {
            return merge(left(t), right(t));
        }
        if (less(node, t)) {
            setLeft(t, remove(left(t), node));
        } else {
            setRight(t, remove(right(t), node));
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
        final long k = n[2 * t];
        final long children = n[2 * t + 1];
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
        long floor = Long.MIN_VALUE;
        long higher = Long.MAX_VALUE;
        final long[] n = nodes;
        while (t != NIL) {
            final long k = n[2 * t];
            final long children = n[2 * t + 1];
            if (k <= key) {
                floor = k;
                t = (int) children;
            } else {
                higher = k;
                t = (int) (children >> 32);
            }
        }
        floorLevel = floor;
        higherLevel = higher;
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
        return nodes[2 * node];
    }

    private int left(final int node) {
        return (int) (nodes[2 * node + 1] >> 32);
    }

    private int right(final int node) {
        return (int) nodes[2 * node + 1];
    }

    private void setChildren(final int node, final int left, final int right) {
        nodes[2 * node + 1] = ((long) left << 32) | (right & 0xFFFF_FFFFL);
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
