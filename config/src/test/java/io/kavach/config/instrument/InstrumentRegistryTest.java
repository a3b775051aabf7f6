package io.kavach.config.instrument;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InstrumentRegistryTest {
    @Test
    void shouldResolveKeyBytesInsideALargerBufferToTheRegisteredId() {
        final InstrumentRegistry registry = new InstrumentRegistry(4);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, registry.register("NSE_FO|" + i));
        }
        final byte[] frame = "xxNSE_FO|4242yy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(4242, registry.find(frame, 2, 11));
        assertEquals("NSE_FO|4242", registry.keyOf(4242));
        assertEquals(424, registry.find(frame, 2, 10)); // a prefix is a different key
        assertEquals(InstrumentRegistry.NOT_FOUND, registry.find(frame, 1, 11));
        assertEquals(424, registry.find("NSE_FO|424"));
        assertEquals(InstrumentRegistry.NOT_FOUND, registry.find("NSE_EQ|INE002A01018"));
    }

    @Test
    void shouldKeepTheFirstIdWhenAKeyIsRegisteredTwice() {
        final InstrumentRegistry registry = new InstrumentRegistry();
        final int id = registry.register("NSE_INDEX|Nifty 50");
        registry.register("NSE_INDEX|Nifty Bank");
        assertEquals(id, registry.register("NSE_INDEX|Nifty 50"));
        assertEquals(2, registry.size());
    }

    @Test
    void shouldRefuseAnEmptyKey() {
        assertThrows(IllegalArgumentException.class, () -> new InstrumentRegistry().register(""));
    }

    @Test
    void shouldLookUpWithoutAllocating() {
        final InstrumentRegistry registry = new InstrumentRegistry();
        for (int i = 0; i < 1000; i++) {
            registry.register("BSE_EQ|" + i);
        }
        final byte[] key = "BSE_EQ|777".getBytes(StandardCharsets.US_ASCII);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 100_000; i++) {
            sum += registry.find(key, 0, key.length);
        }
        long allocated = 0;
        for (int round = 0; round < 3; round++) {
            final long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 1_000_000; i++) {
                sum += registry.find(key, 0, key.length);
            }
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
            System.out.println("round " + round + ": " + allocated + " bytes");
        }
        assertEquals(777L * 3_100_000, sum);
        assertEquals(0, allocated, "bytes allocated by 1M lookups");
    }
}
