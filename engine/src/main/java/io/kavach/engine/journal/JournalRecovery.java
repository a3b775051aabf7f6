package io.kavach.engine.journal;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.ring.RingErrorHandler;
import io.kavach.journal.JournalDamageHandler;
import io.kavach.journal.JournalReader;
import io.kavach.journal.JournalRecordHandler;
import io.kavach.journal.layout.RecordHeaderDecoder;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderStatus;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Restart recovery, journal side: replays one IST day's journal through the ring (the same handlers
 * as live; the journal stage skips what it already holds) and finds every order intent the journal
 * holds without an answer
 * (no ORDER_ACK and no ORDER_UPDATE carrying its intent id). Those are the intents a crash may have
 * sent or not: the caller looks each one up at the broker by its tag before going live, and either
 * journals the broker's answer or sends it again, under the same tag.
 *
 * <p>Order of a restart: {@code writer.openDay(today)}; {@code last = writer.lastSequence()};
 * start the ring with {@code new JournalHandler(writer, last)} and {@code firstInputSequence = last + 1};
 * {@link #replayDay} (the outbox drops re-emitted intents whose id is in {@link Result#journaledIntentIds()});
 * reconcile {@link Result#unansweredIntents()}; go live.
 *
 * <p>Threading: the starting thread, which is the ring's producer until live inputs begin.
 */
public final class JournalRecovery {
    /**
     * What recovery found. {@code unansweredIntents} are decoded copies, in journal order;
     * {@code journaledIntentIds} every intent id journaled as ORDER_INTENT (the outbox must not hand
     * those out again); {@code answeredIntentIds} every intent id an ORDER_ACK or ORDER_UPDATE answered.
     * An outbox that does not journal ORDER_INTENT drops re-emitted intents that are answered and sends
     * the others with a tag lookup first ({@code lookupFirst}): their fate is unknown.
     * {@code replayedByKind[kind]} counts replayed records per event kind.
     * {@code openOrders} are the orders the journal last saw acknowledged with a broker order id and
     * not final: what happened to them while the engine was down is read from the broker before going
     * live (their fills must reach the positions), in journal order of their intents.
     */
    public record Result(long replayedEvents, long lastSequence, List<InputEvent> unansweredIntents,
                         LongHashSet journaledIntentIds, LongHashSet answeredIntentIds, long[] replayedByKind,
                         List<OpenOrder> openOrders) {
    }

    /**
     * An order open at the broker as far as the journal knows: its placing ORDER_INTENT, and the last
     * ORDER_ACK/ORDER_UPDATE of it (broker order id, status, filled quantity and average price).
     */
    public record OpenOrder(InputEvent intent, InputEvent lastState) {
    }

    private JournalRecovery() {
    }

    /** Replays the day into {@code ring} (this thread is its producer); the ring's handlers rebuild their state. */
    public static Result replayDay(final Path root, final long istEpochDay, final RingBuffer<InputEvent> ring,
                                   final JournalDamageHandler damage) {
        return replay(root, istEpochDay, new JournalReplaySource(ring, Long.MIN_VALUE, Long.MAX_VALUE,
            JournalReplaySource.EventPacer.FLAT_OUT), damage);
    }

    /**
     * Replays the day straight into {@code logic} on this thread (no ring hop: the fast restart).
     * Call it before any input is published to the ring that will run {@code logic}, from the thread
     * that publishes next, and start the ring's journal stage with {@code new JournalHandler(writer, last)}:
     * the replayed inputs count as journaled without passing through it.
     */
    public static Result replayDay(final Path root, final long istEpochDay, final EventHandler<InputEvent> logic,
                                   final RingErrorHandler errors, final JournalDamageHandler damage) {
        return replay(root, istEpochDay, new JournalReplaySource(logic, errors, Long.MIN_VALUE, Long.MAX_VALUE,
            JournalReplaySource.EventPacer.FLAT_OUT), damage);
    }

    private static Result replay(final Path root, final long istEpochDay, final JournalReplaySource source,
                                 final JournalDamageHandler damage) {
        final IntentTracker tracker = new IntentTracker(source);
        try (JournalReader reader = new JournalReader(root, istEpochDay, istEpochDay, damage)) {
            while (reader.poll(tracker, JournalReplaySource.POLL_BATCH_RECORDS) > 0) {
                source.flush();
            }
            source.flush();
        }
        final List<InputEvent> unanswered = new ArrayList<>(tracker.open.values());
        unanswered.sort(Comparator.comparingLong(e -> e.sequence));
        final List<OpenOrder> openOrders = new ArrayList<>();
        tracker.lastState.forEach((intentId, state) -> {
            if (state.brokerOrderIdLength > 0 && !OrderStatus.isFinal(state.orderStatus)) {
                openOrders.add(new OpenOrder(tracker.placing.get(intentId), state));
            }
        });
        openOrders.sort(Comparator.comparingLong(o -> o.intent().sequence));
        return new Result(source.published(), source.lastSequence(), unanswered, tracker.journaled, tracker.answered, tracker.byKind,
            openOrders);
    }

    /** Sees every record on its way to the ring and keeps the intents nobody answered yet. */
    private static final class IntentTracker implements JournalRecordHandler {
        private final JournalReplaySource next;
        private final RecordHeaderDecoder header = new RecordHeaderDecoder();
        private final InputEventJournalCodec codec = new InputEventJournalCodec();
        private final InputEvent scratch = new InputEvent();
        private final Long2ObjectHashMap<InputEvent> open = new Long2ObjectHashMap<>();
        private final LongHashSet journaled = new LongHashSet();
        private final LongHashSet answered = new LongHashSet();
        private final long[] byKind = new long[EventKind.MAX_KIND + 1];
        /** Placing intents whose order is not known final, and the last acknowledgement/update of each. */
        private final Long2ObjectHashMap<InputEvent> placing = new Long2ObjectHashMap<>();
        private final Long2ObjectHashMap<InputEvent> lastState = new Long2ObjectHashMap<>();

        IntentTracker(final JournalReplaySource next) {
            this.next = next;
        }

        @Override
        public void onRecord(final DirectBuffer buffer, final int offset, final int length) {
            final byte kind = header.wrap(buffer, offset).kind();
            if (kind >= 0 && kind <= EventKind.MAX_KIND) {
                byKind[kind]++;
            }
            if (kind == EventKind.ORDER_INTENT || kind == EventKind.ORDER_ACK || kind == EventKind.ORDER_UPDATE) {
                codec.decode(buffer, offset, scratch);
                if (scratch.intentId != 0) {
                    if (kind == EventKind.ORDER_INTENT) {
                        final InputEvent copy = new InputEvent();
                        codec.decode(buffer, offset, copy);
                        open.put(copy.intentId, copy);
                        journaled.add(copy.intentId);
                        if (copy.command == OrderIntent.ACTION_PLACE) {
                            placing.put(copy.intentId, copy);
                        }
                    } else {
                        open.remove(scratch.intentId);
                        answered.add(scratch.intentId);
                        if (placing.containsKey(scratch.intentId)
                            && (kind == EventKind.ORDER_UPDATE || scratch.command == OrderIntent.ACTION_PLACE)) {
                            trackState(buffer, offset);
                        }
                    }
                }
            }
            next.onRecord(buffer, offset, length);
        }

        private void trackState(final DirectBuffer buffer, final int offset) {
            final long intentId = scratch.intentId;
            if (OrderStatus.isFinal(scratch.orderStatus)) {
                placing.remove(intentId);       // settled before the stop: nothing to learn at the broker
                lastState.remove(intentId);
                return;
            }
            InputEvent state = lastState.get(intentId);
            if (state == null) {
                state = new InputEvent();
                lastState.put(intentId, state);
            }
            codec.decode(buffer, offset, state);
        }
    }
}
