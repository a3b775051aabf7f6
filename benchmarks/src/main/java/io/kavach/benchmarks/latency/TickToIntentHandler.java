package io.kavach.benchmarks.latency;

import com.lmax.disruptor.EventHandler;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import org.HdrHistogram.Histogram;

/**
 * The logic stage as the harness runs it: the engine's {@link LogicHandler} (candles, indicators,
 * rules, actions) with the {@link RequestOutbox} told which tick is being handled, so every intent
 * is timed from that tick's <em>intended</em> send time ({@link InputEvent#receivedNanos}, set by
 * the harness): a stall delays every frame behind it in the histogram (coordinated omission
 * corrected). Every tick's decision time (logic done, intent or not) goes into a second histogram.
 *
 * <p>Threading: the ring's logic thread; the histograms are read after the ring has drained.
 */
final class TickToIntentHandler implements EventHandler<InputEvent> {
    private final LogicHandler logic;
    private final RequestOutbox outbox;
    private final Histogram decisionNanos;
    private boolean recording;

    TickToIntentHandler(final LogicHandler logic, final RequestOutbox outbox, final Histogram decisionNanos) {
        this.logic = logic;
        this.outbox = outbox;
        this.decisionNanos = decisionNanos;
    }

    /** Whether ticks are recorded; set by the harness while the ring is drained. */
    void recording(final boolean on) {
        recording = on;
    }

    @Override
    public void onEvent(final InputEvent event, final long sequence, final boolean endOfBatch) {
        final boolean tick = event.kind == EventKind.MARKET_TICK;
        outbox.tick(event.receivedNanos, event.sequence, recording && tick);
        logic.onEvent(event, sequence, endOfBatch);
        if (recording && tick) {
            final long latency = System.nanoTime() - event.receivedNanos; // wall clock: metrics only
            decisionNanos.recordValue(Math.min(latency, decisionNanos.getHighestTrackableValue()));
        }
    }
}
