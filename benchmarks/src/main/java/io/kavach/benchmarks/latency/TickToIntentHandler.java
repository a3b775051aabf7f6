package io.kavach.benchmarks.latency;

import com.lmax.disruptor.EventHandler;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.SideEffectGate;
import io.kavach.order.OrderCodes;
import org.HdrHistogram.Histogram;

/**
 * The logic stage as the harness runs it: the engine's {@link LogicHandler} (candles, indicators),
 * then the intent for the tick encoded into order request bytes, then the tick's latency recorded:
 * now minus {@link InputEvent#receivedNanos}, which the harness sets to the frame's <em>intended</em>
 * send time, so a stall delays every frame behind it in the histogram (coordinated omission
 * corrected).
 *
 * <p>With a journal, the request waits for the journal stage to have appended the tick (the
 * engine's "journal first" gate), so the journal's cost on the path shows up here.
 *
 * <p>The intent step is a stand-in until the rules engine is wired into {@link LogicHandler}:
 * every tick becomes one stop-loss place request (SL, trigger at the tick's price), the worst case
 * for this leg (with rules only a firing tick encodes a request).
 *
 * <p>Threading: the ring's logic thread; {@link #histogram()} is read after the ring has drained.
 */
final class TickToIntentHandler implements EventHandler<InputEvent> {
    private final LogicHandler logic;
    private final OrderRequestWriter requests;
    private final Histogram latencyNanos;
    private final SideEffectGate gate;
    private boolean recording;

    /** {@code gate}: the journal's "journal first" gate, or {@link SideEffectGate#RELEASE_ALL} without a journal. */
    TickToIntentHandler(final LogicHandler logic, final OrderRequestWriter requests, final Histogram latencyNanos, final SideEffectGate gate) {
        this.logic = logic;
        this.requests = requests;
        this.latencyNanos = latencyNanos;
        this.gate = gate;
    }

    /** Whether ticks are recorded; set by the harness while the ring is drained. */
    void recording(final boolean on) {
        recording = on;
    }

    @Override
    public void onEvent(final InputEvent event, final long sequence, final boolean endOfBatch) {
        logic.onEvent(event, sequence, endOfBatch);
        if (event.kind != EventKind.MARKET_TICK) {
            return;
        }
        while (gate.decide(event.sequence) != SideEffectGate.RELEASE) {
            Thread.onSpinWait(); // nothing leaves before its input is journaled (DESIGN.md §1)
        }
        requests.place(event.instrumentId, OrderCodes.SIDE_SELL, OrderCodes.TYPE_SL, 25, event.ltp - 500_000, event.ltp);
        if (recording) {
            final long latency = System.nanoTime() - event.receivedNanos; // wall clock: metrics only
            latencyNanos.recordValue(Math.min(latency, latencyNanos.getHighestTrackableValue()));
        }
    }
}
