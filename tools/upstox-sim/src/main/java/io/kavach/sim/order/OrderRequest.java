package io.kavach.sim.order;

/**
 * A validated v3 place request. Prices in {@link io.kavach.config.Prices} fixed point; {@code tag}
 * may be null.
 */
public record OrderRequest(String instrumentKey, long quantity, String product, String validity, long priceFixed,
                           String tag, String orderType, String transactionType, long disclosedQuantity,
                           long triggerPriceFixed, boolean amo) {
}
