package io.kavach.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InlineJournalHandler;
import io.kavach.engine.journal.JournalHandler;
import io.kavach.engine.journal.JournalPlacement;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.ring.RingErrorHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wires the stage graph of DESIGN.md §1 in one place:
 *
 * <pre>
 *   inline placement (default):
 *   single writer ──► ring (ProducerType.SINGLE) ──► InlineJournalHandler: JournalHandler.journal, then
 *   (InputPublisher)                                  LogicHandler (candles → indicators → rules → actions)
 *
 *   parallel placement:
 *   single writer ──► ring (ProducerType.SINGLE) ──┬──► JournalHandler (Chronicle Queue append)
 *   (InputPublisher)                               └──► LogicHandler   (candles → indicators → rules → actions)
 * </pre>
 *
 * Inline, the logic thread appends each input before handling it, so its side effects are journaled
 * first by construction; in parallel, the journal and logic consume the same slots on two threads and
 * the logic's side effects wait for the journal at the gate (see the outbox). Either way the journal's
 * {@link JournalHandler#gate()} decides. Start the engine with {@link #start}, publish through
 * {@link #publisher()} from exactly one thread, and {@link #close()} drains every published event
 * before the consumer threads stop.
 *
 * <p>Threading: built and closed by the owning (main) thread.
 */
public final class Bootstrap implements AutoCloseable {
    private final Disruptor<InputEvent> disruptor;
    private final InputPublisher publisher;
    private final List<RingErrorHandler> errorHandlers = new ArrayList<>();
    private final LogicHandler logic;

    private Bootstrap(final EngineSettings settings, final JournalHandler journal, final LogicHandler logic,
                      final long firstInputSequence) {
        this.logic = logic;
        disruptor = new Disruptor<>(InputEvent::new, settings.ringSize(), new StageThreads(),
            ProducerType.SINGLE, settings.waitStrategy().newWaitStrategy());
        if (journal == null) {
            disruptor.handleEventsWith(logic);
            guard(logic, "logic");
        } else if (settings.journalPlacement() == JournalPlacement.INLINE) {
            final RingErrorHandler journalErrors = new RingErrorHandler("journal (inline)");
            errorHandlers.add(journalErrors);
            final InlineJournalHandler stage = new InlineJournalHandler(journal, logic, journalErrors);
            disruptor.handleEventsWith(stage);
            guard(stage, "logic");
        } else {
            disruptor.handleEventsWith(journal, logic);
            guard(journal, "journal");
            guard(logic, "logic");
        }
        final RingBuffer<InputEvent> ring = disruptor.start();
        publisher = new InputPublisher(ring, firstInputSequence);
    }

    /**
     * Starts the ring. {@code journal} may be null when nothing is journaled (a plain backtest); where it
     * runs follows {@link EngineSettings#journalPlacement()}. {@code firstInputSequence} continues the
     * journal's numbering after recovery (0 for a new day).
     */
    public static Bootstrap start(final EngineSettings settings, final JournalHandler journal,
                                  final LogicHandler logic, final long firstInputSequence) {
        return new Bootstrap(settings, journal, logic, firstInputSequence);
    }

    private void guard(final EventHandler<InputEvent> handler, final String stage) {
        final RingErrorHandler errors = new RingErrorHandler(stage);
        disruptor.handleExceptionsFor(handler).with(errors);
        errorHandlers.add(errors);
    }

    public InputPublisher publisher() {
        return publisher;
    }

    public LogicHandler logic() {
        return logic;
    }

    /** Unexpected exceptions counted across all stages. */
    public long stageErrors() {
        long n = 0;
        for (RingErrorHandler h : errorHandlers) {
            n += h.errors();
        }
        return n;
    }

    /** Waits until every published event has been handled by every stage, then stops the stage threads. */
    @Override
    public void close() {
        awaitDrained();
        disruptor.shutdown();
    }

    /** Waits until every event published so far has been handled by every stage; the stages keep running. */
    public void awaitDrained() {
        // Disruptor.shutdown() skips a stage whose thread has not started yet (its backlog check only
        // looks at running processors), so a short run could stop before the journal saw anything.
        // Wait on the gating sequences instead: they include every stage, started or not.
        final RingBuffer<InputEvent> ring = publisher.ring();
        final long cursor = ring.getCursor();
        while (ring.getMinimumGatingSequence() < cursor) {
            Thread.yield();
        }
    }

    /** Names the stage threads so profilers and thread dumps read like the diagram. */
    private static final class StageThreads implements ThreadFactory {
        private final AtomicInteger created = new AtomicInteger();

        @Override
        public Thread newThread(final Runnable r) {
            final int n = created.getAndIncrement();
            final Thread t = new Thread(r, "kavach-stage-" + n);
            t.setDaemon(true);
            return t;
        }
    }
}
