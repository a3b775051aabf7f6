package io.kavach.engine.live;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.JournalRecovery;
import io.kavach.order.OrderIntent;
import io.kavach.order.OrderRouter;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The restart step that re-learns what happened at the broker while the engine was down: every order
 * the journal has as open there ({@link JournalRecovery.Result#openOrders()}) is adopted by the new
 * router before its first tick ({@link #adopt}, passed to {@code LiveEngine.startForRecovery}), so its
 * first reconciliation does not take them for someone else's orders, and read at the broker. A fill or
 * cancel made meanwhile comes back as an ORDER_UPDATE of the intent that placed the order: journaled,
 * folded into positions and seen by that rule's order-status rules. {@link #awaitReads} then holds going
 * live until the logic has handled those updates, so the first live tick sizes exits on what is really
 * held. Nothing is ever placed here.
 *
 * <p>Wall clock: only to bound the wait for the broker's answers (start-up, outside the logic).
 *
 * <p>Threading: {@link #adopt} on the writer loop; {@link #awaitReads} on the starting thread, after
 * the engine was built (which hands {@link #adopt}'s counts over).
 */
public final class RestartReconciler {
    /** How long going live waits for the broker to answer the reads of adopted orders. */
    public static final long READ_TIMEOUT_MS_DEFAULT = 15_000;
    private static final long POLL_MS = 5;

    private final InstrumentRegistry instruments;
    private final List<JournalRecovery.OpenOrder> openOrders;
    private int adopted;

    /**
     * @param adopted    orders handed to the router
     * @param notAdopted orders the router would not adopt (paper or dry-run: their orders do not outlive the process)
     * @param unread     adopted orders the broker had not answered for when the wait ended
     */
    public record Outcome(int adopted, int notAdopted, int unread) {
    }

    public RestartReconciler(final InstrumentRegistry instruments, final List<JournalRecovery.OpenOrder> openOrders) {
        this.instruments = instruments;
        this.openOrders = openOrders;
    }

    /** Hands every open order to {@code router}, which starts reading them. Writer loop, before the router's first tick. */
    public void adopt(final OrderRouter router) {
        final OrderIntent intent = new OrderIntent();
        for (JournalRecovery.OpenOrder o : openOrders) {
            final InputEvent state = o.lastState();
            IntentQueue.fromJournal(o.intent(), instruments, intent);
            final String brokerOrderId = new String(state.brokerOrderId, 0, state.brokerOrderIdLength, StandardCharsets.US_ASCII);
            if (router.adopt(intent, brokerOrderId, state.orderStatus, state.filledQuantity, state.averagePrice)) {
                adopted++;
            }
        }
    }

    /**
     * Waits (at most {@code timeoutMs}) until every adopted order was read at the broker and the logic
     * has handled every input published by then.
     */
    public Outcome awaitReads(final LiveEngine engine, final TradeMonitor monitor, final long timeoutMs) throws InterruptedException {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L; // wall clock: a start-up bound
        final int[] pending = {0};
        final long[] published = {-1};
        while (true) {
            engine.runOnWriterLoop(() -> {
                pending[0] = engine.router().adoptionsPending();
                published[0] = engine.ring().publisher().nextInputSequence() - 1;
            });
            if (pending[0] == 0 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(POLL_MS);
        }
        while (monitor.handledSequence() < published[0] && System.nanoTime() <= deadline) {
            Thread.sleep(1);
        }
        return new Outcome(adopted, openOrders.size() - adopted, pending[0]);
    }
}
