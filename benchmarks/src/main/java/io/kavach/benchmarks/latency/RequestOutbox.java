package io.kavach.benchmarks.latency;

import io.kavach.engine.action.OrderIntent;
import io.kavach.engine.action.OrderOutbox;
import io.kavach.engine.journal.SideEffectGate;
import org.HdrHistogram.Histogram;

/**
 * The order outbox as the harness runs it: each intent the rules produce waits for the journal gate
 * (the tick that caused it must be journaled first), is encoded into request bytes, and its
 * latency is recorded: now minus the intended send time of the tick being handled.
 *
 * <p>Threading: the logic thread.
 */
final class RequestOutbox implements OrderOutbox {
    private final OrderRequestWriter requests;
    private SideEffectGate gate;
    private final Histogram latencyNanos;
    private long tickIntendedNanos;
    private long tickSequence;
    private boolean recording;
    private long otherActions;

    RequestOutbox(final OrderRequestWriter requests, final SideEffectGate gate, final Histogram latencyNanos) {
        this.requests = requests;
        this.gate = gate;
        this.latencyNanos = latencyNanos;
    }

    /** The gate for the next run (set while the ring is stopped). */
    void gate(final SideEffectGate next) {
        gate = next;
    }

    /** The tick now in the logic step. */
    void tick(final long intendedNanos, final long inputSequence, final boolean record) {
        tickIntendedNanos = intendedNanos;
        tickSequence = inputSequence;
        recording = record;
    }

    @Override
    public void offer(final OrderIntent intent) {
        while (gate.decide(tickSequence) != SideEffectGate.RELEASE) {
            Thread.onSpinWait(); // nothing leaves before its input is journaled (DESIGN.md §1)
        }
        if (intent.action != OrderIntent.PLACE) {
            otherActions++; // price rules here only place; counted so a surprise would show
            return;
        }
        requests.place(intent);
        if (recording) {
            final long latency = System.nanoTime() - tickIntendedNanos; // wall clock: metrics only
            latencyNanos.recordValue(Math.min(latency, latencyNanos.getHighestTrackableValue()));
        }
    }

    long otherActions() {
        return otherActions;
    }
}
