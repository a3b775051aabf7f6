package io.kavach.order;

import java.util.List;

/**
 * Where order intents go: the live Upstox client, the paper broker or the dry-run log.
 *
 * <p>Threading: every method runs on the event loop the router was given; callers on other threads
 * hand work over with {@code eventLoop.execute}.
 */
public interface OrderRouter extends AutoCloseable {
    /** Place, modify or cancel as {@link OrderIntent#action} says; returns a {@link SubmitResult} code. */
    int submit(OrderIntent intent);

    /** Orders that need a human: failed or rejected (newest last). */
    List<OrderView> failedOrders();

    /** Puts a failed/rejected order back into the queue (same tag, so it is still never placed twice). */
    int retryFailed(long intentId);

    /** Forgets a failed order for good: it is marked failed with reason "dropped" and never retried. */
    int dropFailed(long intentId);

    /**
     * One portfolio-feed text frame (UTF-8 JSON) for this user. The live router applies order and
     * position updates; routers that do not talk to a broker ignore it. False when the frame was
     * unreadable (logged and counted by the router).
     */
    default boolean onPortfolioFrame(final byte[] json, final int length) {
        return true;
    }

    /**
     * After a restart: tracks again an order this engine placed before it stopped, as its journal last
     * saw it (placing intent, broker order id, status, filled quantity, average price), and reads it at
     * the broker at once, so what happened while the engine was down (fills, cancels) comes back as
     * order updates. Never places anything. Routers whose orders do not outlive the process (paper,
     * dry-run) return false, as does the live router for an order it tracks already.
     */
    default boolean adopt(final OrderIntent placing, final CharSequence brokerOrderId, final byte status,
                          final long filledQuantity, final long averagePrice) {
        return false;
    }

    /** Adopted orders whose first read at the broker has not come back yet. */
    default int adoptionsPending() {
        return 0;
    }

    @Override
    void close();
}
