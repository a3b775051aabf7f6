package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;

/** Prints a {@code simulate}/{@code dry-run} result: one JSON object, or lines for people. */
final class PaperReport {
    private PaperReport() {
    }

    static void print(final PrintWriter out, final ObjectNode result, final boolean json, final String headline) {
        if (json) {
            out.println(RulePrinter.write(result));
            out.flush();
            return;
        }
        out.println(headline);
        for (final JsonNode s : result.get("skipped")) {
            out.println("  skipped: " + s.asText());
        }
        final JsonNode fires = result.get("fires");
        if (fires.isEmpty()) {
            out.println("nothing would fire");
        }
        for (final JsonNode f : fires) {
            out.println("  rule " + f.get("rule_id").asLong() + " (" + f.get("name").asText() + "): " + f.get("trigger_type").asText()
                + (f.get("price").isNull() ? "" : " at " + f.get("price").asText()) + " -> " + f.get("action_type").asText()
                + " " + f.get("result").asText());
            for (final JsonNode i : f.get("intents")) {
                out.println("      would " + i.get("action").asText() + " " + i.get("side").asText() + " " + i.get("quantity").asLong() + " "
                    + i.get("instrument").asText() + " " + i.get("order_type").asText()
                    + (i.has("price") ? " @ " + i.get("price").asText() : "")
                    + (i.has("trigger_price") ? " trigger " + i.get("trigger_price").asText() : "")
                    + (i.get("exit").asBoolean() ? " (exit)" : "") + " tag " + i.get("tag").asText());
            }
        }
        out.flush();
    }
}
