package io.kavach.engine.ring;

import com.lmax.disruptor.RingBuffer;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;

/**
 * The single writer's side of the ring. Every input enters here, from one thread, and gets the next
 * input sequence: the journal's record order, continued across restarts (recovery sets it from the
 * journal). The claim/fill/publish style keeps publishing free of boxing and capturing lambdas:
 * {@code long slot = claim(kind, timeMs); InputEvent e = event(slot); …fill… ; publish(slot);}.
 *
 * <p>Threading: owned by the single producer (the event loop, or the backtest/replay reader).
 */
public final class InputPublisher {
    private final RingBuffer<InputEvent> ring;
    private long nextInputSequence;

    public InputPublisher(final RingBuffer<InputEvent> ring, final long firstInputSequence) {
        this.ring = ring;
        this.nextInputSequence = firstInputSequence;
    }

    /** Claims the next slot and stamps sequence, kind and event time; returns the ring slot. */
    public long claim(final byte kind, final long eventTimeEpochMs) {
        final long slot = ring.next();
        final InputEvent e = ring.get(slot);
        e.sequence = nextInputSequence++;
        e.kind = kind;
        e.eventTimeEpochMs = eventTimeEpochMs;
        e.receivedNanos = 0;
        e.userId = 0;
        return slot;
    }

    public InputEvent event(final long slot) {
        return ring.get(slot);
    }

    public void publish(final long slot) {
        ring.publish(slot);
    }

    /** A last-trade tick (the backtest's and the simplest feed's shape). */
    public void publishTrade(final int instrumentId, final long eventTimeEpochMs, final long ltp, final long ltq,
                             final long vtt, final long closePrice) {
        final long slot = claim(EventKind.MARKET_TICK, eventTimeEpochMs);
        final InputEvent e = ring.get(slot);
        e.clearTick();
        e.instrumentId = instrumentId;
        e.feedShape = io.kavach.engine.event.FeedShape.LTPC;
        e.ltp = ltp;
        e.lttEpochMs = eventTimeEpochMs;
        e.ltq = ltq;
        e.vtt = vtt;
        e.closePrice = closePrice;
        ring.publish(slot);
    }

    /** A clock event: the only way time advances for logic when no tick arrives. */
    public void publishTimer(final long eventTimeEpochMs, final byte timerType) {
        final long slot = claim(EventKind.TIMER, eventTimeEpochMs);
        ring.get(slot).timerType = timerType;
        ring.publish(slot);
    }

    /** The input sequence the next claimed event will carry. */
    public long nextInputSequence() {
        return nextInputSequence;
    }

    public RingBuffer<InputEvent> ring() {
        return ring;
    }
}
