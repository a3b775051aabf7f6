package io.kavach.sim.order;

import java.util.Set;

/**
 * The Upstox order status strings the simulated broker uses, spelled exactly as Upstox does
 * (PROTOCOL.md §3; "modified", "not modified" and "not cancelled" never occur here).
 *
 * <p>Constants; safe on any thread.
 */
public final class OrderStatus {
    public static final String PUT_ORDER_REQ_RECEIVED = "put order req received";
    public static final String VALIDATION_PENDING = "validation pending";
    public static final String OPEN_PENDING = "open pending";
    public static final String OPEN = "open";
    public static final String TRIGGER_PENDING = "trigger pending";
    public static final String COMPLETE = "complete";
    public static final String REJECTED = "rejected";
    public static final String CANCEL_PENDING = "cancel pending";
    public static final String CANCELLED = "cancelled";
    public static final String MODIFY_VALIDATION_PENDING = "modify validation pending";
    public static final String MODIFY_PENDING = "modify pending";
    public static final String AFTER_MARKET_ORDER_REQ_RECEIVED = "after market order req received";
    public static final String MODIFY_AFTER_MARKET_ORDER_REQ_RECEIVED = "modify after market order req received";
    public static final String CANCELLED_AFTER_MARKET_ORDER = "cancelled after market order";

    /** Statuses after which nothing more happens to an order. */
    public static final Set<String> FINAL = Set.of(COMPLETE, REJECTED, CANCELLED, CANCELLED_AFTER_MARKET_ORDER);

    private OrderStatus() {
    }
}
