package io.kavach.store.rule;

import java.time.Instant;

/**
 * What a person (or the CLI) writes when adding a rule: the nf-monitor rule model's definition
 * fields. The JSON configs are stored verbatim as JSONB; validating them is the engine's rule
 * parser's job, done before a definition reaches the store.
 *
 * @param maxFires  1 = one-shot, null = unlimited
 * @param expiresAt null = never
 */
public record RuleDefinition(
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
    Integer maxFires,
    Instant expiresAt) {
}
