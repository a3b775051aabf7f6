package io.kavach.sim.order;

/**
 * A validated v3 place request. Prices in {@link io.kavach.config.Prices} fixed point; {@code tag}
 * may be null.
 *
 * <p>Immutable; safe on any thread.
 */
public record OrderRequest(String instrumentKey, long quantity, String product, String validity, long priceFixed,
                           String tag, String orderType, String transactionType, long disclosedQuantity,
                           long triggerPriceFixed, boolean amo) {

    /** A DAY order with no disclosed quantity, not AMO; prices in rupees (0 where unused). */
    public static OrderRequest of(final String instrumentKey, final String transactionType, final String orderType,
                                  final long quantity, final String product, final double price, final double triggerPrice,
                                  final String tag) {
        return new OrderRequest(instrumentKey, quantity, product, "DAY", io.kavach.config.Prices.toFixed(price), tag,
            orderType, transactionType, 0, io.kavach.config.Prices.toFixed(triggerPrice), false);
    }
}
