package io.kavach.feed.connection;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReconnectBackoffTest {
    @Test
    void shouldRetryAtOnceThenDoubleFromOneSecondToSixtyWithJitterBelowEachStepAndStartOverAfterReset() {
        final long seed = System.nanoTime();
        System.out.println("seed=" + seed);
        final ReconnectBackoff backoff = new ReconnectBackoff(1_000, 60_000, 0.25, new Random(seed));
        final long first = backoff.nextDelayMs();
        assertTrue(first >= 0 && first <= 250, "the first retry after a healthy connection is fast: " + first + ", seed " + seed);
        final long[] steps = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};
        for (final long step : steps) {
            final long delay = backoff.nextDelayMs();
            assertTrue(delay <= step && delay >= step - step / 4, "delay " + delay + " for step " + step + ", seed " + seed);
        }
        for (int i = 0; i < 1_000; i++) {
            final long delay = backoff.nextDelayMs();
            assertTrue(delay <= 60_000 && delay >= 45_000, "stays within the top step: " + delay);
        }
        backoff.reset();
        assertEquals(0, backoff.failures());
        assertTrue(backoff.nextDelayMs() <= 250, "after a reset the first retry is fast again");
        final long second = backoff.nextDelayMs();
        assertTrue(second >= 750 && second <= 1_000, "then one second again: " + second);
    }

    @Test
    void shouldSpreadTheDelaysOfManyClientsByJitter() {
        final Random random = new Random(7);
        for (int failuresBefore = 0; failuresBefore < 2; failuresBefore++) {
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int client = 0; client < 100; client++) {
                final ReconnectBackoff backoff = new ReconnectBackoff(1_000, 60_000, 0.25, random);
                for (int i = 0; i < failuresBefore; i++) {
                    backoff.nextDelayMs();
                }
                final long delay = backoff.nextDelayMs();
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
            assertTrue(max - min > 150, "100 clients must not all retry in the same instant: " + min + ".." + max);
        }
    }
}
