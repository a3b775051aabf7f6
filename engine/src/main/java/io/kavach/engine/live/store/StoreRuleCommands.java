package io.kavach.engine.live.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InputEventJournalCodec;
import io.kavach.engine.live.LiveEngine;
import io.kavach.engine.live.LiveRuleCommands;
import io.kavach.engine.live.RuleCommandPublisher;
import io.kavach.engine.live.SubscriptionPlanner;
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
import java.util.Iterator;
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
 * <p>Before the engine is live, commands go straight to the ring from the writer loop (their
 * instruments are among the start-up subscriptions); once {@link #goLive live}, through
 * {@link LiveRuleCommands}, so the market feed follows added and deleted rules.
 *
 * <p>Threading: the change handler calls come on the store's rule-change thread (or the starting
 * thread for the first load); each publication runs on the writer loop. Counters readable anywhere.
 */
public final class StoreRuleCommands implements RuleChangeHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields that are bookkeeping, not definition: a difference in them alone is no change. */
    private static final Set<String> BOOKKEEPING = Set.of("fire_count", "fired_at", "updated_at", "created_at");
    private static final Set<String> REFERENCE_LISTS = Set.of("also_cancel_rules", "also_enable_rules");

    private final LiveEngine engine;
    private final RuleParser parser;
    private final LongSupplier clockMs;
    private final PrintStream err;
    private final Map<Long, ObjectNode> held = new HashMap<>();
    private final Map<Long, ObjectNode> pendingAdds = new TreeMap<>();
    private final List<long[]> pendingChanges = new ArrayList<>(); // {userId, command, ruleId}
    private final Map<Integer, LiveRuleCommands> liveCommands = new HashMap<>();
    private SubscriptionPlanner planner;
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong changed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /**
     * @param parser  the engine's parser over the engine's instruments (the registry is read-only while live)
     * @param clockMs the gateway clock, for expiries (journaled rules are checked again by the engine at its own time)
     */
    public StoreRuleCommands(final LiveEngine engine, final RuleParser parser, final LongSupplier clockMs, final PrintStream err) {
        this.engine = engine;
        this.parser = parser;
        this.clockMs = clockMs;
        this.err = err;
    }

    /** From now on commands go through the subscription planner (the market feed is connected). Starting thread. */
    public synchronized void goLive(final SubscriptionPlanner livePlanner) {
        this.planner = livePlanner;
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
        for (final Iterator<Map.Entry<Long, ObjectNode>> it = pendingAdds.entrySet().iterator(); it.hasNext(); ) {
            final Map.Entry<Long, ObjectNode> entry = it.next();
            final String why = inactive(entry.getKey(), entry.getValue(), now);
            if (why != null) {
                it.remove();
                skipped.incrementAndGet();
                err.println("run: store rule " + entry.getKey() + " not loaded: " + why);
            }
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

    private String inactive(final long id, final ObjectNode n, final long now) {
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
        for (final Map<Long, ObjectNode> rules : List.of(pendingAdds, held)) {
            for (final Map.Entry<Long, ObjectNode> other : rules.entrySet()) {
                final ObjectNode o = other.getValue();
                if (other.getKey() != id && o.path("fire_count").asLong() > 0 && contains(o.path("action_config").path("also_cancel_rules"), id)) {
                    return "cancelled when rule " + other.getKey() + " fired";
                }
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
            final int userId = group.get(0).path("user_id").asInt();
            if (planner == null) {
                final byte[] payload = RuleCommandPublisher.payloadOf(json);
                engine.runOnWriterLoop(() -> new RuleCommandPublisher(engine.ring().publisher(), engine.settings().clockMs(), userId)
                    .add(payload));
            } else {
                commandsFor(userId).add(json);
            }
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
        if (planner == null) {
            engine.runOnWriterLoop(() -> new RuleCommandPublisher(engine.ring().publisher(), engine.settings().clockMs(), userId)
                .change(command, ruleId));
        } else {
            commandsFor(userId).change(command, ruleId);
        }
        changed.incrementAndGet();
        err.println("run: store rule " + ruleId + (command == RuleCommand.DELETE ? " deleted" : command == RuleCommand.ENABLE ? " enabled" : " disabled"));
    }

    private LiveRuleCommands commandsFor(final int userId) {
        return liveCommands.computeIfAbsent(userId, u -> new LiveRuleCommands(engine, planner, u));
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
