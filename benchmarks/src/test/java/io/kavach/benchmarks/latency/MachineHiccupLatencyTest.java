package io.kavach.benchmarks.latency;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineHiccupLatencyTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldDelayEveryArrivalAGapCoversUntilTheGapEnds() {
        // one 1 ms gap in a 1 s window; at 100,000/s (10 µs apart) it covers 100 arrivals
        final MachineHiccupLatency.Timeline t = timeline(new long[] {400_000_000L}, new long[] {1_000_000L});
        final Histogram waits = MachineHiccupLatency.arrivalWaits(t, 100_000, new SplittableRandom(7));

        assertEquals(100_000, waits.getTotalCount(), 1, "one wait per arrival of the window");
        assertEquals(100, waits.getTotalCount() - waits.getCountAtValue(0), 1);
        assertTrue(waits.getMaxValue() > 990_000 && waits.getMaxValue() <= 1_000_000,
            "the first arrival in the gap waits nearly all of it: " + waits.getMaxValue());
        // the covered arrivals are spread evenly over the gap, so their median waits about half of it
        assertEquals(500_000, waits.getValueAtPercentile(99.95), 20_000);
        assertEquals(0, waits.getValueAtPercentile(99.8));
    }

    @Test
    void shouldLetAGapShorterThanThePeriodDelayOnlyTheArrivalsThatFallInsideIt() {
        // 1,000 gaps of 2 µs at 10,000/s (100 µs apart): each catches an arrival with probability 2%
        final long[] starts = new long[1_000];
        final long[] lengths = new long[1_000];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = i * 997_003L + 13;
            lengths[i] = 2_000;
        }
        final Histogram waits = MachineHiccupLatency.arrivalWaits(timeline(starts, lengths), 10_000, new SplittableRandom(11));

        final long delayed = waits.getTotalCount() - waits.getCountAtValue(0);
        assertTrue(delayed >= 5 && delayed <= 40, "about 20 of 10,000 arrivals are delayed, got " + delayed);
        assertTrue(waits.getMaxValue() <= 2_000);
    }

    @Test
    void shouldMakeAnArrivalOnAPathWaitForEachStageInTurn() {
        // stage 0 away 100–200 µs, stage 1 away 150–450 µs: an arrival at 120 µs reaches stage 1 at 200 µs
        // and waits there until 450 µs; one at 300 µs finds stage 0 on its core and waits for stage 1 only
        final MachineHiccupLatency.Timeline first = new MachineHiccupLatency.Timeline("a", 1_000_000L,
            new long[] {100_000L}, new long[] {100_000L}, 1, 0);
        final MachineHiccupLatency.Timeline second = new MachineHiccupLatency.Timeline("b", 1_000_000L,
            new long[] {150_000L}, new long[] {300_000L}, 1, 0);
        final Histogram waits = MachineHiccupLatency.pathWaits(List.of(first, second), 100_000, new SplittableRandom(3));

        assertEquals(100, waits.getTotalCount());
        // arrivals from 100 µs to 450 µs (35 of them) all leave at 450 µs: the first waits ~350 µs
        assertEquals(35, waits.getTotalCount() - waits.getCountAtValue(0), 1);
        assertEquals(350_000, waits.getMaxValue(), 10_000);
        // the single-thread view of the first stage alone sees 10 delayed arrivals at most 100 µs
        final Histogram alone = MachineHiccupLatency.arrivalWaits(first, 100_000, new SplittableRandom(3));
        assertEquals(10, alone.getTotalCount() - alone.getCountAtValue(0), 1);
        assertTrue(alone.getMaxValue() <= 100_000);
    }

    @Test
    void shouldFindTheGapsOfASpinningThread() throws InterruptedException {
        final MachineHiccupLatency.Timeline t = MachineHiccupLatency.spin(1, 0.2).get(0);

        assertEquals(200_000_000L, t.windowNanos());
        assertTrue(t.offCoreNanos() < t.windowNanos(), "a thread cannot be away longer than the window");
        for (int i = 1; i < t.gaps(); i++) {
            assertTrue(t.gapStarts()[i] >= t.gapStarts()[i - 1] + t.gapLengths()[i - 1], "gaps are in order and apart");
        }
    }

    @Test
    void shouldTimeEveryWakeUpOfTheParkedThread() throws InterruptedException {
        final Histogram wakeUps = MachineHiccupLatency.wakeUps(50);

        assertEquals(50, wakeUps.getTotalCount());
        assertTrue(wakeUps.getMinValue() > 0);
    }

    private static MachineHiccupLatency.Timeline timeline(final long[] starts, final long[] lengths) {
        return new MachineHiccupLatency.Timeline("test", SECOND, starts, lengths, starts.length, 0);
    }
}
