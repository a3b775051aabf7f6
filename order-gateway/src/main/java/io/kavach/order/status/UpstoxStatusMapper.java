package io.kavach.order.status;

import io.kavach.order.OrderStatus;

/**
 * Upstox's exact order status strings onto {@link OrderStatus}. Strings that describe a pending
 * modify or cancel on a live order keep the order's live state (it can still fill until the
 * broker says otherwise). Anything not in the table maps to {@link OrderStatus#UNKNOWN}, which the
 * caller must never apply: the order stays as it was and is reconciled on the next poll.
 *
 * <p>Pure functions; safe on any thread.
 */
public final class UpstoxStatusMapper {
    private UpstoxStatusMapper() {
    }

    /**
     * @param brokerStatus   the broker's status string, exactly as sent
     * @param filledQuantity filled quantity the same message reports (0 if absent)
     * @param previous       the order's current state, for the "still live" strings
     */
    public static byte map(final String brokerStatus, final long filledQuantity, final byte previous) {
        if (brokerStatus == null) {
            return OrderStatus.UNKNOWN;
        }
        switch (brokerStatus) {
            case "put order req received":
            case "validation pending":
            case "open pending":
                return OrderStatus.SUBMITTED;
            case "open":
                return filledQuantity > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.OPEN;
            case "trigger pending":
                return OrderStatus.TRIGGER_PENDING;
            case "complete":
                return OrderStatus.COMPLETE;
            case "rejected":
                return OrderStatus.REJECTED;
            case "cancelled":
            case "cancelled after market order":
                return OrderStatus.CANCELLED;
            case "after market order req received":
            case "modify after market order req received":
                return OrderStatus.AMO_RECEIVED;
            case "modify validation pending":
            case "modify pending":
            case "modified":
            case "not modified":
            case "cancel pending":
            case "not cancelled":
                return stillLive(filledQuantity, previous);
            default:
                return OrderStatus.UNKNOWN;
        }
    }

    private static byte stillLive(final long filledQuantity, final byte previous) {
        if (filledQuantity > 0) {
            return OrderStatus.PARTIALLY_FILLED;
        }
        if (previous == OrderStatus.TRIGGER_PENDING || previous == OrderStatus.AMO_RECEIVED) {
            return previous;
        }
        return OrderStatus.OPEN;
    }
}
