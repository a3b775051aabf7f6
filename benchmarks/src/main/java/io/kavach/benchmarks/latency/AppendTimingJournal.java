package io.kavach.benchmarks.latency;

import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InputJournal;
import io.kavach.engine.journal.JournalHandler;
import org.HdrHistogram.Histogram;

/**
 * The engine's journal with a stopwatch around each append, for the harness's inline placement: the
 * histogram holds what journaling itself adds to a tick's path to its intent, directly rather than as
 * the difference of two noisy tails; the touch-ahead the logic thread does at the end of each batch is
 * timed apart (it delays only an input that arrives during it). Harness only; the engine's {@code InlineJournalHandler} calls the
 * {@link JournalHandler} straight.
 *
 * <p>Threading: the ring's logic thread; the histogram is read and reset while the ring is drained.
 */
final class AppendTimingJournal implements InputJournal {
    private final JournalHandler journal;
    private final Histogram appendNanos;
    private final Histogram touchNanos;

    AppendTimingJournal(final JournalHandler journal, final Histogram appendNanos, final Histogram touchNanos) {
        this.journal = journal;
        this.appendNanos = appendNanos;
        this.touchNanos = touchNanos;
    }

    @Override
    public void journal(final InputEvent event) {
        final long start = System.nanoTime(); // wall clock: metrics only
        journal.journal(event);
        final long nanos = System.nanoTime() - start;
        appendNanos.recordValue(Math.min(nanos, appendNanos.getHighestTrackableValue()));
    }

    @Override
    public void touchAhead() {
        final long start = System.nanoTime(); // wall clock: metrics only
        journal.touchAhead();
        final long nanos = System.nanoTime() - start;
        touchNanos.recordValue(Math.min(nanos, touchNanos.getHighestTrackableValue()));
    }
}
