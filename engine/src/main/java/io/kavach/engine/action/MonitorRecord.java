package io.kavach.engine.action;

import io.kavach.engine.rule.Fire;

/**
 * One monitor-log entry: a rule fire with its trigger snapshot (the market state that fired it)
 * and the action's result. A single instance is reused; a {@link MonitorLogSink} copies it.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class MonitorRecord {
    /** The fire, with the trigger snapshot (valid only during the sink call). */
    public Fire fire;
    public long ruleId;
    public int userId;
    public int fireNumber;
    public long fireTimeEpochMs;
    /** {@link ActionResult} code. */
    public byte result;
    /** Intents sent by this fire (0 for rule effects, skips and refusals; several for a square-off). */
    public int intentCount;
    /** Id of the first intent sent, 0 if none. */
    public long firstIntentId;
    /** Quantity the rule asked for and the quantity sent (they differ when an exit was cut to the live position). */
    public long requestedQuantity;
    public long sentQuantity;
}
