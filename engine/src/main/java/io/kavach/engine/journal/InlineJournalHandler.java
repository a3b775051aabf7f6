package io.kavach.engine.journal;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import io.kavach.engine.event.InputEvent;

/**
 * The inline journal placement ({@link JournalPlacement#INLINE}): one ring stage that appends each
 * input to the journal and then hands it to the logic, on the logic thread. An intent, a log row or
 * any other effect the logic produces for an input is therefore produced after that input is in the
 * journal and its journaled sequence is published, so the journal-first gate releases it at once.
 * The journal's next pages are mapped ahead ({@code JournalWriter.touchAhead}) at the end of each batch,
 * after the logic, when the thread would otherwise wait.
 *
 * <p>A failed append goes to the journal's error handler and the logic still handles the input (as in
 * the parallel placement, where the logic never waits for the journal): the journaled sequence stops
 * for good, so every later side effect stays held.
 *
 * <p>Threading: the ring's logic thread only.
 */
public final class InlineJournalHandler implements EventHandler<InputEvent> {
    private final InputJournal journal;
    private final EventHandler<InputEvent> logic;
    private final ExceptionHandler<InputEvent> journalErrors;

    public InlineJournalHandler(final InputJournal journal, final EventHandler<InputEvent> logic,
                                final ExceptionHandler<InputEvent> journalErrors) {
        this.journal = journal;
        this.logic = logic;
        this.journalErrors = journalErrors;
    }

    @Override
    public void onEvent(final InputEvent event, final long slot, final boolean endOfBatch) throws Exception {
        try {
            journal.journal(event);
        } catch (final RuntimeException | Error e) {
            journalErrors.handleEventException(e, slot, event);
        }
        logic.onEvent(event, slot, endOfBatch);
        if (endOfBatch) {
            journal.touchAhead();
        }
    }
}
