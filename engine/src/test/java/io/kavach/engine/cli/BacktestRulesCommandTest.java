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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kavach backtest --rules}: the shipped example rule files on the shipped bars, through the real ring and paper broker. */
class BacktestRulesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path shipped(final String first, final String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            final Path p = d.resolve(first).resolve(name);
            if (Files.isReadable(p)) {
                return p;
            }
        }
        throw new IllegalStateException(first + "/" + name + " not found");
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

    private Run backtest(final String rules, final Path out, final String... extra) {
        final List<String> args = new ArrayList<>(List.of("backtest",
            "--bars", shipped("data/bars", "nifty50-2022-12-1m.csv").toString(), "--instrument", "NSE_INDEX|Nifty 50",
            "--bars", shipped("data/bars", "banknifty-2022-12-1m.csv").toString(), "--instrument", "NSE_INDEX|Nifty Bank",
            "--timeframe", "5m", "--rules", rules, "--out", out.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(new String[0]));
    }

    private static List<JsonNode> linesOfType(final Path out, final String type) throws Exception {
        final List<JsonNode> result = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            final JsonNode n = JSON.readTree(line);
            if (n.has("type") && type.equals(n.get("type").asText())) {
                result.add(n);
            }
        }
        return result;
    }

    @Test
    void shouldFireTheOcoExampleEntryThenExactlyOneLegAndFillBothOnThePaperBroker() throws Exception {
        final Path out = dir.resolve("oco.jsonl");
        final Run r = backtest(shipped("config/examples", "oco-stop-target.json").toString(), out);
        assertEquals(0, r.exit(), r.err());
        final List<JsonNode> fires = linesOfType(out, "fire");
        assertEquals(List.of(1L, 2L), fires.stream().map(n -> n.get("rule_id").asLong()).toList(), "entry, then the stop; the target is cancelled");
        final JsonNode entry = fires.get(0);
        assertEquals("2022-12-05T10:01:30+05:30", entry.get("ts").asText());
        assertEquals("NSE_INDEX|Nifty 50", entry.get("instrument").asText());
        assertEquals("price", entry.get("trigger_type").asText());
        assertTrue(entry.get("price").asDouble() < 18600.0);
        assertEquals("place_order", entry.get("action_type").asText());
        assertEquals("kv-1-1", entry.get("intent").get("tag").asText());
        assertEquals("BUY", entry.get("intent").get("transaction_type").asText());
        final List<JsonNode> fills = linesOfType(out, "fill");
        assertEquals(2, fills.size());
        assertEquals("2022-12-05T10:01:45+05:30", fills.get(0).get("ts").asText(), "a market order fills at the next tick");
        assertEquals("SELL", fills.get(1).get("side").asText());
        assertEquals(50, fills.get(1).get("quantity").asLong());
        assertTrue(r.err().contains("3 rules, 2 fires, 2 paper fills, 0 orders still open"), r.err());
        assertEquals(3300, Files.readAllLines(out).stream().filter(l -> l.contains("\"timeframe\"")).count(), "candle lines still there");
    }

    @Test
    void shouldArmTheRsiBracketFromTheEntrysFill() throws Exception {
        final Path out = dir.resolve("rsi.jsonl");
        assertEquals(0, backtest(shipped("config/examples", "rsi-entry-bracket.json").toString(), out).exit());
        final List<JsonNode> fires = linesOfType(out, "fire");
        assertEquals(21, fires.get(0).get("rule_id").asLong());
        assertTrue(fires.get(0).get("indicator_value").asDouble() < 30);
        assertEquals(22, fires.get(1).get("rule_id").asLong());
        assertEquals("RULE_EFFECT", fires.get(1).get("result").asText());
        assertEquals(3, fires.size(), "exactly one bracket leg fires");
        assertTrue(fires.get(2).get("rule_id").asLong() == 23 || fires.get(2).get("rule_id").asLong() == 24);
    }

    @Test
    void shouldWriteIdenticalBytesWhateverTheRingSizeOrWaitStrategy() throws Exception {
        final Path a = dir.resolve("a.jsonl");
        final Path b = dir.resolve("b.jsonl");
        final String rules = shipped("config/examples", "square-off-1515.json").toString();
        assertEquals(0, backtest(rules, a).exit());
        assertEquals(0, backtest(rules, b, "--ring-size", "64", "--wait-strategy", "yielding").exit());
        assertEquals(44, linesOfType(a, "fill").size(), "22 trading days: an entry and a square-off each");
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void shouldRefuseABadRulesFileNamingEveryProblemAndRunNothing() throws Exception {
        final Path rules = dir.resolve("bad.json");
        Files.writeString(rules, "[{\"id\":1,\"user_id\":1,\"instrument_token\":\"NSE_INDEX|Nifty 50\",\"trigger_type\":\"price\","
            + "\"trigger_config\":{\"condition\":\"lte\"},\"max_fires\":0,\"action_type\":\"cancel_rule\",\"action_config\":{\"rule_id\":7}}]");
        final Path out = dir.resolve("none.jsonl");
        final Run r = backtest(rules.toString(), out);
        assertEquals(KavachMain.EXIT_BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("[0].max_fires: expected a positive integer"), r.err());
        assertTrue(r.err().contains("[0].trigger_config.price: expected a positive price"), r.err());
        assertTrue(r.err().contains("[0].action_config.rule_id: expected the id of an existing rule"), r.err());
        assertFalse(Files.exists(out) && Files.size(out) > 0, "nothing ran");
    }
}
