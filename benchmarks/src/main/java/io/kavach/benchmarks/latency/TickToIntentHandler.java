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
 * The warm-up records too, so the recording code is compiled before the measured window (the
 * harness resets the histograms when the warm-up has drained): a branch first taken when the
 * window opens would deoptimise the whole logic step inside it.
 *
 * <p>Threading: the ring's logic thread; the histograms are read and reset while the ring is drained.
 */
final class TickToIntentHandler implements EventHandler<InputEvent> {
    private final LogicHandler logic;
    private final RequestOutbox outbox;
    private final Histogram decisionNanos;

    TickToIntentHandler(final LogicHandler logic, final RequestOutbox outbox, final Histogram decisionNanos) {
        this.logic = logic;
        this.outbox = outbox;
        this.decisionNanos = decisionNanos;
    }

    @Override
    public void onEvent(final InputEvent event, final long sequence, final boolean endOfBatch) {
        final boolean tick = event.kind == EventKind.MARKET_TICK;
        outbox.tick(event.receivedNanos, event.sequence, tick);
        logic.onEvent(event, sequence, endOfBatch);
        if (tick) {
            final long latency = System.nanoTime() - event.receivedNanos; // wall clock: metrics only
            decisionNanos.recordValue(Math.min(latency, decisionNanos.getHighestTrackableValue()));
        }
    }
}
