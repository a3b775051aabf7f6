package io.kavach.engine.journal;

import com.lmax.disruptor.Sequence;

/**
 * The "journal first" gate: releases an effect once the journal stage has journaled the input that
 * caused it, holds it until then.
 *
 * <p>After a restart, intents re-emitted while replaying are not suppressed by sequence (an intent
 * whose input was journaled but which had not been handed out yet when the process died must still
 * go out); the outbox drops those whose intent id the journal already holds as ORDER_INTENT
 * ({@link JournalRecovery.Result#journaledIntentIds()}) and those are reconciled with the broker by tag.
 *
 * <p>Reads the journal handler's published sequence; safe on any thread.
 */
public final class JournalGate implements SideEffectGate {
    private final Sequence journaled;

    JournalGate(final Sequence journaled) {
        this.journaled = journaled;
    }

    @Override
    public int decide(final long causeInputSequence) {
        return causeInputSequence <= journaled.get() ? RELEASE : HOLD;
    }
}
