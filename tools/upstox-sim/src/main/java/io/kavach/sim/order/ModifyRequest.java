package io.kavach.sim.order;

/**
 * A validated v3 modify request; {@code quantity} ≤ 0 keeps the order's quantity.
 *
 * <p>Immutable; safe on any thread.
 */
public record ModifyRequest(String orderId, long quantity, String validity, long priceFixed, String orderType,
                            long disclosedQuantity, long triggerPriceFixed) {
}
