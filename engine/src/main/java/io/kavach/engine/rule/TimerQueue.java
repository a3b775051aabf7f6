package io.kavach.engine.rule;

import java.util.Arrays;

/**
 * A binary min-heap of (due epoch ms, payload) for time rules and rule expiries. Cancellation is
 * lazy: a payload carries its owner's generation, and a popped entry whose generation is stale is
 * dropped. Equal due times pop in insertion order (a sequence number breaks ties), so replay is
 * deterministic. Allocation-free once grown.
 *
 * <p>Threading: owned by the logic thread.
 */
final class TimerQueue {
    private long[] due = new long[64];
    private long[] seq = new long[64];
    private long[] payload = new long[64];
    private int size;
    private long nextSeq;

    void add(final long dueEpochMs, final long value) {
        if (size == due.length) {
            due = Arrays.copyOf(due, size * 2);
            seq = Arrays.copyOf(seq, size * 2);
            payload = Arrays.copyOf(payload, size * 2);
        }
        int i = size++;
        final long s = nextSeq++;
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            if (!before(dueEpochMs, s, due[parent], seq[parent])) {
                break;
            }
            due[i] = due[parent];
            seq[i] = seq[parent];
            payload[i] = payload[parent];
            i = parent;
        }
        due[i] = dueEpochMs;
        seq[i] = s;
        payload[i] = value;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Due time of the head; only when not empty. */
    long peekDue() {
        return due[0];
    }

    long peekPayload() {
        return payload[0];
    }

    void pop() {
        final int last = --size;
        if (last == 0) {
            return;
        }
        final long d = due[last];
        final long s = seq[last];
        final long p = payload[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && before(due[child + 1], seq[child + 1], due[child], seq[child])) {
                child++;
            }
            if (!before(due[child], seq[child], d, s)) {
                break;
            }
            due[i] = due[child];
            seq[i] = seq[child];
            payload[i] = payload[child];
            i = child;
        }
        due[i] = d;
        seq[i] = s;
        payload[i] = p;
    }

    int size() {
        return size;
    }

    private static boolean before(final long d1, final long s1, final long d2, final long s2) {
        return d1 < d2 || (d1 == d2 && s1 < s2);
    }
}
