package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.config.instrument.InstrumentMaster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The instruments a set of rules watches, and the feed mode each needs: {@code ltpc} (last price)
 * unless some rule on it reads bid, ask or the day's open/high/low, which only the {@code full} feed
 * carries. Every {@code instrument_token} and {@code symbol} anywhere in a rule counts (compound
 * children and actions name their own instruments). Cold path, start-up thread.
 */
final class RuleInstruments {
    static final String MODE_LTPC = "ltpc";
    static final String MODE_FULL = "full";
    private static final Set<String> FULL_REFERENCES = Set.of("bid", "ask", "open", "high", "low");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleInstruments() {
    }

    /** Instrument key → feed mode, sorted by key; throws {@link BadInputException} naming a rule's unknown symbol. */
    static Map<String, String> of(final String rulesJson, final InstrumentMaster master) {
        final JsonNode tree;
        try {
            tree = JSON.readTree(rulesJson);
        } catch (IOException e) {
            throw new BadInputException("rules are not valid JSON: " + e.getMessage());
        }
        final Map<String, String> modes = new TreeMap<>();
        final List<JsonNode> rules = new ArrayList<>();
        if (tree != null && tree.isArray()) {
            tree.forEach(rules::add);
        } else if (tree != null) {
            rules.add(tree);
        }
        for (int r = 0; r < rules.size(); r++) {
            final List<String> keys = new ArrayList<>();
            final boolean[] full = {false};
            walk(rules.get(r), "rules[" + r + "]", master, keys, full);
            for (String key : keys) {
                modes.merge(key, full[0] ? MODE_FULL : MODE_LTPC, (a, b) -> a.equals(MODE_FULL) || b.equals(MODE_FULL) ? MODE_FULL : MODE_LTPC);
            }
        }
        return modes;
    }

    private static void walk(final JsonNode n, final String path, final InstrumentMaster master, final List<String> keys, final boolean[] full) {
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                walk(n.get(i), path + "[" + i + "]", master, keys, full);
            }
            return;
        }
        if (!n.isObject()) {
            return;
        }
        final JsonNode token = n.get("instrument_token");
        if (token != null && token.isTextual() && !token.asText().isBlank()) {
            keys.add(token.asText());
        } else {
            final JsonNode symbol = n.get("symbol");
            if (symbol != null && symbol.isTextual()) {
                final String key = master.resolveKey(symbol.asText());
                if (key == null) {
                    throw new BadInputException(path + ".symbol: unknown trading symbol " + symbol + " (name the instrument_token instead)");
                }
                keys.add(key);
            }
        }
        final JsonNode reference = n.get("reference");
        if (reference != null && reference.isTextual() && FULL_REFERENCES.contains(reference.asText())) {
            full[0] = true;
        }
        n.fields().forEachRemaining(f -> walk(f.getValue(), path + "." + f.getKey(), master, keys, full));
    }
}
