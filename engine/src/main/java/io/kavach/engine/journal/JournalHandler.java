package io.kavach.engine.journal;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.kavach.engine.event.InputEvent;
import io.kavach.journal.JournalWriter;

/**
 * The journal stage: appends every ring input to the journal and publishes the input sequence it has
 * journaled so far ({@link #journaledSequence()}). Side effects gate on that sequence through a
 * {@link JournalGate}: nothing leaves the process for an input that is not yet journaled. In the
 * parallel placement it is a ring stage of its own, beside the logic; in the inline placement
 * {@link InlineJournalHandler} calls {@link #journal} on the logic thread before the logic.
 *
 * <p>"Journaled" means appended to the memory-mapped queue file: it survives a killed process
 * (the OS page cache holds it), not a power loss before the OS writes it back.
 *
 * <p>After a restart, inputs up to {@code alreadyJournaledThrough} are in the journal already: the
 * journaled sequence starts there, and such inputs replayed through the ring are not appended again.
 *
 * <p>If an append fails (disk full, I/O error) the handler stops advancing the journaled sequence for
 * good: every later side effect stays held, which is the safe failure. The exception goes to the
 * stage's error handler.
 *
 * <p>Threading: runs on one ring thread only (the journal stage's, or the logic's when inline);
 * {@link #journaledSequence()} is safe from any thread.
 */
public final class JournalHandler implements EventHandler<InputEvent>, InputJournal {
    private final JournalWriter writer;
    private final long alreadyJournaledThrough;
    private final InputEventJournalCodec codec = new InputEventJournalCodec();
    private final Sequence journaled = new Sequence(-1);
    private boolean failed;
    private long unknownKindEvents;

    /** A handler for a fresh run: every input is appended. */
    public JournalHandler(final JournalWriter writer) {
        this(writer, -1);
    }

    public JournalHandler(final JournalWriter writer, final long alreadyJournaledThrough) {
        this.writer = writer;
        this.alreadyJournaledThrough = alreadyJournaledThrough;
        // what the journal already holds is journaled, whether or not it is replayed through this stage
        journaled.set(alreadyJournaledThrough);
    }

    @Override
    public void onEvent(final InputEvent event, final long slot, final boolean endOfBatch) {
        journal(event);
        if (endOfBatch) {
            touchAhead();                   // the gate is open already; take the next pages' faults while idle
        }
    }

    @Override
    public void journal(final InputEvent event) {
        if (failed) {
            return;
        }
        if (event.sequence <= alreadyJournaledThrough) {
            return;                         // replayed from the journal itself: journaled from the start
        }
        final int length = codec.encode(event, writer.buffer());
        if (length < 0) {
            unknownKindEvents++;            // nothing to write; logic ignores the kind as well
        } else {
            try {
                writer.append(length);
            } catch (final RuntimeException | Error e) {
                failed = true;
                throw e;
            }
        }
        journaled.set(event.sequence);
    }

    @Override
    public void touchAhead() {
        if (!failed) {
            writer.touchAhead();
        }
    }

    /** Highest input sequence durably in the journal; -1 before the first. Any thread. */
    public long journaledSequence() {
        return journaled.get();
    }

    /** True once an append failed: the journal is stuck and side effects are held. Journal thread, or racy read. */
    public boolean hasFailed() {
        return failed;
    }

    public long unknownKindEvents() {
        return unknownKindEvents;
    }

    /** A gate releasing side effects of inputs this handler has journaled. */
    public JournalGate gate() {
        return new JournalGate(journaled);
    }
}
