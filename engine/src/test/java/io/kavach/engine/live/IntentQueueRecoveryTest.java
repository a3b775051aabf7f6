package io.kavach.engine.live;

import com.lmax.disruptor.RingBuffer;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.SideEffectGate;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.order.LocalOrderRouter;
import io.kavach.order.OrderCodes;
import io.kavach.order.OrderIntent;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntentQueueRecoveryTest {
    private static final String KEY = "NSE_INDEX|Nifty 50";

    /** Remembers what reached it (copies: the queue reuses its slots). */
    private static final class RecordingRouter extends LocalOrderRouter {
        final List<String> submitted = new ArrayList<>();

        @Override
        public int submit(final OrderIntent intent) {
            submitted.add(intent.intentId + (intent.lookupFirst ? " lookup" : " send"));
            return 0;
        }

        @Override
        protected boolean knows(final long intentId) {
            return submitted.stream().anyMatch(s -> s.startsWith(intentId + " "));
        }
    }

    @Test
    void shouldDropJournaledReEmittedIntentsAndLookUpTheOthersOnlyForReplayedCauses() {
        final InstrumentRegistry instruments = new InstrumentRegistry();
        instruments.register(KEY);
        final RingBuffer<InputEvent> ring = RingBuffer.createSingleProducer(InputEvent::new, 64);
        final InputPublisher publisher = new InputPublisher(ring, 11);
        final IntentQueue queue = new IntentQueue(8);
        final RecordingRouter router = new RecordingRouter();
        queue.connect(Runnable::run, SideEffectGate.RELEASE_ALL, router);
        queue.journalIntentsTo(publisher, instruments, () -> 1_000L);
        queue.hold();
        offer(queue, 1, 5);   // replayed cause, journaled before the restart: left already
        offer(queue, 2, 6);   // replayed cause, not journaled: may have left just before the crash
        offer(queue, 3, 20);  // live cause after the restart
        assertTrue(router.submitted.isEmpty(), "nothing leaves while held");

        final LongHashSet journaled = new LongHashSet();
        journaled.add(1);
        queue.releaseAfterRecovery(journaled, 10);

        assertEquals(List.of("2 lookup", "3 send"), router.submitted);
        assertEquals(1, queue.recoveredDropped());
        assertEquals(1, queue.recoveredLookups());
        // each intent that left is journaled first, with what a re-submission needs
        assertEquals(1, ring.getCursor(), "two ORDER_INTENT inputs");
        final InputEvent first = ring.get(0);
        assertEquals(EventKind.ORDER_INTENT, first.kind);
        assertEquals(11, first.sequence, "numbered after the journal");
        assertEquals(2, first.intentId);
        assertEquals(3, ring.get(1).intentId);
        final OrderIntent rebuilt = IntentQueue.fromJournal(first, instruments, new OrderIntent());
        assertEquals(KEY, new String(rebuilt.instrumentKey, 0, rebuilt.instrumentKeyLength));
        assertEquals("kv-2", new String(rebuilt.tag, 0, rebuilt.tagLength));
        assertEquals(OrderCodes.SIDE_SELL, rebuilt.side);
        assertEquals(50, rebuilt.quantity);
        assertTrue(rebuilt.exit);
        assertFalse(rebuilt.lookupFirst);
    }

    private static void offer(final IntentQueue queue, final long intentId, final long cause) {
        final OrderIntent i = queue.claim();
        i.place(intentId, OrderCodes.SIDE_SELL, 50).exit(true).instrumentKey(KEY).tag("kv-" + intentId);
        queue.commit(cause, 0);
    }
}
