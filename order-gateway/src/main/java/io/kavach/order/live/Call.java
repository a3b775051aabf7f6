package io.kavach.order.live;

/**
 * One request the router owes the broker: an order call (place/modify/cancel) or a read. Sits in a
 * lane queue, in flight on a connection, or in the waiting list until {@link #dueEpochMs}.
 *
 * <p>Threading: owned by the router's event loop.
 */
final class Call {
    static final int PLACE = 1;
    static final int MODIFY = 2;
    static final int CANCEL = 3;
    static final int LOOKUP_TAG = 4;
    static final int DETAILS = 5;
    static final int ORDER_BOOK = 6;
    static final int POSITIONS = 7;

    final int kind;
    /** The order it concerns (null for book/positions reads). */
    final TrackedOrder order;
    /** The intent that caused it: the place, modify or cancel intent's own id (0 for reads). */
    final long intentId;
    boolean urgent;
    boolean inFlight;
    long dueEpochMs;
    int attempts;
    long firstFailureEpochMs;
    /** Sent time, for a positions read: a flat position is trusted only if newer than the last fill. */
    long sentEpochMs;
    /** Set when the call became pointless while queued; skipped when popped. */
    boolean cancelled;
    /** LOOKUP_TAG started by a manual retry: only rejected rows for the tag mean "place again". */
    boolean manualRetry;
    /** ORDER_BOOK read for verification rather than the periodic reconciliation. */
    boolean forVerify;

    // MODIFY parameters
    long quantity;
    long price;
    long triggerPrice;
    long disclosedQuantity;
    byte orderType;
    byte validity;

    Call(final int kind, final TrackedOrder order, final long intentId) {
        this.kind = kind;
        this.order = order;
        this.intentId = intentId;
    }

    boolean isOrderCall() {
        return kind == PLACE || kind == MODIFY || kind == CANCEL;
    }

    static String name(final int kind) {
        switch (kind) {
            case PLACE: return "place";
            case MODIFY: return "modify";
            case CANCEL: return "cancel";
            case LOOKUP_TAG: return "history-by-tag";
            case DETAILS: return "order-details";
            case ORDER_BOOK: return "order-book";
            case POSITIONS: return "positions";
            default: return "call(" + kind + ")";
        }
    }
}
