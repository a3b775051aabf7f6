package io.kavach.engine.action;

/**
 * Hears every fill the positions take in (engine orders and manual ones), on the logic thread,
 * after the position was updated. Prices are fixed point.
 */
@FunctionalInterface
public interface FillHandler {
    void onFill(long intentId, int userId, int instrumentId, byte product, byte side, long quantity, long price,
                byte[] brokerOrderId, int brokerOrderIdLength, long eventTimeEpochMs);
}
