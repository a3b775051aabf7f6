package io.kavach.config.instrument;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Byte lookups find every registered key wherever it sits in a buffer, and nothing else. */
class InstrumentRegistryLookupTest {
    @Test
    void shouldFindEachOfTwentyThousandKeysFromBytesAtAnyOffset() {
        final InstrumentRegistry registry = new InstrumentRegistry(16); // forces several rehashes
        for (int i = 0; i < 20_000; i++) {
            assertEquals(i, registry.register(key(i)));
        }
        final byte[] buffer = new byte[128];
        for (int i = 0; i < 20_000; i++) {
            final byte[] key = key(i).getBytes(StandardCharsets.UTF_8);
            final int offset = i % 61;
            System.arraycopy(key, 0, buffer, offset, key.length);
            assertEquals(i, registry.find(buffer, offset, key.length), key(i));
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

    private static String key(final int i) {
        switch (i % 4) {
            case 0: return "NSE_EQ|INE" + (100_000 + i) + "A01018";
            case 1: return "NSE_FO|" + (35_000 + i);
            case 2: return "BSE_INDEX|Index " + i;
            default: return "MCX_FO|" + i;
        }
    }
}
