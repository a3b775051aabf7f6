package io.kavach.replay;

import io.kavach.engine.cli.KavachMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    static Path shippedBars(final String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            final Path p = d.resolve("data").resolve("bars").resolve(name);
            if (Files.isReadable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("data/bars/" + name + " not found");
    }

    private static Run capture(final boolean replay, final String... args) {
        final PrintStream oldOut = System.out;
        final PrintStream oldErr = System.err;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            final int exit = replay ? ReplayMain.run(args) : KavachMain.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path journaledBacktest(final Path journal, final Path out) {
        final Run backtest = capture(false, "backtest", "--bars", shippedBars("nifty50-2023-01-1m.csv").toString(),
            "--bars", shippedBars("banknifty-2023-01-1m.csv").toString(),
            "--timeframe", "5m", "--indicators", "rsi:14,ema:9,macd:12:26:9", "--out", out.toString(), "--journal", journal.toString());
        assertEquals(0, backtest.exit(), backtest.err());
        return out;
    }

    private static long eventTimeSpanMs(final Path journal, final long fromMs, final long toMs) {
        final long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        final io.kavach.journal.layout.RecordHeaderDecoder header = new io.kavach.journal.layout.RecordHeaderDecoder();
        try (io.kavach.journal.JournalReader reader = new io.kavach.journal.JournalReader(journal, d -> { })) {
            while (reader.poll((buffer, offset, length) -> {
                final long t = header.wrap(buffer, offset).eventTimeEpochMs();
                if (t >= fromMs && t < toMs) {
                    range[0] = Math.min(range[0], t);
                    range[1] = Math.max(range[1], t);
                }
            }, 4096) > 0) {
                // scan
            }
        }
        return range[1] - range[0];
    }

    private static String sha256(final Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void shouldReproduceAJournaledBacktestsOutputExactlyWithTheSameDigestOnEveryRun() throws Exception {
        final Path journal = dir.resolve("journal");
        final Path backtestOut = journaledBacktest(journal, dir.resolve("backtest.jsonl"));
        assertTrue(Files.size(backtestOut) > 100_000, "backtest wrote " + Files.size(backtestOut) + " bytes");

        final Run first = capture(true, "--journal", journal.toString(), "--out", dir.resolve("replay1.jsonl").toString());
        assertEquals(0, first.exit(), first.err());
        final Run second = capture(true, "--journal", journal.toString(), "--speed", "max", "--out", dir.resolve("replay2.jsonl").toString());
        assertEquals(0, second.exit(), second.err());

        assertArrayEquals(Files.readAllBytes(backtestOut), Files.readAllBytes(dir.resolve("replay1.jsonl")));
        assertArrayEquals(Files.readAllBytes(backtestOut), Files.readAllBytes(dir.resolve("replay2.jsonl")));
        assertTrue(first.out().startsWith("sha256 " + sha256(backtestOut)), first.out());
        assertEquals(first.out().split(" ")[1], second.out().split(" ")[1]);
        assertTrue(first.err().contains("events/s"), first.err());

        final Run same = capture(true, "--diff", backtestOut.toString(), dir.resolve("replay1.jsonl").toString());
        assertEquals(0, same.exit(), same.out());
    }

    static final String BRACKET_RULES = """
        [{"id":1,"user_id":1,"instrument_token":"NSE_INDEX|Nifty 50","max_fires":1,"trigger_type":"price",
          "trigger_config":{"condition":"crosses_above","price":18200},
          "action_type":"place_order","action_config":{"transaction_type":"BUY","quantity":50,"order_type":"MARKET"}},
         {"id":2,"user_id":1,"max_fires":1,"trigger_type":"order_status","trigger_config":{"rule_id":1,"status":"complete"},
          "action_type":"enable_rule","action_config":{"rule_id":3,"also_enable_rules":[4]}},
         {"id":3,"user_id":1,"instrument_token":"NSE_INDEX|Nifty 50","enabled":false,"max_fires":1,"trigger_type":"price",
          "trigger_config":{"condition":"lte","price":18050},
          "action_type":"place_order","action_config":{"transaction_type":"SELL","quantity":50,"order_type":"MARKET",
                                                       "reduce_only":true,"also_cancel_rules":[4]}},
         {"id":4,"user_id":1,"instrument_token":"NSE_INDEX|Nifty 50","enabled":false,"max_fires":1,"trigger_type":"price",
          "trigger_config":{"condition":"gte","price":18300},
          "action_type":"place_order","action_config":{"transaction_type":"SELL","quantity":50,"order_type":"MARKET",
                                                       "reduce_only":true,"also_cancel_rules":[3]}},
         {"id":5,"user_id":1,"instrument_token":"NSE_INDEX|Nifty 50","max_fires":3,"trigger_type":"price",
          "trigger_config":{"condition":"crosses_below","price":17900},
          "action_type":"place_order","action_config":{"transaction_type":"SELL","quantity":25,"order_type":"MARKET"}}]
        """;

    @ParameterizedTest
    @ValueSource(strings = {"inline", "parallel"})
    void shouldReproduceAJournaledBacktestsFiresAndFillsExactly(final String journalPlacement) throws Exception {
        final Path rules = dir.resolve("rules.json");
        Files.writeString(rules, BRACKET_RULES);
        final Path journal = dir.resolve("journal");
        final Path backtestOut = dir.resolve("backtest.jsonl");
        final Run backtest = capture(false, "backtest", "--bars", shippedBars("nifty50-2023-01-1m.csv").toString(),
            "--instrument", "NSE_INDEX|Nifty 50", "--timeframe", "15m", "--indicators", "rsi:14", "--rules", rules.toString(),
            "--out", backtestOut.toString(), "--journal", journal.toString(), "--journal-placement", journalPlacement);
        assertEquals(0, backtest.exit(), backtest.err());
        final List<String> lines = Files.readAllLines(backtestOut);
        final long fires = lines.stream().filter(l -> l.contains("\"type\":\"fire\"")).count();
        final long fills = lines.stream().filter(l -> l.contains("\"type\":\"fill\"")).count();
        assertTrue(fires >= 3 && fills >= 3, "the rules should fire and fill: " + fires + " fires, " + fills + " fills\n" + backtest.err());

        Files.delete(rules); // the journal carries its own copy
        final Run replay = capture(true, "--journal", journal.toString(), "--out", dir.resolve("replay.jsonl").toString());
        assertEquals(0, replay.exit(), replay.err());
        assertArrayEquals(Files.readAllBytes(backtestOut), Files.readAllBytes(dir.resolve("replay.jsonl")),
            RunDiff.firstDivergence(backtestOut, dir.resolve("replay.jsonl")));
    }

    @Test
    void shouldReplayOnlyTheWindowAndPaceItAtTheRequestedSpeed() throws Exception {
        final Path journal = dir.resolve("journal");
        final Path backtestOut = journaledBacktest(journal, dir.resolve("backtest.jsonl"));
        final List<String> firstDay = Files.readAllLines(backtestOut).stream()
            .filter(line -> line.contains("\"start\":\"2023-01-02T")).collect(Collectors.toList());

        final Run day = capture(true, "--journal", journal.toString(), "--from", "2023-01-02", "--to", "2023-01-03",
            "--out", dir.resolve("day.jsonl").toString());
        assertEquals(0, day.exit(), day.err());
        assertEquals(firstDay, Files.readAllLines(dir.resolve("day.jsonl")));

        // a few minutes of event time at 100x take at least span/100 of wall time and give the same lines as max speed
        final long start = System.nanoTime();
        final Run paced = capture(true, "--journal", journal.toString(), "--from", "2023-01-02T09:15", "--to", "2023-01-02T09:18",
            "--speed", "100x", "--out", dir.resolve("paced.jsonl").toString());
        final long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, paced.exit(), paced.err());
        final Run flat = capture(true, "--journal", journal.toString(), "--from", "2023-01-02T09:15", "--to", "2023-01-02T09:18",
            "--out", dir.resolve("flat.jsonl").toString());
        assertEquals(0, flat.exit(), flat.err());
        final long spanMs = eventTimeSpanMs(journal, ReplayTimes.parseEpochMs("2023-01-02T09:15"), ReplayTimes.parseEpochMs("2023-01-02T09:18"));
        assertTrue(spanMs >= 60_000, "window holds " + spanMs + " ms of event time");
        assertTrue(elapsedMs >= spanMs / 100, "100x replay of " + spanMs + " ms of event time took " + elapsedMs + " ms");
        assertArrayEquals(Files.readAllBytes(dir.resolve("flat.jsonl")), Files.readAllBytes(dir.resolve("paced.jsonl")));
        assertEquals(paced.out().split(" ")[1], flat.out().split(" ")[1]);
    }

    @Test
    void shouldRefuseAJournalRootThatAlreadyHoldsAJournalAndBadOptionsWithClearMessages() throws Exception {
        final Path journal = dir.resolve("journal");
        journaledBacktest(journal, dir.resolve("backtest.jsonl"));
        final Run again = capture(false, "backtest", "--bars", shippedBars("nifty50-2023-01-1m.csv").toString(),
            "--out", dir.resolve("again.jsonl").toString(), "--journal", journal.toString());
        assertEquals(KavachMain.EXIT_BAD_INPUT, again.exit());
        assertTrue(again.err().contains("already holds a journal"), again.err());

        final Run badSpeed = capture(true, "--journal", journal.toString(), "--speed", "warp", "--out", dir.resolve("x.jsonl").toString());
        assertEquals(ReplayCommand.EXIT_BAD_INPUT, badSpeed.exit());
        assertTrue(badSpeed.err().contains("speed 'warp'"), badSpeed.err());
        final Run noJournal = capture(true, "--journal", dir.resolve("nothing").toString(), "--out", dir.resolve("x.jsonl").toString());
        assertEquals(ReplayCommand.EXIT_BAD_INPUT, noJournal.exit());
    }
}
