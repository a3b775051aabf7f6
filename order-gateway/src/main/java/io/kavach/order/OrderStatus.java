package io.kavach.order;

/**
 * Our order states (the byte the engine's ORDER_UPDATE event carries in {@code orderStatus}). Values
 * are stable: they are journaled. Upstox's status strings map onto these in
 * {@link io.kavach.order.status.UpstoxStatusMapper}; see README for the table.
 *
 * <p>Pure constants; safe on any thread.
 */
public final class OrderStatus {
    /** Not a state: "the broker said something we do not understand"; never applied to an order. */
    public static final byte UNKNOWN = 0;
    /** Accepted by the gateway, waiting for a rate-limit permit or a connection. */
    public static final byte PENDING_SUBMIT = 1;
    /** Sent (or answered with an order id) but the broker has not yet reported it open. */
    public static final byte SUBMITTED = 2;
    public static final byte OPEN = 3;
    public static final byte TRIGGER_PENDING = 4;
    public static final byte PARTIALLY_FILLED = 5;
    public static final byte COMPLETE = 6;
    public static final byte REJECTED = 7;
    public static final byte CANCELLED = 8;
    /** Gave up: retries exhausted, retry window over, or dropped by the user. */
    public static final byte FAILED = 9;
    /** Not placed (known for certain), waiting for the next attempt under the retry policy. */
    public static final byte RETRY_PENDING = 10;
    /** An after-market order the broker accepted; it goes to the exchange at the next open. */
    public static final byte AMO_RECEIVED = 11;

    private OrderStatus() {
    }

    /** No further broker-side change can happen (a manual retry may still start a new attempt). */
    public static boolean isFinal(final byte status) {
        return status == COMPLETE || status == REJECTED || status == CANCELLED || status == FAILED;
    }

    /** Live at the broker: can still fill, be modified or cancelled. */
    public static boolean isWorking(final byte status) {
        return status == SUBMITTED || status == OPEN || status == TRIGGER_PENDING
                || status == PARTIALLY_FILLED || status == AMO_RECEIVED;
    }

    public static String name(final byte status) {
        switch (status) {
            case UNKNOWN: return "UNKNOWN";
            case PENDING_SUBMIT: return "PENDING_SUBMIT";
            case SUBMITTED: return "SUBMITTED";
            case OPEN: return "OPEN";
            case TRIGGER_PENDING: return "TRIGGER_PENDING";
            case PARTIALLY_FILLED: return "PARTIALLY_FILLED";
            case COMPLETE: return "COMPLETE";
            case REJECTED: return "REJECTED";
            case CANCELLED: return "CANCELLED";
            case FAILED: return "FAILED";
            case RETRY_PENDING: return "RETRY_PENDING";
            case AMO_RECEIVED: return "AMO_RECEIVED";
            default: return "INVALID(" + status + ")";
        }
    }
}
