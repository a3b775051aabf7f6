package io.kavach.store.rule;

/**
 * Receives rule changes from the store. Called on the store's rule-change thread: an engine hands
 * each call to its event loop, which journals it as a RULE_COMMAND before logic sees it.
 * Calls for one rule arrive in version order; a version already delivered is not delivered again.
 */
public interface RuleChangeHandler {
    /**
     * A rule was added or its definition changed (including enabling and disabling).
     *
     * @param ruleJson the whole rule in the nf-monitor model, as {@link RuleRow#toJson()} writes it
     */
    void onRuleChanged(long ruleId, int userId, long version, String ruleJson);

    /** A rule was deleted: it must stop at once. */
    void onRuleDeleted(long ruleId, int userId, long version);

    /**
     * The changes read together (one batch of notifications, or one full comparison) have all been
     * delivered. Rules that refer to each other (an OCO pair) are written in one transaction and
     * arrive in one such group, so an engine can activate them together here.
     */
    default void onChangesDelivered() {
    }
}
