package io.kavach.config.instrument;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps Upstox instrument keys ({@code NSE_EQ|INE002A01018}) to dense {@code int} ids, once, at
 * subscription time; the hot path then speaks ids only. {@link #find(byte[], int, int)} resolves
 * key bytes straight from a decoder's buffer without allocating: open addressing over the key
 * bytes, compared eight bytes at a time.
 *
 * <p>Threading: {@link #register} is called on the thread that owns subscriptions (cold path);
 * lookups must happen on that same thread or after a safe publication of the registry (ids are
 * never reused or moved, so a reader that saw a key keeps seeing the same id).
 */
public final class InstrumentRegistry {
    public static final int NOT_FOUND = -1;
    private static final long MIX = 0x9E37_79B9_7F4A_7C15L;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final List<String> keysById = new ArrayList<>();
    private byte[][] keyBytesById = new byte[64][];
    private int[] slots; // id + 1, 0 = empty
    private int mask;

    public InstrumentRegistry() {
        this(1024);
    }

    public InstrumentRegistry(final int expectedInstruments) {
        int capacity = Integer.highestOneBit(Math.max(16, expectedInstruments * 2) - 1) << 1;
        slots = new int[capacity];
        mask = capacity - 1;
    }

    /** Returns the id of {@code key}, assigning the next id if it is new. */
    public int register(final String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("instrument key must not be empty");
        }
        final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        final int existing = find(bytes, 0, bytes.length);
        if (existing != NOT_FOUND) {
            return existing;
        }
        final int id = keysById.size();
        keysById.add(key);
        if (id == keyBytesById.length) {
            keyBytesById = Arrays.copyOf(keyBytesById, id * 2);
        }
        keyBytesById[id] = bytes;
        if ((id + 1) * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        insert(bytes, id);
        return id;
    }

    /** The id of a key given as bytes in {@code buf[offset, offset+length)}, or {@link #NOT_FOUND}. Allocation-free. */
    public int find(final byte[] buf, final int offset, final int length) {
        int slot = hash(buf, offset, length) & mask;
        while (true) {
            final int entry = slots[slot];
            if (entry == 0) {
                return NOT_FOUND;
            }
            if (sameKey(keyBytesById[entry - 1], buf, offset, length)) {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The id of a key, or {@link #NOT_FOUND}; cold path. */
    public int find(final String key) {
        final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return find(bytes, 0, bytes.length);
    }

    public String keyOf(final int id) {
        return keysById.get(id);
    }

    /** The key's UTF-8 bytes, the registry's own copy: read, never modify. Allocation-free. */
    public byte[] keyBytes(final int id) {
        return keyBytesById[id];
    }

    public int size() {
        return keysById.size();
    }

    private void insert(final byte[] bytes, final int id) {
        int slot = hash(bytes, 0, bytes.length) & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = id + 1;
    }

    private void rehash(final int capacity) {
        slots = new int[capacity];
        mask = capacity - 1;
        for (int id = 0; id < keysById.size(); id++) {
            insert(keyBytesById[id], id);
        }
    }

    private static int hash(final byte[] buf, final int offset, final int length) {
        // Eight bytes per step (keys are ~20 bytes): a byte-at-a-time hash costs more than the whole
        // decode of a tick. Multiply-xorshift; the probe index comes from the product's high bits.
        long h = length * MIX;
        final int end = offset + length;
        if (length >= Long.BYTES) {
            int i = offset;
            for (; i + Long.BYTES < end; i += Long.BYTES) {
                h = (h ^ (long) LONG_LE.get(buf, i)) * MIX;
                h ^= h >>> 32;
            }
            h ^= (long) LONG_LE.get(buf, end - Long.BYTES); // the last eight bytes, overlapping the loop's
        } else {
            for (int i = offset; i < end; i++) {
                h = (h << 8) ^ (buf[i] & 0xFF);
            }
        }
        h *= MIX;
        return (int) (h >>> 32);
    }

    /** {@code candidate} equals {@code buf[offset, offset+length)}; word-wise, as keys are short. */
    private static boolean sameKey(final byte[] candidate, final byte[] buf, final int offset, final int length) {
        if (candidate.length != length) {
            return false;
        }
        if (length < Long.BYTES) {
            return Arrays.equals(candidate, 0, length, buf, offset, offset + length);
        }
        int i = 0;
        for (; i + Long.BYTES < length; i += Long.BYTES) {
            if ((long) LONG_LE.get(candidate, i) != (long) LONG_LE.get(buf, offset + i)) {
                return false;
            }
        }
        return (long) LONG_LE.get(candidate, length - Long.BYTES) == (long) LONG_LE.get(buf, offset + length - Long.BYTES);
    }
}
