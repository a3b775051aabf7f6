package io.kavach.sim.order;

/**
 * A user's day position in one instrument and product, built from fills; Upstox's
 * short-term-positions fields derive from it.
 *
 * <p>Owned by the simulator's event loop.
 */
public final class Position {
    public final String userId;
    public final String instrumentKey;
    public final String tradingSymbol;
    public final String exchange;
    public final String product;
    long buyQuantity;
    double buyValue;
    long sellQuantity;
    double sellValue;

    Position(final String userId, final String instrumentKey, final String tradingSymbol, final String exchange,
             final String product) {
        this.userId = userId;
        this.instrumentKey = instrumentKey;
        this.tradingSymbol = tradingSymbol;
        this.exchange = exchange;
        this.product = product;
    }

    void add(final boolean buy, final long quantity, final double price) {
        if (buy) {
            buyQuantity += quantity;
            buyValue += quantity * price;
        } else {
            sellQuantity += quantity;
            sellValue += quantity * price;
        }
    }

    public long netQuantity() {
        return buyQuantity - sellQuantity;
    }

    double buyPrice() {
        return buyQuantity == 0 ? 0 : buyValue / buyQuantity;
    }

    double sellPrice() {
        return sellQuantity == 0 ? 0 : sellValue / sellQuantity;
    }

    /** Profit on the quantity bought and sold back (average-price method). */
    double realised() {
        final long closed = Math.min(buyQuantity, sellQuantity);
        return closed * (sellPrice() - buyPrice());
    }

    double unrealised(final double lastPrice) {
        final long net = netQuantity();
        if (net > 0) {
            return net * (lastPrice - buyPrice());
        }
        if (net < 0) {
            return -net * (sellPrice() - lastPrice);
        }
        return 0;
    }

    double averagePrice() {
        final long net = netQuantity();
        return net > 0 ? buyPrice() : net < 0 ? sellPrice() : 0;
    }
}
