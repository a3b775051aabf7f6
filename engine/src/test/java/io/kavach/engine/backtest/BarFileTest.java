package io.kavach.engine.backtest;

import io.kavach.config.Prices;
import io.kavach.engine.output.IstTimestamps;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarFileTest {
    private static BarFile parse(final String csv, final List<String> rejected) throws Exception {
        return BarFile.parse(new BufferedReader(new StringReader(csv)), "bars.csv", rejected::add);
    }

    @Test
    void shouldLoadGoodLinesSortedAndReportEachBrokenLineByNumber() throws Exception {
        final List<String> rejected = new ArrayList<>();
        final BarFile bars = parse(String.join("\n",
            "NIFTY,20230102,09:17,18142.20,18145.70,18131.40,18135.65,0,0",
            "NIFTY,20230102,09:16,18133.65,18153.20,18117.05,18141.35,10,0",
            "NIFTY,20230102,09:18,abc,18140.55,18120.65,18140.55,0,0",
            "NIFTY,20230102,09:19,18139.40,18139.40,18120.15",
            "NIFTY,20230102,9:20,1,1,1,1,0,0",
            "NIFTY,20230102,09:21,100,90,95,96,0,0",
            "NIFTY,20230102,09:22,NaN,1,1,1,0,0",
            "NIFTY,20230102,09:23,-5,1,1,1,0,0",
            "NIFTY,20230132,09:24,1,1,1,1,0,0",
            "NIFTY,20230102,09:25,1,1,1,1,-3,0",
            "NIFTY,20230102,09:16,1,1,1,1,0,0",
            ""), rejected);
        assertEquals(2, bars.count());
        assertEquals("NIFTY", bars.symbol());
        assertEquals("2023-01-02T09:16:00+05:30", IstTimestamps.iso(bars.startEpochMs(0)));
        assertEquals(Prices.toFixed(18133.65), bars.open(0));
        assertEquals(10, bars.volume(0));
        assertEquals(Prices.toFixed(18135.65), bars.close(1));
        assertEquals(9, rejected.size(), String.join("\n", rejected));
        assertTrue(rejected.get(0).startsWith("bars.csv line 3: open 'abc' is not a number"), rejected.get(0));
        assertTrue(rejected.get(1).startsWith("bars.csv line 4: expected 9 columns"), rejected.get(1));
        assertTrue(rejected.get(2).startsWith("bars.csv line 5: time '9:20'"), rejected.get(2));
        assertTrue(rejected.get(3).startsWith("bars.csv line 6: high/low"), rejected.get(3));
        assertTrue(rejected.get(4).startsWith("bars.csv line 7: open NaN"), rejected.get(4));
        assertTrue(rejected.get(5).startsWith("bars.csv line 8: open -5"), rejected.get(5));
        assertTrue(rejected.get(6).startsWith("bars.csv line 9:"), rejected.get(6));
        assertTrue(rejected.get(7).startsWith("bars.csv line 10: volume -3"), rejected.get(7));
        assertTrue(rejected.get(8).contains("duplicate bar for 2023-01-02T09:16:00+05:30"), rejected.get(8));
    }
}
