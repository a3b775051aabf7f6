package io.kavach.store.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.store.StoreTime;

import java.time.OffsetDateTime;

/**
 * One monitor-log row: a fire, the market state that fired it, what the action did.
 *
 * <p>Threading: immutable.
 */
public record MonitorLogRow(
    long id,
    java.time.LocalDate journalDay,
    long journalSeq,
    long ruleId,
    int userId,
    String triggerType,
    String actionType,
    String triggerSnapshotJson,
    String actionResultJson,
    boolean actionTaken,
    OffsetDateTime firedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ObjectNode toJsonNode() {
        final ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("journal_day", journalDay.toString());
        n.put("journal_seq", journalSeq);
        n.put("rule_id", ruleId);
        n.put("user_id", userId);
        n.put("fired_at", StoreTime.ist(firedAt));
        n.put("trigger_type", triggerType);
        n.put("action_type", actionType);
        n.put("action_taken", actionTaken);
        n.set("trigger_snapshot", parse(triggerSnapshotJson));
        n.set("action_result", parse(actionResultJson));
        return n;
    }

    private static JsonNode parse(final String json) {
        if (json == null) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(json);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
