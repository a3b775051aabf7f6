package io.kavach.engine.output;

import io.kavach.config.Prices;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonLinesTest {
    @Test
    void shouldWriteFixedPointPricesAsExactDecimals() {
        final long seed = 4242L;
        System.out.println("JsonLinesTest seed " + seed);
        final SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 100_000; i++) {
            final long fixed = rnd.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
            final StringBuilder sb = new StringBuilder();
            JsonLines.appendPrice(sb, fixed);
            assertEquals(0, new BigDecimal(sb.toString()).compareTo(BigDecimal.valueOf(fixed, 6)), sb.toString());
        }
        final StringBuilder sb = new StringBuilder();
        JsonLines.appendPrice(sb, Prices.toFixed(18131.7));
        sb.append(' ');
        JsonLines.appendPrice(sb, Prices.toFixed(100));
        sb.append(' ');
        JsonLines.appendPrice(sb, Prices.toFixed(0.05));
        assertEquals("18131.7 100.0 0.05", sb.toString());
    }

    @Test
    void shouldNestObjectsEscapeStringsAndWriteNonFiniteDoublesAsNull() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final JsonLines out = new JsonLines(bytes);
        out.begin().field("instrument").value("NSE_INDEX|Nifty 50").field("q\"").value(1L)
            .field("x").openObject().field("a").value(Double.NaN).field("b").value(0.5).closeObject()
            .field("t").timestamp(1_672_631_100_000L).end();
        out.begin().field("empty").openObject().closeObject().end();
        assertEquals("{\"instrument\":\"NSE_INDEX|Nifty 50\",\"q\"\":1,\"x\":{\"a\":null,\"b\":0.5},\"t\":\"2023-01-02T09:15:00+05:30\"}\n"
            + "{\"empty\":{}}\n", bytes.toString(StandardCharsets.UTF_8));
        assertEquals(2, out.lines());
    }
}
