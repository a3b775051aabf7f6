package io.kavach.order;

/** Result of one place/modify/cancel at the broker, carried by {@link OrderEventHandler#onOrderAck}. Constants; any thread. */
public final class AckCode {
    /** The broker took it (place: an order id is known). */
    public static final byte ACCEPTED = 1;
    /** The broker refused it (validation, margin, already final); {@link OrderView#reason()} says why. */
    public static final byte REJECTED = 2;
    /** Gave up after the retry policy, or dropped by the user. */
    public static final byte FAILED = 3;
    /** Not sent because it became pointless (exit on a position already closed, cancel of an unsent place). */
    public static final byte NOOP = 4;
    /** Not placed this time, waiting for a retry (429 backoff, 5xx/timeout with the tag not found, market closed). */
    public static final byte RETRY_PENDING = 5;

    private AckCode() {
    }

    public static String name(final byte code) {
        switch (code) {
            case ACCEPTED: return "ACCEPTED";
            case REJECTED: return "REJECTED";
            case FAILED: return "FAILED";
            case NOOP: return "NOOP";
            case RETRY_PENDING: return "RETRY_PENDING";
            default: return "ACK(" + code + ")";
        }
    }
}
