package io.kavach.engine.rule;

/**
 * One monitor rule as the user wrote it, validated (cold path, immutable). Field names follow the
 * nf-monitor model ({@code id, user_id, name, enabled, trigger_type, trigger_config, action_type,
 * action_config, instrument_token, symbol, linked_trade_id, linked_order_id, fire_count, max_fires,
 * expires_at, created_at, updated_at, fired_at}).
 *
 * @param instrumentId  registry id of {@code instrument_token}/{@code symbol}, -1 when the rule names none
 * @param maxFires      0 = unlimited ({@code max_fires: null})
 * @param expiresAtEpochMs {@link Long#MAX_VALUE} when the rule never expires
 */
public record RuleDefinition(long id, int userId, String name, boolean enabled, TriggerSpec trigger, ActionSpec action,
                             int instrumentId, String instrumentKey, String symbol, String linkedTradeId,
                             String linkedOrderId, int fireCount, int maxFires, long expiresAtEpochMs,
                             String createdAt, String updatedAt, String firedAt) {
    public static final long NEVER_EXPIRES = Long.MAX_VALUE;

    public String triggerType() {
        return trigger.type();
    }

    public String actionType() {
        return ActionSpec.name(action.type());
    }

    /** An exit protects an existing position: it is reduce-only and allowed while the user is halted. */
    public boolean isExit() {
        return action.reduceOnly() || action.type() == ActionSpec.SQUARE_OFF_INTRADAY;
    }
}
