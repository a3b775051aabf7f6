package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kavach.config.instrument.Instrument;
import io.kavach.config.instrument.InstrumentMaster;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.indicator.Indicators;
import io.kavach.engine.rule.RuleDefinition;
import io.kavach.engine.rule.RuleParser;
import io.kavach.engine.rule.RuleRejectedException;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The last check before rules from the command line are written: the engine's own rule parser
 * (every field path, every contradiction), so the store never holds a rule the engine would refuse.
 *
 * <p>Threading: the command's thread.
 */
final class RuleValidation {
    private RuleValidation() {
    }

    /** Refuses (exit 2, every problem by JSON path) or returns the engine's view of the rules. */
    static List<RuleDefinition> validate(final ArrayNode rules, final Set<Long> liveRuleIds, final InstrumentMaster master,
                                         final Instant now) {
        final RuleParser parser = new RuleParser(registry(master), master.symbolToKey(), Indicators::create);
        try {
            return parser.parse(RulePrinter.write(rules), now.toEpochMilli(), liveRuleIds::contains);
        } catch (final RuleRejectedException e) {
            throw new BadInputException("rule refused, nothing written: " + String.join("; ", e.problems()));
        }
    }

    /** Every instrument of the master, with ids in the master's order. */
    static InstrumentRegistry registry(final InstrumentMaster master) {
        final InstrumentRegistry registry = new InstrumentRegistry(Math.max(16, master.all().size()));
        for (final Instrument i : master.all()) {
            registry.register(i.instrumentKey());
        }
        return registry;
    }
}
