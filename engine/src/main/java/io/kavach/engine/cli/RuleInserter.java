package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.config.instrument.InstrumentMaster;
import io.kavach.store.Store;
import io.kavach.store.rule.RuleRepository;
import io.kavach.store.rule.RuleRow;
import org.jooq.impl.DSL;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Adds rules built from flags: checks the rules they name exist, takes their final ids, validates
 * them all, and only then writes them, in one transaction — so rules that name each other (an OCO
 * pair) arrive at the engine together, and a refused rule leaves nothing behind.
 *
 * <p>Threading: the command's thread.
 */
final class RuleInserter {
    private final RuleRepository rules = new RuleRepository();
    private final InstrumentMaster instruments;
    private final Instant now;

    /** @param now wall clock: the CLI is outside the engine */
    RuleInserter(final InstrumentMaster instruments, final Instant now) {
        this.instruments = instruments;
        this.now = now;
    }

    /**
     * @param drafts     rules without ids
     * @param expiresAt  per draft, the expiry as an instant (null: never)
     * @param referenced rule ids the drafts name (cancel_rule, enable_rule, also_* lists)
     * @param withIds    called with the drafts and their final ids, to fill in cross references
     */
    List<RuleRow> add(final Store store, final List<ObjectNode> drafts, final List<Instant> expiresAt, final List<Long> referenced,
                      final BiConsumer<List<ObjectNode>, long[]> withIds) {
        try {
            return store.withDsl(dsl -> {
                final Set<Long> live = rules.liveIds(dsl);
                for (final Long id : referenced) {
                    if (!live.contains(id)) {
                        throw new BadInputException("rule " + id + " does not exist (or was deleted); a rule can only name existing rules");
                    }
                }
                final long[] ids = rules.reserveIds(dsl, drafts.size());
                for (int i = 0; i < drafts.size(); i++) {
                    final ObjectNode d = drafts.get(i);
                    final ObjectNode withId = RuleJson.object();
                    withId.put("id", ids[i]);
                    withId.setAll(d);
                    d.removeAll();
                    d.setAll(withId);
                }
                withIds.accept(drafts, ids);
                final ArrayNode all = RuleJson.array();
                drafts.forEach(all::add);
                RuleValidation.validate(all, live, instruments, now);
                final List<RuleRow> added = new ArrayList<>();
                dsl.transaction(cfg -> {
                    for (int i = 0; i < drafts.size(); i++) {
                        rules.insert(DSL.using(cfg), ids[i], RuleJson.definition(drafts.get(i), expiresAt.get(i)));
                    }
                });
                for (final long id : ids) {
                    added.add(rules.find(dsl, id).orElseThrow());
                }
                return added;
            });
        } catch (final SQLException e) {
            throw new IllegalStateException("store: " + e.getMessage(), e);
        }
    }

    static List<Long> referencedIds(final JsonNode actionConfig) {
        final List<Long> ids = new ArrayList<>();
        if (actionConfig.hasNonNull("rule_id") && actionConfig.get("rule_id").canConvertToLong()) {
            ids.add(actionConfig.get("rule_id").asLong());
        }
        for (final String list : new String[] {"also_cancel_rules", "also_enable_rules"}) {
            final JsonNode a = actionConfig.get(list);
            if (a != null && a.isArray()) {
                a.forEach(n -> {
                    if (n.canConvertToLong()) {
                        ids.add(n.asLong());
                    }
                });
            }
        }
        return ids;
    }
}
