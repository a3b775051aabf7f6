package io.kavach.engine.event;

/** Why a {@link EventKind#TIMER} was scheduled. Stable journal values. */
public final class TimerType {
    /** A periodic clock tick: closes candles and fires due time rules when no market data moves time. */
    public static final byte CLOCK = 1;
    /** The continuous session closed (15:30 IST). */
    public static final byte SESSION_CLOSE = 2;
    /** End of input (backtest or replay): flush everything still open. */
    public static final byte END_OF_INPUT = 3;

    private TimerType() {
    }
}
