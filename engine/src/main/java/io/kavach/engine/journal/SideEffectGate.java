package io.kavach.engine.journal;

/**
 * Decides whether a side effect (an order intent, a log row) caused by an input may leave the
 * process now. Whoever drains the outbox asks it for the effect's causing input sequence.
 *
 * <p>Implementations are safe to call from the draining thread.
 */
public interface SideEffectGate {
    /** The causing input is journaled: send the effect. */
    int RELEASE = 0;
    /** The causing input is not journaled yet: keep the effect and ask again. */
    int HOLD = 1;
    /** The causing input is being replayed for analysis: the effect must never leave; drop it. */
    int SUPPRESS = 2;

    int decide(long causeInputSequence);

    /** For a run that journals nothing (a plain backtest): every effect leaves at once. */
    SideEffectGate RELEASE_ALL = cause -> RELEASE;

    /** For a replay: no effect ever leaves. */
    SideEffectGate SUPPRESS_ALL = cause -> SUPPRESS;
}
