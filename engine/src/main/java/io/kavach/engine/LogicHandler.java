package io.kavach.engine;

import com.lmax.disruptor.EventHandler;
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
    private long eventsHandled;
    private long lastInputSequence = -1;

    public LogicHandler() {
    }

    @Override
    public void onEvent(final InputEvent event, final long slot, final boolean endOfBatch) {
        switch (event.kind) {
            case EventKind.MARKET_TICK:
                onTick(event);
                break;
            default:
                break;
        }
        eventsHandled++;
        lastInputSequence = event.sequence;
    }

    private void onTick(final InputEvent e) {
        // candles, indicators and rules land here (issue 2/3 work in progress)
    }

    /** Events handled so far; read after the ring has drained (or as a racy progress figure). */
    public long eventsHandled() {
        return eventsHandled;
    }

    public long lastInputSequence() {
        return lastInputSequence;
    }
}
