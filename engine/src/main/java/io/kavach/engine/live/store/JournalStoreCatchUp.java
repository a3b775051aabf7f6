package io.kavach.engine.live.store;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InputEventJournalCodec;
import io.kavach.journal.JournalDamageHandler;
import io.kavach.journal.JournalReader;
import io.kavach.journal.layout.RecordHeaderDecoder;
import io.kavach.store.writer.CatchUpSource;
import io.kavach.store.writer.JournalPosition;
import io.kavach.store.writer.MonitorLogEntry;
import io.kavach.store.writer.OrderRow;
import io.kavach.store.writer.StoreRowSink;
import io.kavach.store.writer.UserHaltRow;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's catch-up from the journal: the rows of a journal range are re-created by replaying
 * each day of it, from the day's first input, through a fresh logic built exactly as the live one
 * (rules arrive as journaled commands, so the replay rebuilds the same rules, fires and orders) with
 * its side effects going nowhere, and keeping the rows of inputs inside the range. Rows are keyed by
 * their input's journal position, so a row also written live is the same row (the writer's upserts
 * make it harmless).
 *
 * <p>Threading: called on the store writer's thread; each call builds its own logic.
 */
public final class JournalStoreCatchUp implements CatchUpSource {
    /** Builds a fresh logic step, wired like the live one, reporting fires and intents to {@code feed}. */
    @FunctionalInterface
    public interface LogicFactory {
        LogicHandler create(StoreRowFeed feed);
    }

    private static final int POLL_BATCH_RECORDS = 4096;

    private final Path journalRoot;
    private final InstrumentRegistry instruments;
    private final LogicFactory logicFactory;
    private final JournalDamageHandler damage;
    private final AtomicLong replays = new AtomicLong();

    public JournalStoreCatchUp(final Path journalRoot, final InstrumentRegistry instruments, final LogicFactory logicFactory,
                               final JournalDamageHandler damage) {
        this.journalRoot = journalRoot;
        this.instruments = instruments;
        this.logicFactory = logicFactory;
        this.damage = damage;
    }

    /** Catch-up replays made so far. */
    public long replays() {
        return replays.get();
    }

    @Override
    public void replay(final long fromPositionInclusive, final long toPositionInclusive, final StoreRowSink sink) {
        replays.incrementAndGet();
        for (int day = JournalPosition.day(fromPositionInclusive); day <= JournalPosition.day(toPositionInclusive); day++) {
            final long fromSeq = day == JournalPosition.day(fromPositionInclusive) ? JournalPosition.sequence(fromPositionInclusive) : 0;
            final long toSeq = day == JournalPosition.day(toPositionInclusive) ? JournalPosition.sequence(toPositionInclusive) : Long.MAX_VALUE;
            replayDay(day, fromSeq, toSeq, sink);
        }
    }

    /** Whether the day's journal holds an input with a sequence in [fromSeq, toSeq]: a header-only pass. */
    private boolean hasInputs(final int day, final long fromSeq, final long toSeq) {
        final RecordHeaderDecoder header = new RecordHeaderDecoder();
        final boolean[] found = {false};
        try (JournalReader reader = new JournalReader(journalRoot, day, day, damage)) {
            while (!found[0] && reader.poll((buffer, offset, length) -> {
                final long seq = header.wrap(buffer, offset).sequence();
                found[0] |= seq >= fromSeq && seq <= toSeq;
            }, POLL_BATCH_RECORDS) > 0) {
                // keep reading
            }
        }
        return found[0];
    }

    private void replayDay(final int day, final long fromSeq, final long toSeq, final StoreRowSink sink) {
        if (!hasInputs(day, fromSeq, toSeq)) {
            return; // the usual case at a start: nothing after the store's watermark (the replay would rebuild the whole day)
        }
        final StoreRowSink inRange = new StoreRowSink() {
            @Override
            public void monitorLog(final MonitorLogEntry entry) {
                if (entry.journalSeq() >= fromSeq && entry.journalSeq() <= toSeq) {
                    sink.monitorLog(entry);
                }
            }

            @Override
            public void order(final OrderRow order) {
                if (order.journalSeq() >= fromSeq && order.journalSeq() <= toSeq) {
                    sink.order(order);
                }
            }

            @Override
            public void userHalt(final UserHaltRow halt) {
                if (halt.journalSeq() >= fromSeq && halt.journalSeq() <= toSeq) {
                    sink.userHalt(halt);
                }
            }
        };
        final StoreRowFeed feed = new StoreRowFeed(instruments, day, inRange, seq -> { });
        final LogicHandler logic = logicFactory.create(feed);
        final RecordHeaderDecoder header = new RecordHeaderDecoder();
        final InputEventJournalCodec codec = new InputEventJournalCodec();
        final InputEvent event = new InputEvent();
        try (JournalReader reader = new JournalReader(journalRoot, day, day, damage)) {
            final boolean[] done = {false};
            while (!done[0] && reader.poll((buffer, offset, length) -> {
                if (done[0] || header.wrap(buffer, offset).sequence() > toSeq) {
                    done[0] = true;
                    return;
                }
                codec.decode(buffer, offset, event);
                logic.onEvent(event, 0, false);
            }, POLL_BATCH_RECORDS) > 0) {
                // keep reading
            }
        }
    }
}
