package io.kavach.engine.live.store;

import io.kavach.engine.live.LiveEngine;
import io.kavach.engine.live.LiveRuleCommands;
import io.kavach.engine.live.RuleCommandPublisher;
import io.kavach.engine.live.SubscriptionPlanner;

import java.util.HashMap;
import java.util.Map;

/**
 * Rule commands into a {@link LiveEngine}: before it is live straight onto the ring from the writer
 * loop (the rules' instruments are among the start-up subscriptions); once {@link #goLive live},
 * through {@link LiveRuleCommands} (one per user, one shared planner), so the market feed subscribes
 * and unsubscribes as rules are added and deleted.
 *
 * <p>Threading: any thread; each command runs on the writer loop and waits for it.
 */
public final class EngineRuleCommands implements StoreRuleCommands.CommandSink {
    private final LiveEngine engine;
    private final Map<Integer, LiveRuleCommands> perUser = new HashMap<>();
    private SubscriptionPlanner planner;

    public EngineRuleCommands(final LiveEngine engine) {
        this.engine = engine;
    }

    /** From now on commands go through the subscription planner (the market feed is connected). */
    public synchronized void goLive(final SubscriptionPlanner livePlanner) {
        this.planner = livePlanner;
    }

    @Override
    public synchronized void add(final int userId, final String rulesJson) {
        if (planner == null) {
            final byte[] payload = RuleCommandPublisher.payloadOf(rulesJson);
            engine.runOnWriterLoop(() -> publisher(userId).add(payload));
        } else {
            commandsFor(userId).add(rulesJson);
        }
    }

    @Override
    public synchronized void change(final int userId, final byte command, final long ruleId) {
        if (planner == null) {
            engine.runOnWriterLoop(() -> publisher(userId).change(command, ruleId));
        } else {
            commandsFor(userId).change(command, ruleId);
        }
    }

    private RuleCommandPublisher publisher(final int userId) {
        return new RuleCommandPublisher(engine.ring().publisher(), engine.settings().clockMs(), userId);
    }

    private LiveRuleCommands commandsFor(final int userId) {
        return perUser.computeIfAbsent(userId, u -> new LiveRuleCommands(engine, planner, u));
    }
}
