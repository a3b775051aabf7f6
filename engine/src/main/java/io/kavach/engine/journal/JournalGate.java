package io.kavach.engine.journal;

import com.lmax.disruptor.Sequence;

/**
 * The "journal first" gate: releases an effect once the journal stage has journaled the input that
 * caused it, suppresses effects of inputs replayed during restart recovery (up to
 * {@code replayedThroughSequence}), and holds everything else.
 *
 * <p>Reads the journal handler's published sequence; safe on any thread.
 */
public final class JournalGate implements SideEffectGate {
    private final Sequence journaled;
    private final long replayedThroughSequence;

    JournalGate(final Sequence journaled, final long replayedThroughSequence) {
        this.journaled = journaled;
        this.replayedThroughSequence = replayedThroughSequence;
    }

    @Override
    public int decide(final long causeInputSequence) {
        if (causeInputSequence <= replayedThroughSequence) {
            return SUPPRESS;
        }
        return causeInputSequence <= journaled.get() ? RELEASE : HOLD;
    }
}
