package io.kavach.benchmarks.feed;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The arithmetic behind the feed harness's "from the bytes' arrival" figures. */
class FeedToRingLatencyTest {
    @Test
    void shouldJoinEachRecordedFrameToTheServerStampOfTheSameFrameIndex() {
        // frames 0 and 1 are warm-up; recorded frames are 2, 3, 4; frame 4 was never stamped
        final long[] stamps = {10, 20, 1_000, 2_000, 0};
        final long[] published = {1_500, 2_700, 9_999};
        final Histogram h = FeedToRingLatency.fromServerStamp(stamps, 2, published, 3);
        assertEquals(2, h.getTotalCount());
        assertEquals(500, h.getMinValue());
        assertEquals(700, h.getMaxValue(), 1);
    }

    @Test
    void shouldCountAFramePublishedBeforeTheStampAsZero() {
        final Histogram h = FeedToRingLatency.fromServerStamp(new long[] {5_000}, 0, new long[] {4_000}, 1);
        assertEquals(1, h.getTotalCount());
        assertEquals(0, h.getMaxValue());
    }

    @Test
    void shouldReadBackBothStampArraysAsTheServerProcessWroteThem(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("stamps.bin");
        final long[] sent = {1, 2, Long.MAX_VALUE};
        final long[] written = {4, 5, -6};
        PacedFeedServer.writeLongs(file, sent, written);
        final long[] both = PacedFeedServer.readLongs(file);
        assertArrayEquals(new long[] {1, 2, Long.MAX_VALUE, 4, 5, -6}, both);
    }
}
