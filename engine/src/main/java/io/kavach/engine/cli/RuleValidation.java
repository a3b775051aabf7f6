package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.Set;

/**
 * The last check before rules from the command line are written: the engine's own rule parser, so
 * the store never holds a rule the engine would refuse.
 */
final class RuleValidation {
    private RuleValidation() {
    }

    static void validate(final ArrayNode rules, final Set<Long> liveRuleIds) {
        // wired to io.kavach.engine.rule.RuleParser once it is on main
    }
}
