package io.kavach.engine.journal;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import io.kavach.engine.event.InputEvent;

/** Test helper: Disruptor.shutdown() ignores a handler whose thread has not started yet; wait on the gating sequences first. */
final class RingDrain {
    private RingDrain() {
    }

    static void drainAndStop(final Disruptor<InputEvent> disruptor) {
        final RingBuffer<InputEvent> ring = disruptor.getRingBuffer();
        while (ring.getMinimumGatingSequence() < ring.getCursor()) {
            Thread.yield();
        }
        disruptor.shutdown();
    }
}
