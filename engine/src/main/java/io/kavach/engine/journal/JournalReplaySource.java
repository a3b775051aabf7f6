package io.kavach.engine.journal;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.ring.RingErrorHandler;
import io.kavach.journal.JournalReader;
import io.kavach.journal.JournalRecordHandler;
import io.kavach.journal.layout.RecordHeaderDecoder;
import org.agrona.DirectBuffer;

/**
 * Puts journaled inputs back on the ring, with their journaled sequence, kind and fields, so the
 * same handlers see exactly what they saw live. Records outside [fromEpochMs, toEpochMs) by event
 * time are skipped. An {@link EventPacer} may hold each record back to pace a replay against the wall
 * clock; logic never sees that clock.
 *
 * <p>Two ways to deliver:
 * <ul>
 *   <li><b>Through a ring</b>: publishes straight into it (not through {@code InputPublisher}, which
 *       would renumber): start the engine with {@code firstInputSequence} = last journaled sequence + 1
 *       so live inputs continue the numbering after a recovery.</li>
 *   <li><b>Direct</b>: decodes each record into one reused event and calls the handler (the logic
 *       stage) on this thread. No ring hop, no second thread: a replay or recovery with side effects off
 *       gains nothing from the ring, and the handler sees the same events in the same order. An
 *       exception escaping the handler goes to a {@link RingErrorHandler} like on the ring and the next
 *       record follows. Whoever hands the handler to a ring's thread afterwards must publish to that
 *       ring from this thread (the ring's publish orders the handler's state before the ring's reads).</li>
 * </ul>
 *
 * <p>Threading: runs on one thread: the ring's single producer, or in direct mode the thread that owns
 * the handler until the replay returns.
 */
public final class JournalReplaySource implements JournalRecordHandler {
    public static final int POLL_BATCH_RECORDS = 4096;
    /** Flat-out replays publish claimed slots in batches of up to this many (a quarter of the ring at most). */
    public static final int PUBLISH_BATCH_SLOTS = 256;

    /** Waits until an event's (scaled) time has come. Implementations may read the wall clock. */
    @FunctionalInterface
    public interface EventPacer {
        void awaitEventTime(long eventTimeEpochMs);

        EventPacer FLAT_OUT = eventTimeEpochMs -> { };
    }

    /** Hears progress every {@link #POLL_BATCH_RECORDS} records or so. */
    @FunctionalInterface
    public interface ProgressListener {
        void onProgress(long recordsPublished, long lastEventTimeEpochMs);
    }

    private final RingBuffer<InputEvent> ring;
    private final EventHandler<InputEvent> direct;
    private final InputEvent directEvent;
    private final RingErrorHandler directErrors;
    private final long fromEpochMs;
    private final long toEpochMs;
    private final EventPacer pacer;
    private final InputEventJournalCodec codec = new InputEventJournalCodec();
    private final RecordHeaderDecoder header = new RecordHeaderDecoder();
    private long published;
    private long skipped;
    private long lastSequence = -1;
    private long lastEventTimeEpochMs;
    private final boolean batched;
    private final int publishBatch;
    private long batchStart = -1;
    private long batchEnd = -1;

    public JournalReplaySource(final RingBuffer<InputEvent> ring, final long fromEpochMs, final long toEpochMs,
                               final EventPacer pacer) {
        this.ring = ring;
        this.direct = null;
        this.directEvent = null;
        this.directErrors = null;
        this.fromEpochMs = fromEpochMs;
        this.toEpochMs = toEpochMs;
        this.pacer = pacer;
        this.batched = pacer == EventPacer.FLAT_OUT;
        this.publishBatch = Math.max(1, Math.min(PUBLISH_BATCH_SLOTS, ring.getBufferSize() / 4));
    }

    /** Direct mode: {@code handler} runs on the calling thread; its exceptions are counted by {@code errors}. */
    public JournalReplaySource(final EventHandler<InputEvent> handler, final RingErrorHandler errors, final long fromEpochMs,
                               final long toEpochMs, final EventPacer pacer) {
        this.ring = null;
        this.direct = handler;
        this.directEvent = new InputEvent();
        this.directErrors = errors;
        this.fromEpochMs = fromEpochMs;
        this.toEpochMs = toEpochMs;
        this.pacer = pacer;
        this.batched = false;
        this.publishBatch = 1;
    }

    /** Replays everything {@code reader} delivers; returns the number of records published. */
    public long replay(final JournalReader reader, final ProgressListener progress) {
        while (reader.poll(this, POLL_BATCH_RECORDS) > 0) {
            flush();
            progress.onProgress(published, lastEventTimeEpochMs);
        }
        flush();
        return published;
    }

    @Override
    public void onRecord(final DirectBuffer buffer, final int offset, final int length) {
        header.wrap(buffer, offset);
        final long eventTime = header.eventTimeEpochMs();
        if (eventTime < fromEpochMs || eventTime >= toEpochMs) {
            skipped++;
            return;
        }
        pacer.awaitEventTime(eventTime);
        if (direct != null) {
            deliver(buffer, offset, eventTime);
            return;
        }
        final long slot = ring.next();
        codec.decode(buffer, offset, ring.get(slot));
        if (batched) {
            if (batchStart < 0) {
                batchStart = slot;
            }
            batchEnd = slot;
            if (batchEnd - batchStart + 1 >= publishBatch) {
                flush();
            }
        } else {
            ring.publish(slot); // paced: each event leaves at its time
        }
        published++;
        lastSequence = header.sequence();
        lastEventTimeEpochMs = eventTime;
    }

    private void deliver(final DirectBuffer buffer, final int offset, final long eventTime) {
        final InputEvent e = directEvent;
        codec.decode(buffer, offset, e);
        final long sequence = e.sequence;
        try {
            direct.onEvent(e, sequence, true);
        } catch (final Throwable bug) {
            directErrors.handleEventException(bug, sequence, e);
        }
        published++;
        lastSequence = sequence;
        lastEventTimeEpochMs = eventTime;
    }

    /**
     * Publishes slots claimed but not yet published (flat-out replays publish in batches, which
     * saves the consumers a cursor update per event). {@link #replay} calls it; a caller feeding
     * {@link #onRecord} itself must call it after each poll.
     */
    public void flush() {
        if (batchStart >= 0) {
            ring.publish(batchStart, batchEnd);
            batchStart = -1;
        }
    }

    public long published() {
        return published;
    }

    /** Records outside the time window. */
    public long skipped() {
        return skipped;
    }

    /** Sequence of the last record published; -1 if none. */
    public long lastSequence() {
        return lastSequence;
    }
}
