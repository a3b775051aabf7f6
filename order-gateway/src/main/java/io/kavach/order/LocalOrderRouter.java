package io.kavach.order;

import java.util.List;

/**
 * A router whose broker is in this process (paper) or absent (dry-run): nothing it sends can fail on
 * the way to a broker, so there is never a failed order to list, retry or drop.
 *
 * <p>Threading: as {@link OrderRouter}, the event loop the router was given.
 */
public abstract class LocalOrderRouter implements OrderRouter {
    private boolean closed;

    /** Whether an intent placed an order here. */
    protected abstract boolean knows(long intentId);

    protected final boolean closed() {
        return closed;
    }

    @Override
    public final List<OrderView> failedOrders() {
        return List.of();
    }

    @Override
    public final int retryFailed(final long intentId) {
        return knows(intentId) ? SubmitResult.NOT_FAILED : SubmitResult.UNKNOWN_ORDER;
    }

    @Override
    public final int dropFailed(final long intentId) {
        return retryFailed(intentId);
    }

    @Override
    public void close() {
        closed = true;
    }
}
