package io.kavach.order.paper;

/**
 * Receives the paper broker's order updates (accepted, triggered, filled, cancelled, rejected) with
 * primitive arguments. Called on the thread that drives the broker — the ring's single writer —
 * which publishes them as ORDER_UPDATE events. Byte arrays are only valid during the call.
 */
@FunctionalInterface
public interface PaperOrderListener {
    void onOrderUpdate(long intentId, int userId, int instrumentId, byte[] orderId, int orderIdLength, byte[] tag, int tagLength,
                       byte status, byte side, byte orderType, byte product, long quantity, long filledQuantity, long price,
                       long triggerPrice, long averagePrice, long eventTimeEpochMs);
}
