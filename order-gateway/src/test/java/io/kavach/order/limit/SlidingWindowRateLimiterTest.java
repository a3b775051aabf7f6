package io.kavach.order.limit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlidingWindowRateLimiterTest {
    @Test
    void shouldGrantTenThenRefuseUntilTheWindowPlusMarginHasPassed() {
        final SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(RateLimits.orderDefaults());
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.tryAcquire(1_000));
        }
        assertFalse(limiter.tryAcquire(1_000));
        assertEquals(2_050, limiter.nextPermitEpochMs(1_500));
        assertFalse(limiter.tryAcquire(2_049));
        assertTrue(limiter.tryAcquire(2_050));
    }

    @Test
    void shouldHoldEveryPermitDuringAPauseAndNeverShortenIt() {
        final SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(RateLimits.orderDefaults());
        limiter.pauseUntil(5_000);
        limiter.pauseUntil(3_000);
        assertFalse(limiter.tryAcquire(4_999));
        assertEquals(5_000, limiter.nextPermitEpochMs(0));
        assertTrue(limiter.tryAcquire(5_000));
    }

    @Test
    void shouldMatchANaiveReferenceAndNeverExceedAnyWindowOnRandomDemand() {
        final long seed = new Random().nextLong();
        System.out.println("SlidingWindowRateLimiterTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] counts = {3, 7, 20};
        final long[] windows = {100, 1_000, 10_000};
        final SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(new RateLimits(counts, windows, 5));
        final List<Long> granted = new ArrayList<>();
        long now = 0;
        for (int step = 0; step < 200_000; step++) {
            now += random.nextInt(0, 40);
            final boolean reference = naiveAllows(granted, now, counts, windows, 5);
            assertEquals(reference, limiter.tryAcquire(now), "seed " + seed + " step " + step + " at " + now);
            if (reference) {
                granted.add(now);
            }
        }
        for (int l = 0; l < counts.length; l++) {
            for (int i = 0; i + counts[l] < granted.size(); i++) {
                assertTrue(granted.get(i + counts[l]) - granted.get(i) >= windows[l] + 5);
            }
        }
        assertTrue(granted.size() > 100);
    }

    private static boolean naiveAllows(final List<Long> granted, final long now, final int[] counts, final long[] windows, final long margin) {
        for (int l = 0; l < counts.length; l++) {
            int inWindow = 0;
            for (int i = granted.size() - 1; i >= 0 && now - granted.get(i) < windows[l] + margin; i--) {
                inWindow++;
            }
            if (inWindow >= counts[l]) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldRefuseNonsenseLimits() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RateLimits(new int[]{0}, new long[]{1_000}, 0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RateLimits(new int[]{1, 2}, new long[]{1_000}, 0));
    }
}
