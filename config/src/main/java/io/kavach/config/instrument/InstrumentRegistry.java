package io.kavach.config.instrument;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.agrona.UnsafeAccess.ARRAY_BYTE_BASE_OFFSET;
import static org.agrona.UnsafeAccess.UNSAFE;

/**
 * Maps Upstox instrument keys ({@code NSE_EQ|INE002A01018}) to dense {@code int} ids, once, at
 * subscription time; the hot path then speaks ids only. {@link #find(byte[], int, int)} and
 * {@link #find(DirectBuffer, int, int)} resolve key bytes straight from a decoder's buffer (heap or
 * direct) without allocating or copying.
 *
 * <p>Lookup is one open-addressing table of flat {@code long} slots: a slot holds the key's first,
 * middle and last eight bytes and its length next to the id, so a key of up to
 * {@value #KEY_BYTES_IN_SLOT} bytes (every Upstox key) is hashed from three word loads and matched
 * in its slot, without following a pointer to the key's bytes. Longer keys compare the rest
 * against the registry's copy.
 *
 * <p>Threading: {@link #register} is called on the thread that owns subscriptions (cold path);
 * lookups must happen on that same thread or after a safe publication of the registry (ids are
 * never reused or moved, so a reader that saw a key keeps seeing the same id).
 */
public final class InstrumentRegistry {
    public static final int NOT_FOUND = -1;
    /** Keys up to this many bytes are held whole in their slot (first, middle, last word). */
    static final int KEY_BYTES_IN_SLOT = 24;

    private static final int SLOT_LONGS = 4; // first word, middle word, last word, length << 32 | id + 1 (0 = empty)
    private static final long ARRAY_LONG_BASE_OFFSET = UNSAFE.arrayBaseOffset(long[].class);
    private static final long MIX_FIRST = 0x9E37_79B9_7F4A_7C15L;
    private static final long MIX_MIDDLE = 0xC2B2_AE3D_27D4_EB4FL;
    private static final long MIX_LAST = 0x1656_67B1_9E37_79F9L;

    private final List<String> keysById = new ArrayList<>();
    private byte[][] keyBytesById = new byte[64][];
    private long[] slots;
    private int mask; // slot count - 1
    private int shift; // 64 - log2(slot count): the hash's top bits pick the slot

    public InstrumentRegistry() {
        this(1024);
    }

    public InstrumentRegistry(final int expectedInstruments) {
        final int capacity = Integer.highestOneBit(Math.max(16, expectedInstruments * 2) - 1) << 1;
        slots = new long[capacity * SLOT_LONGS];
        mask = capacity - 1;
        shift = Long.SIZE - Integer.numberOfTrailingZeros(capacity);
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
        if ((id + 1) * 2 > mask + 1) {
            rehash((mask + 1) * 2);
        }
        insert(id);
        return id;
    }

    /** The id of a key given as bytes in {@code buf[offset, offset+length)}, or {@link #NOT_FOUND}. Allocation-free. */
    public int find(final byte[] buf, final int offset, final int length) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        return lookup(buf, ARRAY_BYTE_BASE_OFFSET + offset, length);
    }

    /**
     * The id of a key given as bytes in {@code buffer[index, index+length)} (heap or direct memory),
     * or {@link #NOT_FOUND}. Allocation-free, no copy.
     */
    public int find(final DirectBuffer buffer, final int index, final int length) {
        Objects.checkFromIndexSize(index, length, buffer.capacity());
        return lookup(buffer.byteArray(), buffer.addressOffset() + index, length);
    }

    /**
     * The id of a key whose {@code length} bytes are at {@code address} of {@code base} as {@code Unsafe}
     * addresses memory (a heap array and {@code ARRAY_BYTE_BASE_OFFSET + index}, or {@code null} and a
     * native address), or {@link #NOT_FOUND}. Nothing here checks that those bytes are readable: for a
     * decoder that has checked its whole frame against its buffer once and reads the buffer's memory
     * straight (as {@code io.kavach.feed.market.MarketFeedDecoder} does). Allocation-free.
     */
    public int findUnchecked(final Object base, final long address, final int length) {
        return lookup(base, address, length);
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

    /** {@code base}/{@code address} as {@code Unsafe} takes them; the callers checked the bounds. */
    private int lookup(final Object base, final long address, final int length) {
        final long first;
        final long middle;
        final long last;
        if (length >= Long.BYTES) {
            first = UNSAFE.getLong(base, address);
            middle = length > 2 * Long.BYTES ? UNSAFE.getLong(base, address + Long.BYTES) : 0;
            last = UNSAFE.getLong(base, address + length - Long.BYTES);
        } else {
            first = shortKey(base, address, length);
            middle = 0;
            last = 0;
        }
        // Slots are read without index checks: the slot number is masked by the table's own size, so it
        // stays inside that array even if a racing register() (not allowed, see above) swapped tables.
        final long[] slots = this.slots;
        final int mask = (slots.length >>> 2) - 1;
        int slot = hash(first, middle, last, length, shift) & mask;
        while (true) {
            final long at = ARRAY_LONG_BASE_OFFSET + ((long) slot << 5);
            final long found = UNSAFE.getLong(slots, at + 3 * Long.BYTES);
            if (found == 0) {
                return NOT_FOUND;
            }
            if ((int) (found >>> 32) == length && UNSAFE.getLong(slots, at) == first
                && UNSAFE.getLong(slots, at + 2 * Long.BYTES) == last && UNSAFE.getLong(slots, at + Long.BYTES) == middle
                && (length <= KEY_BYTES_IN_SLOT || sameMiddle(keyBytesById[(int) found - 1], base, address, length))) {
                return (int) found - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void insert(final int id) {
        final byte[] key = keyBytesById[id];
        final long address = ARRAY_BYTE_BASE_OFFSET;
        final int length = key.length;
        final long first = length >= Long.BYTES ? UNSAFE.getLong(key, address) : shortKey(key, address, length);
        final long middle = length > 2 * Long.BYTES ? UNSAFE.getLong(key, address + Long.BYTES) : 0;
        final long last = length >= Long.BYTES ? UNSAFE.getLong(key, address + length - Long.BYTES) : 0;
        int slot = hash(first, middle, last, length, shift);
        while (slots[slot * SLOT_LONGS + 3] != 0) {
            slot = (slot + 1) & mask;
        }
        final int i = slot * SLOT_LONGS;
        slots[i] = first;
        slots[i + 1] = middle;
        slots[i + 2] = last;
        slots[i + 3] = (long) length << 32 | (id + 1);
    }

    private void rehash(final int capacity) {
        slots = new long[capacity * SLOT_LONGS];
        mask = capacity - 1;
        shift = Long.SIZE - Integer.numberOfTrailingZeros(capacity);
        for (int id = 0; id < keysById.size(); id++) {
            insert(id);
        }
    }

    /** Keys shorter than a word, packed into one (never for real Upstox keys). */
    private static long shortKey(final Object base, final long address, final int length) {
        long word = 0;
        for (int i = 0; i < length; i++) {
            word = (word << 8) | (UNSAFE.getByte(base, address + i) & 0xFF);
        }
        return word;
    }

    private static int hash(final long first, final long middle, final long last, final int length, final int shift) {
        // Multiplicative hashing: a product's top bits depend on every bit of its input, so the top bits
        // of the sum pick the slot. Keys of one segment share their first word ("NSE_FO|4"); the last
        // one carries most of the entropy.
        return (int) ((first * MIX_FIRST + middle * MIX_MIDDLE + (last + length) * MIX_LAST) >>> shift);
    }

    /** Bytes {@code [16, length-8)} of a key longer than {@value #KEY_BYTES_IN_SLOT}, which its slot does not hold. */
    private static boolean sameMiddle(final byte[] key, final Object base, final long address, final int length) {
        for (int i = 2 * Long.BYTES; i < length - Long.BYTES; i++) {
            if (key[i] != UNSAFE.getByte(base, address + i)) {
                return false;
            }
        }
        return true;
    }
}
