package io.kavach.store.rule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.store.StoreTime;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A stored rule: every field of the nf-monitor model plus the store's own {@code version} (bumped on
 * each change of the definition) and {@code deleted_at}.
 *
 * <p>Threading: immutable.
 */
public record RuleRow(
    long id,
    int userId,
    String name,
    boolean enabled,
    String triggerType,
    String triggerConfigJson,
    String actionType,
    String actionConfigJson,
    String instrumentToken,
    String symbol,
    String linkedTradeId,
    String linkedOrderId,
    int fireCount,
    Integer maxFires,
    OffsetDateTime expiresAt,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    OffsetDateTime firedAt,
    long version,
    OffsetDateTime deletedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean deleted() {
        return deletedAt != null;
    }

    /** Enabled, not deleted, not used up, not expired at {@code now}. */
    public boolean active(final Instant now) {
        return enabled && !deleted()
            && (maxFires == null || fireCount < maxFires)
            && (expiresAt == null || expiresAt.toInstant().isAfter(now));
    }

    /** The rule in the nf-monitor model (the same shape as a backtest's rules.json entries). */
    public ObjectNode toJsonNode() {
        final ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("user_id", userId);
        n.put("name", name);
        n.put("enabled", enabled);
        n.put("trigger_type", triggerType);
        n.set("trigger_config", parse(triggerConfigJson));
        n.put("action_type", actionType);
        n.set("action_config", parse(actionConfigJson));
        n.put("instrument_token", instrumentToken);
        n.put("symbol", symbol);
        n.put("linked_trade_id", linkedTradeId);
        n.put("linked_order_id", linkedOrderId);
        n.put("fire_count", fireCount);
        if (maxFires == null) {
            n.putNull("max_fires");
        } else {
            n.put("max_fires", maxFires);
        }
        n.put("expires_at", StoreTime.ist(expiresAt));
        n.put("created_at", StoreTime.ist(createdAt));
        n.put("updated_at", StoreTime.ist(updatedAt));
        n.put("fired_at", StoreTime.ist(firedAt));
        return n;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(toJsonNode());
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("rule " + id + " cannot be written as JSON", e);
        }
    }

    private static JsonNode parse(final String json) {
        try {
            return JSON.readTree(json);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
