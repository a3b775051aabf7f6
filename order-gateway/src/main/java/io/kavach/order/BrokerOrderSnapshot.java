package io.kavach.order;

/**
 * One order as the broker describes it (order book row, order details, history row, portfolio-feed
 * order update). Reused: the filler sets every field, the router copies what it keeps. Prices fixed
 * point, times epoch ms (0 = absent), strings as the broker sent them (null = absent).
 *
 * <p>Threading: filled and consumed on the router's event loop.
 */
public final class BrokerOrderSnapshot {
    public String orderId;
    public String tag;
    public String status;
    public String statusMessage;
    public String instrumentKey;
    public byte side;
    public byte orderType;
    public byte product;
    public byte validity;
    public boolean amo;
    public long quantity;
    public long price;
    public long triggerPrice;
    public long averagePrice;
    public long filledQuantity;
    public long pendingQuantity;
    public long exchangeTimeEpochMs;
    public long orderTimeEpochMs;

    public BrokerOrderSnapshot clear() {
        orderId = tag = status = statusMessage = instrumentKey = null;
        side = orderType = product = validity = 0;
        amo = false;
        quantity = price = triggerPrice = averagePrice = filledQuantity = pendingQuantity = 0;
        exchangeTimeEpochMs = orderTimeEpochMs = 0;
        return this;
    }

    @Override
    public String toString() {
        return "BrokerOrderSnapshot{orderId=" + orderId + ", tag=" + tag + ", status=" + status + ", key=" + instrumentKey
                + ", qty=" + quantity + ", filled=" + filledQuantity + ", price=" + price + ", trigger=" + triggerPrice + '}';
    }
}
