package io.kavach.engine.rule;

/**
 * One rule fire, handed to the {@link FireHandler} after the rule's linked effects (fire count,
 * disabling at max_fires, cancel/enable of other rules) are applied. Carries the trigger snapshot:
 * the market state that fired it. A single instance is reused for every fire; handlers copy what
 * they keep.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class Fire {
    public LiveRule rule;
    public RuleDefinition definition;
    /** 1-based; with the rule id it derives the intent id and the broker tag. */
    public int fireNumber;
    /** The fire's time: the tick's event time, the candle's end, or a time rule's scheduled time. */
    public long fireTimeEpochMs;
    /** Event time of the step that fired it (differs from fireTime for time-rule catch-up and candle closes). */
    public long stepTimeEpochMs;
    public byte leafKind;
    /** Instrument of the leaf that fired, -1 for time and order-status leaves. */
    public int instrumentId;
    /** Observed price (fixed point) of the leaf that fired: the reference price, or the price that hit a trailing stop. */
    public long triggerPrice;
    /** The rule's level (fixed point): the threshold, or a trailing stop's stop level. */
    public long triggerLevel;
    public byte reference;
    /** Indicator value at the candle close, NaN for other leaves. */
    public double indicatorValue;
    // snapshot of the instrument at the fire (fixed point, 0 when not seen)
    public long ltp;
    public long bid;
    public long ask;
    public long dayOpen;
    public long dayHigh;
    public long dayLow;

    public String triggerType() {
        return definition.triggerType();
    }
}
