package io.kavach.config.instrument;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.agrona.UnsafeAccess.UNSAFE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Byte lookups find every registered key wherever it sits in a buffer, and nothing else. */
class InstrumentRegistryLookupTest {
    @Test
    void shouldFindEachOfTwentyThousandKeysFromBytesAtAnyOffset() {
        final InstrumentRegistry registry = new InstrumentRegistry(16); // forces several rehashes
        for (int i = 0; i < 20_000; i++) {
            assertEquals(i, registry.register(key(i)));
        }
        final byte[] buffer = new byte[128];
        final UnsafeBuffer heap = new UnsafeBuffer(buffer);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
        for (int i = 0; i < 20_000; i++) {
            final byte[] key = key(i).getBytes(StandardCharsets.UTF_8);
            final int offset = i % 61;
            System.arraycopy(key, 0, buffer, offset, key.length);
            direct.putBytes(offset, key);
            assertEquals(i, registry.find(buffer, offset, key.length), key(i));
            assertEquals(i, registry.find(heap, offset, key.length), key(i));
            assertEquals(i, registry.find(direct, offset, key.length), key(i));
            assertEquals(i, registry.findUnchecked(buffer, heap.addressOffset() + offset, key.length), key(i));
            assertEquals(i, registry.findUnchecked(null, direct.addressOffset() + offset, key.length), key(i));
            assertEquals(key(i), registry.keyOf(i));
        }
        assertEquals(20_000, registry.size());
    }

    @Test
    void shouldNotFindPrefixesExtensionsOrNearMisses() {
        final InstrumentRegistry registry = new InstrumentRegistry();
        registry.register("NSE_EQ|INE002A01018");
        registry.register("NSE_INDEX|Nifty 50");
        for (final String miss : new String[] {"NSE_EQ|INE002A0101", "NSE_EQ|INE002A010188", "NSE_EQ|INE002A01019", "nse_eq|INE002A01018",
            "NSE_INDEX|Nifty 5", "NSE_INDEX|Nifty 500", "", "N"}) {
            assertEquals(InstrumentRegistry.NOT_FOUND, registry.find(miss), miss);
        }
        assertEquals(1, registry.find("NSE_INDEX|Nifty 50"));
        assertEquals(0, registry.register("NSE_EQ|INE002A01018"), "registering again returns the same id");
    }

    @Test
    void shouldTellApartKeysOfEveryLengthThatDifferInAnySingleByte() {
        // Lengths around the word and slot boundaries (a slot holds keys up to 24 bytes whole); every
        // one-byte change of a registered key, at every position, must miss.
        final InstrumentRegistry registry = new InstrumentRegistry(16);
        final String alphabet = "NSE_FO|BANKNIFTY24JAN48000CE-0123456789abcdefghijklmnopqrstuvwxyz";
        final int[] lengths = {1, 2, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 40, 64};
        for (final int length : lengths) {
            registry.register(alphabet.substring(0, length));
        }
        for (int k = 0; k < lengths.length; k++) {
            final byte[] key = alphabet.substring(0, lengths[k]).getBytes(StandardCharsets.US_ASCII);
            assertEquals(k, registry.find(key, 0, key.length));
            for (int at = 0; at < key.length; at++) {
                final byte original = key[at];
                key[at] = (byte) (original ^ 0x20);
                assertEquals(InstrumentRegistry.NOT_FOUND, registry.find(key, 0, key.length), "length " + key.length + ", byte " + at + " changed");
                assertEquals(InstrumentRegistry.NOT_FOUND, registry.findUnchecked(key, UNSAFE.arrayBaseOffset(byte[].class), key.length),
                    "unchecked, length " + key.length + ", byte " + at + " changed");
                key[at] = original;
            }
            if (key.length > 1) {
                assertEquals(InstrumentRegistry.NOT_FOUND, registry.find(key, 1, key.length - 1), "suffix of length " + key.length);
            }
        }
    }

    @Test
    void shouldRejectBoundsOutsideTheBuffer() {
        final InstrumentRegistry registry = new InstrumentRegistry();
        registry.register("NSE_EQ|INE002A01018");
        final byte[] bytes = new byte[16];
        assertThrows(IndexOutOfBoundsException.class, () -> registry.find(bytes, 4, 13));
        assertThrows(IndexOutOfBoundsException.class, () -> registry.find(bytes, -1, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> registry.find(new UnsafeBuffer(bytes), 10, 7));
    }

    private static String key(final int i) {
        switch (i % 4) {
            case 0: return "NSE_EQ|INE" + (100_000 + i) + "A01018";
            case 1: return "NSE_FO|" + (35_000 + i);
            case 2: return "BSE_INDEX|Index " + i;
            default: return "MCX_FO|" + i;
        }
    }
}
