package io.kavach.sim.order;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One order in the simulated broker, with every field the REST answers and the portfolio feed
 * carry, and its history (one snapshot per status change).
 *
 * <p>Owned by the simulator's event loop; tests get JSON snapshots, never the live object.
 */
public final class SimOrder {
    public final String orderId;
    public final String userId;
    public final String instrumentKey;
    public final String tradingSymbol;
    public final String exchange;
    public final String product;
    public final String transactionType;
    public final String tag;
    public final boolean amo;
    public final long orderTimestampMs;
    final List<ObjectNode> history = new ArrayList<>();

    String orderType;
    String validity;
    long quantity;
    long disclosedQuantity;
    long priceFixed;
    long triggerPriceFixed;
    String status;
    String statusMessage;
    String exchangeOrderId;
    long exchangeTimestampMs;
    long filledQuantity;
    long averagePriceFixed;
    boolean triggered;
    int modifications;

    SimOrder(final String orderId, final String userId, final OrderRequest r, final String tradingSymbol,
             final String exchange, final long orderTimestampMs) {
        this.orderId = orderId;
        this.userId = userId;
        this.instrumentKey = r.instrumentKey();
        this.tradingSymbol = tradingSymbol;
        this.exchange = exchange;
        this.product = r.product();
        this.transactionType = r.transactionType();
        this.tag = r.tag();
        this.amo = r.amo();
        this.orderTimestampMs = orderTimestampMs;
        this.orderType = r.orderType();
        this.validity = r.validity();
        this.quantity = r.quantity();
        this.disclosedQuantity = r.disclosedQuantity();
        this.priceFixed = r.priceFixed();
        this.triggerPriceFixed = r.triggerPriceFixed();
    }

    public String status() {
        return status;
    }

    public boolean isFinal() {
        return OrderStatus.FINAL.contains(status);
    }

    boolean isBuy() {
        return "BUY".equals(transactionType);
    }

    boolean isStop() {
        return "SL".equals(orderType) || "SL-M".equals(orderType);
    }
}
