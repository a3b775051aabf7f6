package io.kavach.config.instrument;

/**
 * One row of the instrument master: what the engine needs to place and validate orders.
 * Prices are fixed point ({@link io.kavach.config.Prices}); {@code tickSize} 0 when unknown.
 */
public record Instrument(String instrumentKey, String tradingSymbol, String name, String segment,
                         String instrumentType, long lotSize, long tickSize) {
}
