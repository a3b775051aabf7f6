package io.kavach.engine.output;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IstTimestampsTest {
    @Test
    void shouldFormatLikeJavaTimeAtPlusFiveThirty() {
        final long seed = 91_530L;
        System.out.println("IstTimestampsTest seed " + seed);
        final SplittableRandom rnd = new SplittableRandom(seed);
        final DateTimeFormatter seconds = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
        final DateTimeFormatter millis = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
        for (int i = 0; i < 50_000; i++) {
            final long ms = rnd.nextLong(0L, 4_102_444_800_000L);
            final var t = Instant.ofEpochMilli(ms).atOffset(ZoneOffset.ofHoursMinutes(5, 30));
            final String expected = (ms % 1000 == 0 ? seconds : millis).format(t);
            assertEquals(expected, IstTimestamps.iso(ms), "epoch ms " + ms);
        }
        assertEquals("2023-01-02T09:15:00+05:30", IstTimestamps.iso(1_672_631_100_000L));
    }
}
