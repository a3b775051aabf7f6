package io.kavach.engine.rule;

/**
 * A rule as the engine runs it: the validated definition plus its mutable state (enabled,
 * fire count) and its trigger tree. Created on the cold path when the rule is added.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class LiveRule {
    final RuleDefinition definition;
    final long id;
    final int slot;
    boolean enabled;
    int fireCount;
    final int maxFires;
    final long expiresAtEpochMs;
    /** Spent (max_fires reached), expired or deleted: unindexed for good. */
    boolean retired;
    TriggerNode root;
    boolean compound;
    /** The compound tree's value after the previous step, for rising-edge detection. */
    boolean treeValue;
    long candidateStamp;
    long dirtyStamp;
    /** The leaf whose hit made this rule a candidate, for the trigger snapshot. */
    TriggerNode hitLeaf;
    int expiryGeneration;
    long lastFiredAtEpochMs;

    LiveRule(final RuleDefinition definition, final int slot) {
        this.definition = definition;
        this.id = definition.id();
        this.slot = slot;
        this.enabled = definition.enabled();
        this.fireCount = definition.fireCount();
        this.maxFires = definition.maxFires();
        this.expiresAtEpochMs = definition.expiresAtEpochMs();
    }

    public RuleDefinition definition() {
        return definition;
    }

    public long id() {
        return id;
    }

    public boolean isEnabled() {
        return enabled && !retired;
    }

    public int fireCount() {
        return fireCount;
    }

    public boolean isRetired() {
        return retired;
    }

    /** Epoch ms of the last fire (fired_at), 0 if never fired in this engine. */
    public long lastFiredAtEpochMs() {
        return lastFiredAtEpochMs;
    }

    boolean spent() {
        return maxFires > 0 && fireCount >= maxFires;
    }
}
