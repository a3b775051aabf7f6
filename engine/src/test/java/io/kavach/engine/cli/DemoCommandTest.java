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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main job end to end: simulator and engine over real loopback sockets, the simulator as broker. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldFireEverySampleRuleOnceAndPlaceEachOrderExactlyOnceAtTheBroker() throws Exception {
        final PrintStream oldOut = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        final int exit;
        try {
            exit = KavachMain.run("demo", "--speed", "3000", "--out", dir.toString());
        } finally {
            System.setOut(oldOut);
        }
        final String summary = out.toString(StandardCharsets.UTF_8);
        System.out.println(summary);
        assertEquals(0, exit, summary);

        final List<JsonNode> fires = new ArrayList<>();
        final List<JsonNode> fills = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("fires.jsonl"))) {
            final JsonNode n = new ObjectMapper().readTree(line);
            (n.get("type").asText().equals("fire") ? fires : fills).add(n);
        }
        final List<Long> fired = new ArrayList<>();
        fires.forEach(f -> fired.add(f.get("rule_id").asLong()));
        // OCO: the target (103) fires and cancels the stop (102); the trailing stop (112) follows the BANKNIFTY entry (111);
        // the RSI entry (121) fills, arming its bracket (122); the 15:15 square-off (131) closes what is left
        assertEquals(List.of(111L, 101L, 103L, 121L, 122L, 112L, 131L), fired, summary);
        assertEquals(6, fills.size(), summary);
        assertTrue(summary.contains("orders: 6 placed at the broker, 6 complete, 0 rejected; duplicate tags: 0"), summary);
        assertTrue(summary.contains("rate-limit violations at the broker: 0"), summary);
        assertTrue(summary.contains("unrealized 0.0"), "the square-off leaves the day flat: " + summary);
    }
}
