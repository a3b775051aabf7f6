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

    @Override
    void close();
}
