package io.kavach.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.store.rule.RuleRow;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * Prints rules for people (one aligned line each) or for scripts (the nf-monitor JSON, plus
 * {@code "active"}: whether the rule can still fire).
 *
 * <p>Threading: stateless.
 */
final class RulePrinter {
    private RulePrinter() {
    }

    static void printAdded(final PrintWriter out, final List<RuleRow> rules, final boolean json) {
        if (json) {
            out.println(rules.size() == 1 ? write(withActive(rules.get(0), Instant.now())) : write(array(rules, Instant.now())));
        } else {
            for (final RuleRow r : rules) {
                out.println("added rule " + r.id() + ": " + summary(r));
            }
        }
        out.flush();
    }

    static void printList(final PrintWriter out, final List<RuleRow> rules, final boolean json, final Instant now) {
        if (json) {
            out.println(write(array(rules, now)));
        } else if (rules.isEmpty()) {
            out.println("no rules");
        } else {
            out.printf("%-6s %-8s %-14s %-24s %-6s %s%n", "ID", "STATE", "SYMBOL", "NAME", "FIRES", "TRIGGER -> ACTION");
            for (final RuleRow r : rules) {
                out.printf("%-6d %-8s %-14s %-24s %-6s %s%n", r.id(), state(r, now), r.symbol() == null ? "-" : r.symbol(),
                    clip(r.name(), 24), r.fireCount() + "/" + (r.maxFires() == null ? "∞" : r.maxFires()), summary(r));
            }
        }
        out.flush();
    }

    static String state(final RuleRow r, final Instant now) {
        if (r.deleted()) {
            return "deleted";
        }
        if (!r.enabled()) {
            return "disabled";
        }
        if (r.maxFires() != null && r.fireCount() >= r.maxFires()) {
            return "done";
        }
        if (r.expiresAt() != null && !r.expiresAt().toInstant().isAfter(now)) {
            return "expired";
        }
        return "active";
    }

    static String summary(final RuleRow r) {
        return r.triggerType() + " " + compact(r.triggerConfigJson()) + " -> " + r.actionType() + " " + compact(r.actionConfigJson())
            + (r.expiresAt() == null ? "" : " (expires " + RuleJson.iso(r.expiresAt().toInstant()) + ")");
    }

    private static String compact(final String json) {
        try {
            return RuleJson.MAPPER.writeValueAsString(RuleJson.MAPPER.readTree(json));
        } catch (final JsonProcessingException e) {
            return json;
        }
    }

    private static String clip(final String s, final int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    static ObjectNode withActive(final RuleRow r, final Instant now) {
        final ObjectNode n = r.toJsonNode();
        n.put("active", r.active(now));
        return n;
    }

    private static ArrayNode array(final List<RuleRow> rules, final Instant now) {
        final ArrayNode a = RuleJson.array();
        rules.forEach(r -> a.add(withActive(r, now)));
        return a;
    }

    static String write(final JsonNode node) {
        try {
            return RuleJson.MAPPER.writeValueAsString(node);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
