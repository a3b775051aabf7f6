package io.kavach.engine;

import com.lmax.disruptor.EventHandler;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;

/**
 * The logic stage: one thread, every input in sequence order, candles → indicators → rules →
 * positions/risk → actions. Time is whatever the event says ({@link InputEvent#eventTimeEpochMs});
 * this class and everything it calls never read the wall clock, so a journal replays to the same
 * state on any machine.
 *
 * <p>Threading: runs on the ring's logic thread only.
 */
public final class LogicHandler implements EventHandler<InputEvent> {
    private final CandleBook candles;
    /** The rules part of the step (rules → positions/risk → actions); null when no rules run. */
    private final TradeMonitor monitor;
    private long eventsHandled;
    private long lastInputSequence = -1;
    private InputEvent current;
    private StepListener stepListener;

    public LogicHandler(final CandleBook candles) {
        this(candles, null);
    }

    /** With rules: {@code monitor} sees every event after the candles (register it as a candle listener too). */
    public LogicHandler(final CandleBook candles, final TradeMonitor monitor) {
        this.candles = candles;
        this.monitor = monitor;
    }

    @Override
    public void onEvent(final InputEvent event, final long slot, final boolean endOfBatch) {
        current = event;
        switch (event.kind) {
            case EventKind.MARKET_TICK:
                onTick(event);
                break;
            case EventKind.TIMER:
                candles.onTime(event.eventTimeEpochMs);
                break;
            default:
                break;
        }
        if (monitor != null) {
            monitor.onEvent(event);
        }
        if (stepListener != null) {
            stepListener.onStepDone(event);
        }
        eventsHandled++;
        lastInputSequence = event.sequence;
    }

    private void onTick(final InputEvent e) {
        if (e.ltp > 0) {
            candles.onTick(e.instrumentId, e.eventTimeEpochMs, e.ltp, e.lttEpochMs, e.ltq, e.vtt);
        }
    }

    /**
     * The input being handled right now: side effects are tagged with its sequence (so they wait for
     * the journal) and its receive time (for latency). Logic thread only, during {@link #onEvent}.
     */
    public InputEvent currentInput() {
        return current;
    }

    /** Who hears each finished step (the store's row feed); set before the first event. */
    public void setStepListener(final StepListener listener) {
        this.stepListener = listener;
    }

    public CandleBook candles() {
        return candles;
    }

    /** Events handled so far; read after the ring has drained (or as a racy progress figure). */
    public long eventsHandled() {
        return eventsHandled;
    }

    public long lastInputSequence() {
        return lastInputSequence;
    }

    /** Called on the logic thread after the whole step of an input; must not block or allocate per tick. */
    @FunctionalInterface
    public interface StepListener {
        void onStepDone(InputEvent event);
    }
}
