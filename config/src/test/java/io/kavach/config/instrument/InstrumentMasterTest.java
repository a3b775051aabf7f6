package io.kavach.config.instrument;

import io.kavach.config.Prices;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstrumentMasterTest {
    @Test
    void shouldKnowTheShippedIndicesByKeyAndBySymbol() {
        final InstrumentMaster master = InstrumentMaster.builtIn();
        assertEquals(InstrumentMaster.NIFTY_50, master.resolveKey("NIFTY"));
        assertEquals(InstrumentMaster.NIFTY_BANK, master.resolveKey("banknifty"));
        assertEquals(InstrumentMaster.NIFTY_50, master.resolveKey(InstrumentMaster.NIFTY_50));
        assertNull(master.resolveKey("NOPE"));
    }

    @Test
    void shouldLoadTheRealUpstoxCsvAndReportBrokenRowsByLine() throws Exception {
        final Path sample = SharedData.file("upstox-instruments-bse-sample.csv");
        final InstrumentMaster master = InstrumentMaster.builtIn();
        try (var reader = Files.newBufferedReader(sample)) {
            final int loaded = master.loadCsv(reader, sample.getFileName().toString());
            assertTrue(loaded > 20_000, "rows loaded: " + loaded);
        }
        assertNotNull(master.byKey("BSE_INDEX|SENSEX"));

        final InstrumentMaster small = InstrumentMaster.builtIn();
        final String csv = "\"instrument_key\",\"exchange_token\",\"tradingsymbol\",\"name\",\"last_price\",\"expiry\",\"strike\",\"tick_size\",\"lot_size\",\"instrument_type\",\"option_type\",\"exchange\"\n"
            + "\"BSE_EQ|INE002A01018\",\"500325\",\"RELIANCE\",\"RELIANCE INDUSTRIES\",\"2500\",\"\",,\"0.05\",\"1\",\"EQUITY\",,\"BSE_EQ\"\n"
            + "\"NOKEY\",\"1\",\"X\",\"X\",\"1\",\"\",,\"0.05\",\"1\",\"EQUITY\",,\"BSE_EQ\"\n"
            + "\"BSE_EQ|BROKEN\",\"1\",\"Y\",\"Y\",\"1\",\"\",,\"abc\",\"1\",\"EQUITY\",,\"BSE_EQ\"\n";
        assertEquals(1, small.loadCsv(new StringReader(csv), "test.csv"));
        assertEquals(Prices.toFixed(0.05), small.bySymbol("reliance").tickSize());
        assertEquals(2, small.loadErrors().size());
        assertTrue(small.loadErrors().get(0).startsWith("test.csv line 3:"), small.loadErrors().get(0));
        assertTrue(small.loadErrors().get(1).startsWith("test.csv line 4:"), small.loadErrors().get(1));
    }
}
