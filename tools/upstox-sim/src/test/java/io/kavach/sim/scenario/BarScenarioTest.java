package io.kavach.sim.scenario;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BarScenarioTest {
    private static final LocalDate DAY = LocalDate.of(2023, 1, 3);

    private static List<String> drain(final Scenario s) {
        final List<String> out = new ArrayList<>();
        final Tick t = new Tick();
        while (s.next(t)) {
            out.add(t.instrumentKey + "@" + (t.marketTimeMs - MarketClock.epochMsAt(DAY.toEpochDay(), 0)) / 1000 + "s="
                + Prices.toDouble(t.priceFixed));
        }
        return out;
    }

    @Test
    void shouldExpandEachBarIntoOpenExtremesAndCloseFifteenSecondsApart(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("bars.csv");
        Files.writeString(file, String.join("\n",
            "X,20230102,15:29,95.0,96.0,94.0,95.5,0,0",          // the day before: its close is the previous close
            "X,20230103,09:15,100.0,110.0,90.0,105.0,0,0",       // up bar: low before high
            "X,20230103,09:16,105.0,106.0,99.0,100.0,400,0"));   // down bar: high before low
        final BarScenario s = new BarScenario(List.of(BarScenario.BarSource.ofFile("NSE_INDEX|X", "X", file)), DAY, DAY);
        final long open = 9 * 3600 + 15 * 60;
        assertEquals(List.of(
            "NSE_INDEX|X@" + open + "s=100.0", "NSE_INDEX|X@" + (open + 15) + "s=90.0",
            "NSE_INDEX|X@" + (open + 30) + "s=110.0", "NSE_INDEX|X@" + (open + 45) + "s=105.0",
            "NSE_INDEX|X@" + (open + 60) + "s=105.0", "NSE_INDEX|X@" + (open + 75) + "s=106.0",
            "NSE_INDEX|X@" + (open + 90) + "s=99.0", "NSE_INDEX|X@" + (open + 105) + "s=100.0"), drain(s));
        assertEquals(Prices.toFixed(95.5), s.instruments().get(0).previousCloseFixed());
        assertEquals(MarketClock.epochMsAt(DAY.toEpochDay(), MarketClock.PRE_OPEN_START_MINUTE), s.startMarketTimeMs());
    }

    @Test
    void shouldReportAndSkipLinesThatDoNotParse(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("bad.csv");
        Files.writeString(file, String.join("\n",
            "X,20230103,09:15,100.0,110.0,90.0,105.0,0,0",
            "X,20230103,09:16,abc,110.0,90.0,105.0,0,0",
            "X,20230103,09:17,100.0,99.0,101.0,100.0,0,0",
            "X,20230103",
            "X,20230103,09:18,100.0,101.0,99.0,100.0,0,0"));
        final BarScenario s = new BarScenario(List.of(BarScenario.BarSource.ofFile("NSE_INDEX|X", "X", file)), null, null);
        assertEquals(8, s.tickCount());
        assertEquals(3, s.badLines().size());
        assertTrue(s.badLines().get(0).contains("line 2"), s.badLines().get(0));
        assertTrue(s.badLines().get(1).contains("line 3") && s.badLines().get(1).contains("inconsistent"));
        assertTrue(s.badLines().get(2).contains("line 4"));
    }

    @Test
    void shouldMergeTheShippedNiftyAndBankNiftyBarsByTime() {
        final BarScenario s = BarScenario.shipped(LocalDate.of(2023, 1, 2), LocalDate.of(2023, 1, 2));
        assertTrue(s.badLines().isEmpty(), s.badLines().toString());
        final Tick t = new Tick();
        long last = Long.MIN_VALUE;
        int nifty = 0;
        int bank = 0;
        while (s.next(t)) {
            assertTrue(t.marketTimeMs >= last);
            last = t.marketTimeMs;
            if (BarScenario.NIFTY_50_KEY.equals(t.instrumentKey)) {
                nifty++;
            } else if (BarScenario.NIFTY_BANK_KEY.equals(t.instrumentKey)) {
                bank++;
            }
        }
        assertEquals(378 * 4, nifty); // 378 bars on 2023-01-02, the 09:08 pre-open bar included
        assertTrue(bank > 300 * 4);
        assertFalse(s.next(t));
    }

    @Test
    void shouldRepeatTheSameRandomWalkForTheSameSeed() {
        final long seed = 42;
        System.out.println("random walk seed " + seed);
        final List<String> keys = RandomWalkScenario.defaultKeys(5);
        final List<String> a = new ArrayList<>();
        final List<String> b = new ArrayList<>();
        final List<String> c = new ArrayList<>();
        final Tick t = new Tick();
        final RandomWalkScenario ra = new RandomWalkScenario(seed, keys, 1000, 0, 500);
        final RandomWalkScenario rb = new RandomWalkScenario(seed, keys, 1000, 0, 500);
        final RandomWalkScenario rc = new RandomWalkScenario(seed + 1, keys, 1000, 0, 500);
        while (ra.next(t)) {
            a.add(t.instrumentKey + t.marketTimeMs + ":" + t.priceFixed + "x" + t.quantity);
            assertTrue(t.priceFixed > 0 && t.priceFixed % RandomWalkScenario.TICK_SIZE_FIXED == 0);
        }
        while (rb.next(t)) {
            b.add(t.instrumentKey + t.marketTimeMs + ":" + t.priceFixed + "x" + t.quantity);
        }
        while (rc.next(t)) {
            c.add(t.instrumentKey + t.marketTimeMs + ":" + t.priceFixed + "x" + t.quantity);
        }
        assertEquals(500, a.size());
        assertEquals(a, b);
        assertFalse(a.equals(c));
        assertEquals("NSE_EQ|INESIM000001", keys.get(0));
    }
}
