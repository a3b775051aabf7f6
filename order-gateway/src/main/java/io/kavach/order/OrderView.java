package io.kavach.order;

/**
 * Read-only view of one order as the gateway knows it, handed to {@link OrderEventHandler}. Valid
 * only during the callback; copy what you keep. Prices fixed point, times epoch ms (0 = unknown).
 */
public interface OrderView {
    /** 0 for orders the engine did not originate (see {@link #external()}). */
    long intentId();

    /** Placed outside the engine (app, web, another API client) and found by reconciliation or the feed. */
    boolean external();

    /** {@link OrderStatus} code. */
    byte status();

    /** The broker's own status string as last seen (null before the broker answered). */
    CharSequence brokerStatus();

    /** Failure or rejection reason: the broker's status message or our own explanation. */
    CharSequence reason();

    CharSequence brokerOrderId();

    CharSequence tag();

    CharSequence instrumentKey();

    byte side();

    byte orderType();

    byte product();

    byte validity();

    boolean amo();

    long quantity();

    long price();

    long triggerPrice();

    long filledQuantity();

    long pendingQuantity();

    /** Average execution price (fixed point). */
    long averagePrice();

    /** The exchange's timestamp of the latest execution/status (epoch ms). */
    long exchangeTimeEpochMs();

    /** When the place first left for the broker (epoch ms, 0 = not yet; for external orders 0). */
    long placedEpochMs();

    int retryCount();

    long firstFailureEpochMs();

    long lastRetryEpochMs();

    long lastStatusCheckEpochMs();

    /**
     * The last broker answer about this order was unreadable or used an unknown status: the state shown
     * is the one before it, until the next lookup, verification or reconciliation read settles it.
     */
    boolean uncertain();

    /** Quantity, price or trigger changed at the broker by something other than this engine. */
    boolean modifiedExternally();
}
