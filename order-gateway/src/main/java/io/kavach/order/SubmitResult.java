package io.kavach.order;

/**
 * Return codes of {@link OrderRouter} calls: expected outcomes are codes, not exceptions. A code
 * only says what happened to the intent inside the process; the broker's answer comes later through
 * {@link OrderEventHandler}.
 *
 * <p>Pure constants; safe on any thread.
 */
public final class SubmitResult {
    /** Written to the wire now. */
    public static final int SENT = 0;
    /** Queued behind the rate limit or a busy pool; it will be sent in priority order. */
    public static final int QUEUED = 1;
    /** Handled without the broker (dry-run, paper, or a no-op exit on a flat position). */
    public static final int HANDLED_LOCALLY = 2;
    /** The same intent id was already accepted: ignored, so a replayed intent never doubles an order. */
    public static final int DUPLICATE_INTENT = -1;
    /** The intent is malformed (missing tag, instrument, quantity, unknown code); nothing was queued. */
    public static final int INVALID_INTENT = -2;
    /** Modify/cancel for an order the gateway does not know and that carries no broker order id. */
    public static final int UNKNOWN_ORDER = -3;
    /** The pending queue is full; the engine should treat this as a failure to act. */
    public static final int QUEUE_FULL = -4;
    /** The target order is already final; modify/cancel is a no-op. */
    public static final int ORDER_FINAL = -5;
    /** The gateway is closed. */
    public static final int CLOSED = -6;
    /** Retry/drop asked for an order that is not failed, rejected or retry-pending. */
    public static final int NOT_FAILED = -7;

    private SubmitResult() {
    }

    public static String name(final int code) {
        switch (code) {
            case SENT: return "SENT";
            case QUEUED: return "QUEUED";
            case HANDLED_LOCALLY: return "HANDLED_LOCALLY";
            case DUPLICATE_INTENT: return "DUPLICATE_INTENT";
            case INVALID_INTENT: return "INVALID_INTENT";
            case UNKNOWN_ORDER: return "UNKNOWN_ORDER";
            case QUEUE_FULL: return "QUEUE_FULL";
            case ORDER_FINAL: return "ORDER_FINAL";
            case CLOSED: return "CLOSED";
            case NOT_FAILED: return "NOT_FAILED";
            default: return "CODE(" + code + ")";
        }
    }
}
