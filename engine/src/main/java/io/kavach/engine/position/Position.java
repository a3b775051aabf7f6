package io.kavach.engine.position;


/**
 * One user's position in one instrument and product, built from fills. Open lots are kept
 * first-in-first-out: a fill against the position closes the oldest lots first, and the difference
 * to their prices is realized P&amp;L. Prices are fixed point; P&amp;L is rupees × PRICE_SCALE
 * (fixed point, like prices).
 *
 * <p>Threading: owned by the logic thread.
 */
public final class Position {
    public final int userId;
    public final int instrumentId;
    public final byte product;
    /** Signed net quantity: positive long, negative short. */
    long net;
    /** Quantity of open exit orders against this position (reduce-only reservations). */
    long reservedExit;
    long realizedPnl;
    long unrealizedPnl;
    long mark;
    /** Σ lot quantity × lot price over open lots. */
    long costBasis;
    private long[] lotQty = new long[8];
    private long[] lotPrice = new long[8];
    private int head;
    private int count;

    Position(final int userId, final int instrumentId, final byte product) {
        this.userId = userId;
        this.instrumentId = instrumentId;
        this.product = product;
    }

    public long netQuantity() {
        return net;
    }

    public long reservedExit() {
        return reservedExit;
    }

    public long realizedPnl() {
        return realizedPnl;
    }

    public long unrealizedPnl() {
        return unrealizedPnl;
    }

    public long mark() {
        return mark;
    }

    /** Average price of the open lots (fixed point), 0 when flat. */
    public long averageOpenPrice() {
        return net == 0 ? 0 : costBasis / Math.abs(net);
    }

    public int openLots() {
        return count;
    }

    /** Applies a fill of {@code signedQty} (positive = bought) at {@code price}; returns the realized P&amp;L it produced. */
    long fill(final long signedQty, final long price) {
        long remaining = Math.abs(signedQty);
        final boolean buy = signedQty > 0;
        long realized = 0;
        while (remaining > 0 && net != 0 && (net > 0) != buy) {
            final int i = head;
            final long matched = Math.min(lotQty[i], remaining);
            realized += net > 0 ? (price - lotPrice[i]) * matched : (lotPrice[i] - price) * matched;
            lotQty[i] -= matched;
            costBasis -= lotPrice[i] * matched;
            remaining -= matched;
            net += buy ? matched : -matched;
            if (lotQty[i] == 0) {
                head = (head + 1) % lotQty.length;
                count--;
            }
        }
        if (remaining > 0) {
            pushLot(remaining, price);
            net += buy ? remaining : -remaining;
            costBasis += price * remaining;
        }
        if (net == 0) {
            head = 0;
            count = 0;
            costBasis = 0;
        }
        realizedPnl += realized;
        return realized;
    }

    /** Re-marks at {@code price}; returns the change of unrealized P&amp;L. */
    long markAt(final long price) {
        mark = price;
        final long before = unrealizedPnl;
        unrealizedPnl = net == 0 ? 0 : net > 0 ? price * net - costBasis : costBasis + price * net;
        return unrealizedPnl - before;
    }

    private void pushLot(final long qty, final long price) {
        if (count == lotQty.length) {
            final long[] q = new long[count * 2];
            final long[] p = new long[count * 2];
            for (int k = 0; k < count; k++) {
                q[k] = lotQty[(head + k) % lotQty.length];
                p[k] = lotPrice[(head + k) % lotQty.length];
            }
            lotQty = q;
            lotPrice = p;
            head = 0;
        }
        final int tail = (head + count) % lotQty.length;
        lotQty[tail] = qty;
        lotPrice[tail] = price;
        count++;
    }

    @Override
    public String toString() {
        return "Position{user=" + userId + ", instrument=" + instrumentId + ", product=" + product + ", net=" + net
            + ", realized=" + realizedPnl + ", unrealized=" + unrealizedPnl + ", lots=" + count + "}";
    }
}
