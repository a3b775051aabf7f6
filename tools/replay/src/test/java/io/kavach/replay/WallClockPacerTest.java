package io.kavach.replay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WallClockPacerTest {
    /** A fake monotonic clock that advances by a fixed step each read, so waiting terminates. */
    private static final class SteppingClock {
        long now = 1_000_000_000L;

        long read() {
            now += 10_000; // 10 µs per read
            return now;
        }
    }

    @Test
    void shouldDivideEventTimeGapsByTheSpeedFactor() {
        final WallClockPacer tenX = new WallClockPacer(10, System::nanoTime);
        tenX.awaitEventTime(1_000);
        assertEquals(100_000_000L, tenX.dueOffsetNanos(2_000));      // 1 s of event time → 100 ms
        assertEquals(0, tenX.dueOffsetNanos(500));                    // time running backwards is not waited for
        final WallClockPacer hundredX = new WallClockPacer(100, System::nanoTime);
        hundredX.awaitEventTime(0);
        assertEquals(600_000_000L, hundredX.dueOffsetNanos(60_000)); // a minute → 0.6 s
    }

    @Test
    void shouldNotReleaseAnEventBeforeItsScaledTime() {
        final SteppingClock clock = new SteppingClock();
        final WallClockPacer pacer = new WallClockPacer(1_000, clock::read);
        pacer.awaitEventTime(10_000);
        final long start = clock.now;
        pacer.awaitEventTime(10_500); // 500 ms at 1000x = 500 µs
        assertTrue(clock.now - start >= 500_000, "released after " + (clock.now - start) + " ns");
        assertTrue(clock.now - start < 600_000, "waited too long: " + (clock.now - start) + " ns");
    }

    @Test
    void shouldParseSpeeds() {
        assertEquals(1, ReplaySpeed.parse("1x").factor());
        assertEquals(100, ReplaySpeed.parse("100X").factor());
        assertTrue(ReplaySpeed.parse("max").isMax());
        assertThrows(IllegalArgumentException.class, () -> ReplaySpeed.parse("0x"));
        assertThrows(IllegalArgumentException.class, () -> ReplaySpeed.parse("fast"));
        assertThrows(IllegalArgumentException.class, () -> new WallClockPacer(0, System::nanoTime));
    }

    @Test
    void shouldParseReplayTimesAsIstUnlessAnOffsetIsGiven() {
        assertEquals(1_672_631_100_000L, ReplayTimes.parseEpochMs("2023-01-02T09:15"));
        assertEquals(1_672_631_100_000L, ReplayTimes.parseEpochMs("2023-01-02T09:15:00+05:30"));
        assertEquals(1_672_631_100_000L, ReplayTimes.parseEpochMs("2023-01-02T03:45:00Z"));
        assertEquals(1_672_597_800_000L, ReplayTimes.parseEpochMs("2023-01-02"));
        assertEquals(42, ReplayTimes.parseEpochMs("42"));
        assertThrows(IllegalArgumentException.class, () -> ReplayTimes.parseEpochMs("yesterday"));
    }
}
