package io.kavach.engine.live.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InputEventJournalCodec;
import io.kavach.engine.rule.RuleCommand;
import io.kavach.engine.rule.RuleParser;
import io.kavach.engine.rule.RuleRejectedException;
import io.kavach.journal.JournalDamageHandler;
import io.kavach.journal.JournalReader;
import io.kavach.journal.layout.RecordHeaderDecoder;
import io.kavach.store.rule.RuleChangeHandler;
import io.kavach.store.rule.RuleVersion;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Rules from the store into the running engine, as journaled RULE_COMMAND inputs. Knows which
 * definition of each rule the engine holds (from today's journal after a restart, the rules file,
 * and what it published since) and turns each change the {@link io.kavach.store.rule.RuleChangeProcessor}
 * delivers into the smallest command: nothing when the definition is what the engine already holds
 * (the fire bookkeeping the store writer records is not a change), ENABLE or DISABLE when only
 * {@code enabled} changed (the engine keeps the rule's fire count and state), DELETE, or ADD.
 *
 * <p>Changes delivered together (one notification batch, one full comparison) are published
 * together: rules that name each other (an OCO pair's {@code also_cancel_rules}) go in one ADD, since
 * the engine accepts a reference only to a rule it holds or one in the same command. Each group is
 * checked with the engine's own parser first; a refused group is reported with its problems and not
 * published. Rules that could not fire any more are not loaded: spent ({@code fire_count >= max_fires}),
 * expired, or cancelled by an OCO partner that has fired.
 *
 * <p>Commands go to a {@link CommandSink}: the engine's ({@link EngineRuleCommands}), or a recorder in tests.
 *
 * <p>Threading: the change handler calls come on the store's rule-change thread (or the starting
 * thread for the first load); each publication runs on the writer loop. Counters readable anywhere.
 */
public final class StoreRuleCommands implements RuleChangeHandler {
    /** Where the commands go; throws {@link IllegalArgumentException} naming why a command was refused. */
    public interface CommandSink {
        void add(int userId, String rulesJson);

        void change(int userId, byte command, long ruleId);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields that are bookkeeping, not definition: a difference in them alone is no change. */
    private static final Set<String> BOOKKEEPING = Set.of("fire_count", "fired_at", "updated_at", "created_at");
    private static final Set<String> REFERENCE_LISTS = Set.of("also_cancel_rules", "also_enable_rules");

    private final CommandSink commands;
    private final RuleParser parser;
    private final LongSupplier clockMs;
    private final PrintStream err;
    private final Map<Long, ObjectNode> held = new HashMap<>();
    private final Map<Long, ObjectNode> pendingAdds = new TreeMap<>();
    private final List<long[]> pendingChanges = new ArrayList<>(); // {userId, command, ruleId}
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong changed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /**
     * @param parser  the engine's parser over the engine's instruments (the registry is read-only while live)
     * @param clockMs the gateway clock, for expiries (journaled rules are checked again by the engine at its own time)
     */
    public StoreRuleCommands(final CommandSink commands, final RuleParser parser, final LongSupplier clockMs, final PrintStream err) {
        this.commands = commands;
        this.parser = parser;
        this.clockMs = clockMs;
        this.err = err;
    }

    /** Records rules the engine already holds from an ADD payload (the rules file, today's journal). */
    public synchronized void holdAdded(final String rulesJson) {
        final JsonNode tree = parse(rulesJson);
        if (tree == null) {
            return;
        }
        for (final JsonNode n : tree.isArray() ? tree : List.of(tree)) {
            if (n.isObject() && n.hasNonNull("id")) {
                held.put(n.get("id").asLong(), (ObjectNode) n);
            }
        }
    }

    /**
     * Reads the rule commands in one day's journal and records what the engine holds after them
     * (a restart replays exactly these). Starting thread, before the processor starts.
     */
    public synchronized void holdFromJournal(final Path root, final long istEpochDay, final JournalDamageHandler damage) {
        final RecordHeaderDecoder header = new RecordHeaderDecoder();
        final InputEventJournalCodec codec = new InputEventJournalCodec();
        final InputEvent e = new InputEvent();
        try (JournalReader reader = new JournalReader(root, istEpochDay, istEpochDay, damage)) {
            while (reader.poll((buffer, offset, length) -> {
                if (header.wrap(buffer, offset).kind() != EventKind.RULE_COMMAND) {
                    return;
                }
                codec.decode(buffer, offset, e);
                switch (e.command) {
                    case RuleCommand.ADD -> holdAdded(new String(e.payload, 0, e.payloadLength, StandardCharsets.UTF_8));
                    case RuleCommand.DELETE -> held.remove(e.ruleId);
                    case RuleCommand.ENABLE, RuleCommand.DISABLE -> {
                        final ObjectNode n = held.get(e.ruleId);
                        if (n != null) {
                            n.put("enabled", e.command == RuleCommand.ENABLE);
                        }
                    }
                    default -> { }
                }
            }, 4096) > 0) {
                // keep reading
            }
        }
    }

    /** Ids the engine holds: seed the processor with these (so a rule deleted while the engine was down is deleted). */
    public synchronized List<RuleVersion> heldVersions(final Set<Long> inStore) {
        final List<RuleVersion> out = new ArrayList<>();
        for (final Map.Entry<Long, ObjectNode> h : held.entrySet()) {
            if (inStore.contains(h.getKey())) {
                // version 0: every stored version is newer, so each is compared once with what is held
                out.add(new RuleVersion(h.getKey(), h.getValue().path("user_id").asInt(), 0, false));
            }
        }
        return out;
    }

    public synchronized boolean holds(final long ruleId) {
        return held.containsKey(ruleId);
    }

    @Override
    public synchronized void onRuleChanged(final long ruleId, final int userId, final long version, final String ruleJson) {
        final JsonNode tree = parse(ruleJson);
        if (!(tree instanceof ObjectNode n)) {
            err.println("run: store rule " + ruleId + " is not a JSON object; not loaded");
            refused.incrementAndGet();
            return;
        }
        final ObjectNode h = held.get(ruleId);
        if (h == null) {
            pendingAdds.put(ruleId, n);
            return;
        }
        if (sameDefinition(h, n, true)) {
            return;
        }
        if (sameDefinition(h, n, false)) {
            final boolean enabled = n.path("enabled").asBoolean(true);
            pendingChanges.add(new long[] {userId, enabled ? RuleCommand.ENABLE : RuleCommand.DISABLE, ruleId});
            h.put("enabled", enabled);
            return;
        }
        pendingAdds.put(ruleId, n); // a new definition replaces the held one (fire count as the store has it)
    }

    @Override
    public synchronized void onRuleDeleted(final long ruleId, final int userId, final long version) {
        pendingAdds.remove(ruleId);
        if (held.remove(ruleId) != null) {
            pendingChanges.add(new long[] {userId, RuleCommand.DELETE, ruleId});
        }
    }

    @Override
    public synchronized void onChangesDelivered() {
        final long now = clockMs.getAsLong();
        dropInactive(now);
        for (final List<ObjectNode> group : groups()) {
            publishAdd(group, now);
        }
        pendingAdds.clear();
        for (final long[] c : pendingChanges) {
            publishChange((int) c[0], (byte) c[1], c[2]);
        }
        pendingChanges.clear();
    }

    private void dropInactive(final long now) {
        // judged against everything delivered in this group and everything held, before anything is dropped
        final Map<Long, ObjectNode> known = new HashMap<>(held);
        known.putAll(pendingAdds);
        final Map<Long, String> skip = new TreeMap<>();
        for (final Map.Entry<Long, ObjectNode> entry : pendingAdds.entrySet()) {
            final String why = inactive(entry.getKey(), entry.getValue(), now, known);
            if (why != null) {
                skip.put(entry.getKey(), why);
            } else if (!entry.getValue().path("enabled").asBoolean(true) && !held.containsKey(entry.getKey())) {
                // the engine's own effects are not written back to the store: a rule a fired rule enabled (a bracket's
                // exits after its entry filled) is loaded enabled, or its stop would not be armed the next day
                final Long enabler = firedRuleListing(entry.getKey(), "also_enable_rules", known);
                if (enabler != null) {
                    entry.getValue().put("enabled", true);
                    err.println("run: store rule " + entry.getKey() + " loaded enabled: rule " + enabler + " enabled it when it fired");
                }
            }
        }
        for (final Map.Entry<Long, String> s : skip.entrySet()) {
            pendingAdds.remove(s.getKey());
            skipped.incrementAndGet();
            err.println("run: store rule " + s.getKey() + " not loaded: " + s.getValue());
        }
        // a reference to a rule that is not loaded is a no-op (cancelling or enabling a spent rule changes nothing): drop it
        for (final ObjectNode n : pendingAdds.values()) {
            final JsonNode action = n.get("action_config");
            if (action instanceof ObjectNode a) {
                for (final String field : REFERENCE_LISTS) {
                    if (a.get(field) instanceof ArrayNode refs) {
                        for (int i = refs.size() - 1; i >= 0; i--) {
                            final long ref = refs.get(i).asLong();
                            if (!pendingAdds.containsKey(ref) && !held.containsKey(ref)) {
                                refs.remove(i);
                            }
                        }
                    }
                }
            }
        }
    }

    private String inactive(final long id, final ObjectNode n, final long now, final Map<Long, ObjectNode> known) {
        final JsonNode max = n.get("max_fires");
        if (max != null && max.isIntegralNumber() && n.path("fire_count").asLong() >= max.asLong()) {
            return "spent (fired " + n.path("fire_count").asLong() + " of " + max.asLong() + " times)";
        }
        final JsonNode expires = n.get("expires_at");
        if (expires != null && expires.isTextual()) {
            try {
                if (OffsetDateTime.parse(expires.asText()).toInstant().toEpochMilli() <= now) {
                    return "expired at " + expires.asText();
                }
            } catch (final DateTimeParseException e) {
                return null; // the parser names it
            }
        }
        final Long canceller = firedRuleListing(id, "also_cancel_rules", known);
        return canceller == null ? null : "cancelled when rule " + canceller + " fired";
    }

    /** A rule that has fired and names {@code id} in its action's {@code list}, or null. */
    private static Long firedRuleListing(final long id, final String list, final Map<Long, ObjectNode> known) {
        for (final Map.Entry<Long, ObjectNode> other : known.entrySet()) {
            final ObjectNode o = other.getValue();
            if (other.getKey() != id && o.path("fire_count").asLong() > 0 && contains(o.path("action_config").path(list), id)) {
                return other.getKey();
            }
        }
        return null;
    }

    /** Pending adds split into groups that reference only each other (and held rules), one user each. */
    private List<List<ObjectNode>> groups() {
        final Map<Long, Long> parent = new HashMap<>();
        for (final Long id : pendingAdds.keySet()) {
            parent.put(id, id);
        }
        for (final Map.Entry<Long, ObjectNode> e : pendingAdds.entrySet()) {
            final List<Long> refs = new ArrayList<>();
            references(e.getValue().path("trigger_config"), refs);
            references(e.getValue().path("action_config"), refs);
            for (final Long ref : refs) {
                if (parent.containsKey(ref)) {
                    parent.put(root(parent, ref), root(parent, e.getKey()));
                }
            }
        }
        final Map<String, List<ObjectNode>> byRoot = new TreeMap<>();
        for (final Map.Entry<Long, ObjectNode> e : pendingAdds.entrySet()) {
            final String key = e.getValue().path("user_id").asInt() + "/" + root(parent, e.getKey());
            byRoot.computeIfAbsent(key, k -> new ArrayList<>()).add(e.getValue());
        }
        return new ArrayList<>(byRoot.values());
    }

    private static long root(final Map<Long, Long> parent, final long id) {
        long r = id;
        while (parent.get(r) != r) {
            r = parent.get(r);
        }
        return r;
    }

    /** Every rule id a rule names: {@code rule_id} fields and the {@code *_rules} lists, at any depth. */
    private static void references(final JsonNode n, final List<Long> out) {
        if (n.isArray()) {
            n.forEach(c -> references(c, out));
        } else if (n.isObject()) {
            n.fields().forEachRemaining(f -> {
                if ("rule_id".equals(f.getKey()) && f.getValue().canConvertToLong()) {
                    out.add(f.getValue().asLong());
                } else if (REFERENCE_LISTS.contains(f.getKey()) && f.getValue().isArray()) {
                    f.getValue().forEach(v -> out.add(v.asLong()));
                } else {
                    references(f.getValue(), out);
                }
            });
        }
    }

    private void publishAdd(final List<ObjectNode> group, final long now) {
        final ArrayNode array = JSON.createArrayNode();
        group.forEach(array::add);
        final String json = array.toString();
        final List<Long> ids = group.stream().map(n -> n.path("id").asLong()).toList();
        try {
            parser.parse(json, now, held::containsKey);
            commands.add(group.get(0).path("user_id").asInt(), json);
        } catch (final RuleRejectedException e) {
            refused.incrementAndGet();
            err.println("run: store rules " + ids + " refused, not loaded:\n  " + String.join("\n  ", e.problems()));
            return;
        } catch (final IllegalArgumentException e) {
            refused.incrementAndGet();
            err.println("run: store rules " + ids + " refused, not loaded: " + e.getMessage());
            return;
        }
        for (final ObjectNode n : group) {
            held.put(n.path("id").asLong(), n);
        }
        added.addAndGet(group.size());
        err.println("run: store rules " + ids + " loaded");
    }

    private void publishChange(final int userId, final byte command, final long ruleId) {
        try {
            commands.change(userId, command, ruleId);
        } catch (final IllegalArgumentException e) {
            refused.incrementAndGet();
            err.println("run: store rule " + ruleId + " change refused: " + e.getMessage());
            return;
        }
        changed.incrementAndGet();
        err.println("run: store rule " + ruleId + (command == RuleCommand.DELETE ? " deleted" : command == RuleCommand.ENABLE ? " enabled" : " disabled"));
    }

    /** Equal as definitions: bookkeeping fields ignored, and {@code enabled} too unless {@code withEnabled}. */
    private static boolean sameDefinition(final ObjectNode a, final ObjectNode b, final boolean withEnabled) {
        return definition(a, withEnabled).equals(definition(b, withEnabled));
    }

    private static ObjectNode definition(final ObjectNode n, final boolean withEnabled) {
        final ObjectNode d = n.deepCopy();
        d.remove(BOOKKEEPING);
        if (!withEnabled) {
            d.remove("enabled");
        } else if (!d.has("enabled")) {
            d.put("enabled", true);
        }
        return d;
    }

    private static boolean contains(final JsonNode list, final long id) {
        if (list.isArray()) {
            for (final JsonNode v : list) {
                if (v.asLong() == id) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode parse(final String json) {
        try {
            return JSON.readTree(json);
        } catch (final JsonProcessingException e) {
            return null;
        }
    }

    /** Rules loaded (ADD published) so far. */
    public long added() {
        return added.get();
    }

    /** ENABLE, DISABLE and DELETE commands published so far. */
    public long changed() {
        return changed.get();
    }

    /** Groups refused by the parser or the subscription limits. */
    public long refused() {
        return refused.get();
    }

    /** Rules not loaded because they could not fire any more. */
    public long skipped() {
        return skipped.get();
    }
}
