package io.kavach.feed.connection;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectBackoffTest {
    @Test
    void shouldDoubleFromOneSecondToSixtyWithBoundedJitterAndStartOverAfterReset() {
        final long seed = System.nanoTime();
        System.out.println("seed=" + seed);
        final ReconnectBackoff backoff = new ReconnectBackoff(1_000, 60_000, 0.25, new Random(seed));
        final long[] bases = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};
        for (final long base : bases) {
            final long delay = backoff.nextDelayMs();
            assertTrue(delay >= base && delay <= Math.min(60_000, base + base / 4), "delay " + delay + " for base " + base + ", seed " + seed);
        }
        for (int i = 0; i < 1_000; i++) {
            assertTrue(backoff.nextDelayMs() <= 60_000, "never above the maximum");
        }
        backoff.reset();
        assertEquals(0, backoff.failures());
        final long first = backoff.nextDelayMs();
        assertTrue(first >= 1_000 && first <= 1_250, "after a reset the delay starts at one second again: " + first);
    }

    @Test
    void shouldSpreadTheDelaysOfManyClientsByJitter() {
        final Random random = new Random(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int client = 0; client < 100; client++) {
            final long delay = new ReconnectBackoff(1_000, 60_000, 0.25, random).nextDelayMs();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertTrue(max - min > 150, "100 clients must not all retry in the same instant: " + min + ".." + max);
    }
}
