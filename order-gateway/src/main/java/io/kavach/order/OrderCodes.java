package io.kavach.order;

/**
 * Byte codes for order fields as they travel on the ring and in the journal
 * ({@code InputEvent.side/orderType/product/validity/orderStatus}). Values are stable journal values:
 * never renumbered or reused. {@code 0} always means "not set".
 *
 * <p>Pure constants; safe on any thread.
 */
public final class OrderCodes {
    public static final byte SIDE_BUY = 1;
    public static final byte SIDE_SELL = 2;

    public static final byte TYPE_MARKET = 1;
    public static final byte TYPE_LIMIT = 2;
    public static final byte TYPE_SL = 3;
    public static final byte TYPE_SL_M = 4;

    public static final byte PRODUCT_INTRADAY = 1; // "I"
    public static final byte PRODUCT_DELIVERY = 2; // "D"
    public static final byte PRODUCT_MTF = 3;

    public static final byte VALIDITY_DAY = 1;
    public static final byte VALIDITY_IOC = 2;

    /** Accepted by the broker, resting (Upstox "open", and the pending states before it). */
    public static final byte STATUS_OPEN = 1;
    public static final byte STATUS_COMPLETE = 2;
    public static final byte STATUS_REJECTED = 3;
    public static final byte STATUS_CANCELLED = 4;
    public static final byte STATUS_PARTIALLY_FILLED = 5;
    /** A stop order waiting for its trigger (Upstox "trigger pending"). */
    public static final byte STATUS_TRIGGER_PENDING = 6;
    public static final byte STATUS_MODIFIED = 7;

    private OrderCodes() {
    }

    public static boolean isFinal(final byte status) {
        return status == STATUS_COMPLETE || status == STATUS_REJECTED || status == STATUS_CANCELLED;
    }

    public static String sideName(final byte side) {
        return side == SIDE_BUY ? "BUY" : side == SIDE_SELL ? "SELL" : "?";
    }

    public static String typeName(final byte type) {
        switch (type) {
            case TYPE_MARKET: return "MARKET";
            case TYPE_LIMIT: return "LIMIT";
            case TYPE_SL: return "SL";
            case TYPE_SL_M: return "SL-M";
            default: return "?";
        }
    }

    public static String productName(final byte product) {
        switch (product) {
            case PRODUCT_INTRADAY: return "I";
            case PRODUCT_DELIVERY: return "D";
            case PRODUCT_MTF: return "MTF";
            default: return "?";
        }
    }

    public static String validityName(final byte validity) {
        return validity == VALIDITY_DAY ? "DAY" : validity == VALIDITY_IOC ? "IOC" : "?";
    }

    public static String statusName(final byte status) {
        switch (status) {
            case STATUS_OPEN: return "open";
            case STATUS_COMPLETE: return "complete";
            case STATUS_REJECTED: return "rejected";
            case STATUS_CANCELLED: return "cancelled";
            case STATUS_PARTIALLY_FILLED: return "partially_filled";
            case STATUS_TRIGGER_PENDING: return "trigger pending";
            case STATUS_MODIFIED: return "modified";
            default: return "unknown";
        }
    }
}
