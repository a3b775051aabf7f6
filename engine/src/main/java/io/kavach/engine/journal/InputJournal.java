package io.kavach.engine.journal;

import io.kavach.engine.event.InputEvent;

/**
 * Appends ring inputs to the journal from the thread that calls it: what {@link InlineJournalHandler}
 * needs of the journal. {@link JournalHandler} is the engine's one implementation (the latency harness
 * wraps it to time the append).
 *
 * <p>Threading: one thread, the one that appends.
 */
public interface InputJournal {
    /** Appends {@code event} (unless the journal already holds it) and publishes it as journaled. */
    void journal(InputEvent event);

    /** Work for a quiet moment after a batch (mapping the journal's next pages, so appends take no page fault); cheap when there is none. */
    void touchAhead();
}
