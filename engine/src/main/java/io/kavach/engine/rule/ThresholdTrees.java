package io.kavach.engine.rule;

import java.util.Arrays;

/**
 * Many sorted threshold books in one node pool: each book is a treap of trigger leaves keyed by
 * (level, leaf id), and a leaf's id is its node, so a leaf sits in at most one book. Insert and
 * remove cost O(log n) expected, a range visit O(log n + hits); nothing allocates once the pool
 * is big enough (it grows on the cold path, when a rule is added). Priorities are a fixed hash of
 * the leaf id, so the shape, and therefore the visiting order, is deterministic.
 *
 * <p>Threading: owned by the logic thread.
 */
final class ThresholdTrees {
    static final int NIL = -1;

    /** Receives the leaf ids of a range visit, in ascending (level, id) order. */
    interface Visitor {
        void visit(int leafId, int code);
    }

    private long[] level;
    private int[] left;
    private int[] right;
    private int[] priority;
    private int splitLeft;
    private int splitRight;

    ThresholdTrees(final int capacity) {
        level = new long[capacity];
        left = new int[capacity];
        right = new int[capacity];
        priority = new int[capacity];
    }

    void ensureCapacity(final int leaves) {
        if (leaves > level.length) {
            final int n = Math.max(leaves, level.length * 2);
            level = Arrays.copyOf(level, n);
            left = Arrays.copyOf(left, n);
            right = Arrays.copyOf(right, n);
            priority = Arrays.copyOf(priority, n);
        }
    }

    /** Inserts leaf {@code node} at {@code key} into the book rooted at {@code root}; returns the new root. */
    int insert(final int root, final int node, final long key) {
        level[node] = key;
        left[node] = NIL;
        right[node] = NIL;
        priority[node] = mix(node);
        return insertAt(root, node);
    }

    private int insertAt(final int t, final int node) {
        if (t == NIL) {
            return node;
        }
        if (priority[node] > priority[t]) {
            split(t, level[node], node);
            left[node] = splitLeft;
            right[node] = splitRight;
            return node;
        }
        if (less(node, t)) {
            left[t] = insertAt(left[t], node);
        } else {
            right[t] = insertAt(right[t], node);
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
        if (level[t] < key || (level[t] == key && t < id)) {
            split(right[t], key, id);
            right[t] = splitLeft;
            splitLeft = t;
        } else {
            split(left[t], key, id);
            left[t] = splitRight;
            splitRight = t;
        }
    }

    /** Removes leaf {@code node} (which must be in this book); returns the new root. */
    int remove(final int t, final int node) {
        if (t == NIL) {
            return NIL;
        }
        if (t == node) {
            return merge(left[t], right[t]);
        }
        if (less(node, t)) {
            left[t] = remove(left[t], node);
        } else {
            right[t] = remove(right[t], node);
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
        if (priority[a] > priority[b]) {
            right[a] = merge(right[a], b);
            return a;
        }
        left[b] = merge(a, left[b]);
        return b;
    }

    /** Visits every leaf with lo ≤ level ≤ hi, ascending. */
    void visit(final int t, final long lo, final long hi, final Visitor visitor, final int code) {
        if (t == NIL || lo > hi) {
            return;
        }
        final long k = level[t];
        if (k >= lo) {
            visit(left[t], lo, hi, visitor, code);
        }
        if (k >= lo && k <= hi) {
            visitor.visit(t, code);
        }
        if (k <= hi) {
            visit(right[t], lo, hi, visitor, code);
        }
    }

    long level(final int node) {
        return level[node];
    }

    private boolean less(final int a, final int b) {
        return level[a] < level[b] || (level[a] == level[b] && a < b);
    }

    private static int mix(final int x) {
        int h = x * 0x9E3779B9;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
