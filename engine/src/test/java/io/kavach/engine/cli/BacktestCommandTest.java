package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacktestCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path shippedBars(final String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            final Path p = d.resolve("data").resolve("bars").resolve(name);
            if (Files.isReadable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("data/bars/" + name + " not found");
    }

    private record Run(int exit, String err) {
    }

    private static Run run(final String... args) {
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(KavachMain.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }

    @Test
    void shouldWriteOneLinePerClosedFiveMinuteCandleWithIndicatorsFromTheShippedBars() throws Exception {
        final Path out = dir.resolve("out.jsonl");
        final Run r = run("backtest", "--bars", shippedBars("nifty50-2023-01-1m.csv").toString(), "--instrument", "NSE_INDEX|Nifty 50",
            "--timeframe", "5m", "--indicators", "rsi:14,ema:9,macd:12:26:9", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        final List<String> lines = Files.readAllLines(out);
        assertEquals(21 * 75, lines.size(), "21 trading days of 75 five-minute candles (09:15-15:30)");
        final JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("NSE_INDEX|Nifty 50", first.get("instrument").asText());
        assertEquals("5m", first.get("timeframe").asText());
        assertEquals("2023-01-02T09:15:00+05:30", first.get("start").asText());
        // the 09:08 pre-open bar stays out; the 09:15 candle starts with the 09:16 bar's open
        assertEquals(18133.65, first.get("open").asDouble());
        assertTrue(first.get("indicators").get("rsi:14").isNull());
        final JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("2023-01-31T15:25:00+05:30", last.get("start").asText());
        assertTrue(last.get("indicators").get("rsi:14").isNumber());
        final JsonNode macd = last.get("indicators").get("macd:12:26:9");
        assertEquals(macd.get("macd").asDouble() - macd.get("signal").asDouble(), macd.get("histogram").asDouble(), 1e-9);
        assertTrue(r.err().contains("1575 candles"), r.err());
        assertTrue(r.err().contains("events/s"), r.err());
    }

    @Test
    void shouldBeByteIdenticalOnEveryRun() throws Exception {
        final Path a = dir.resolve("a.jsonl");
        final Path b = dir.resolve("b.jsonl");
        final String bars = shippedBars("banknifty-2022-12-1m.csv").toString();
        assertEquals(0, run("backtest", "--bars", bars, "--timeframe", "15m", "--indicators", "sma:20,bollinger:20:2,atr:14,supertrend:10:3", "--out", a.toString()).exit());
        assertEquals(0, run("backtest", "--bars", bars, "--timeframe", "15m", "--indicators", "sma:20,bollinger:20:2,atr:14,supertrend:10:3", "--out", b.toString(),
            "--wait-strategy", "yielding", "--ring-size", "64").exit());
        assertTrue(Files.size(a) > 0);
        assertEquals(-1L, Files.mismatch(a, b));
    }

    @Test
    void shouldCountAndNameBrokenLinesAndStillProcessTheRest() throws Exception {
        final Path bars = dir.resolve("bars.csv");
        Files.writeString(bars, String.join("\n",
            "NIFTY,20230102,09:15,100,101,99,100.5,0,0",
            "NIFTY,20230102,09:16,100.5,oops,99,100,0,0",
            "NIFTY,20230102,09:17,100,102,99,101,0,0",
            "NIFTY,20230102,09:18,100,NaN,99,101,0,0",
            "NIFTY,20230102,09:20,101,103,100,102,0,0"));
        final Path out = dir.resolve("out.jsonl");
        final Run r = run("backtest", "--bars", bars.toString(), "--timeframe", "1m", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("line 2: high 'oops' is not a number"), r.err());
        assertTrue(r.err().contains("line 4: high NaN"), r.err());
        assertTrue(r.err().contains("2 bad input lines"), r.err());
        assertEquals(3, Files.readAllLines(out).size(), r.err());
    }

    @Test
    void shouldExitTwoNamingTheOptionOnBadInput() {
        final Path out = dir.resolve("x.jsonl");
        final String bars = shippedBars("nifty50-2023-01-1m.csv").toString();
        Run r = run("backtest", "--bars", bars, "--timeframe", "7m", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--timeframe"), r.err());
        r = run("backtest", "--bars", bars, "--indicators", "rsi:abc", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--indicators"), r.err());
        r = run("backtest", "--bars", dir.resolve("missing.csv").toString(), "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("missing.csv"), r.err());
        r = run("backtest", "--out", out.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--bars"), r.err());
    }
}
