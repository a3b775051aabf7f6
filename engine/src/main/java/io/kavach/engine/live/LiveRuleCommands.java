package io.kavach.engine.live;

import io.kavach.engine.rule.RuleCommand;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One user's rule commands into a running {@link LiveEngine}, with the market-data subscriptions
 * following them: each command is checked against the subscription limits, published as a journaled
 * RULE_COMMAND and handed to the {@link SubscriptionPlanner}, all in one task on the writer loop, so the
 * subscription request goes out right behind the rule. Several users share one planner (one pool).
 *
 * <p>Threading: any thread; each call runs on the writer loop and waits for it.
 */
public final class LiveRuleCommands {
    private final LiveEngine engine;
    private final SubscriptionPlanner planner;
    private final RuleCommandPublisher publisher;

    public LiveRuleCommands(final LiveEngine engine, final SubscriptionPlanner planner, final int userId) {
        this.engine = engine;
        this.planner = planner;
        this.publisher = new RuleCommandPublisher(engine.ring().publisher(), engine.settings().clockMs(), userId);
    }

    /**
     * Publishes an ADD of a rule (or an array of rules). Throws {@link IllegalArgumentException} naming
     * the problem, with nothing published, when the JSON is unusable as a payload or the rules'
     * instruments would exceed the subscription limits.
     */
    public void add(final String rulesJson) {
        final byte[] payload = RuleCommandPublisher.payloadOf(rulesJson);
        final String compact = new String(payload, StandardCharsets.UTF_8);
        final AtomicReference<String> refusal = new AtomicReference<>();
        engine.runOnWriterLoop(() -> {
            final String why = planner.checkAdd(compact);
            if (why != null) {
                refusal.set(why);
                return;
            }
            publisher.add(payload);
            planner.onRuleCommand(RuleCommand.ADD, 0, compact);
        });
        if (refusal.get() != null) {
            throw new IllegalArgumentException(refusal.get());
        }
    }

    /** Publishes DELETE, ENABLE or DISABLE ({@link RuleCommand}) of one rule. */
    public void change(final byte command, final long ruleId) {
        engine.runOnWriterLoop(() -> {
            publisher.change(command, ruleId);
            planner.onRuleCommand(command, ruleId, null);
        });
    }
}
