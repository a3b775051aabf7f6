package io.kavach.order.paper;

import io.kavach.order.OrderCodes;
import io.kavach.order.OrderStatus;

import java.util.Arrays;

/**
 * An in-process broker for backtests and paper trading. Orders rest until a later tick of their
 * instrument decides them:
 * <ul>
 *   <li>MARKET fills at the next tick's price on the side that fills (buy at the ask, sell at the
 *       bid; the last traded price when the tick carries no depth);</li>
 *   <li>LIMIT fills when the price trades through the limit (a buy when the price is below it, a
 *       sell when above), at the limit; an order already through on its first tick (placed
 *       marketable, or the market gapped) fills at that tick's better price;</li>
 *   <li>SL-M triggers when the price reaches the trigger (buy: at or above, sell: at or below) and
 *       fills like a market order on that tick; SL triggers the same way and then works as a LIMIT,
 *       filling on the trigger tick if the limit is marketable (at or through);</li>
 *   <li>IOC orders that do not fill on the next tick are cancelled.</li>
 * </ul>
 * Fills are whole (no partial fills). Order ids are {@code PAPER-<n>}, in placement order from a
 * given first number, so a replay of the same intents yields the same ids. Every state change goes to the
 * {@link PaperOrderListener}.
 *
 * <p>Threading: single-threaded; driven by the ring's single writer (in a backtest, the thread that
 * publishes the bars). Allocation-free once its order pool has grown.
 */
public final class PaperBroker {
    public static final byte OK = 0;
    public static final byte UNKNOWN_ORDER = 1;
    public static final byte ALREADY_FINAL = 2;
    public static final byte INVALID = 3;

    private static final int ID_BYTES = 40;

    private final PaperOrderListener listener;
    private Order[] active = new Order[16];
    private int activeCount;
    private Order[] pool = new Order[16];
    private int poolCount;
    private long nextOrderNumber;
    private long fills;

    public PaperBroker(final PaperOrderListener listener) {
        this(listener, 1);
    }

    /** Ids start at {@code PAPER-<firstOrderNumber>} (a restarted live paper run continues past the ids it journaled). */
    public PaperBroker(final PaperOrderListener listener, final long firstOrderNumber) {
        if (firstOrderNumber < 1) {
            throw new IllegalArgumentException("firstOrderNumber must be at least 1, got " + firstOrderNumber);
        }
        this.listener = listener;
        this.nextOrderNumber = firstOrderNumber;
    }

    /** Places an order; emits OPEN (TRIGGER_PENDING for stops) or REJECTED at once. Returns {@link #OK} or {@link #INVALID}. */
    public byte place(final long intentId, final int userId, final int instrumentId, final byte side, final long quantity,
                      final byte orderType, final byte product, final byte validity, final long price, final long triggerPrice,
                      final byte[] tag, final int tagLength, final long nowEpochMs) {
        final Order o = acquire();
        o.intentId = intentId;
        o.userId = userId;
        o.instrumentId = instrumentId;
        o.side = side;
        o.quantity = quantity;
        o.orderType = orderType;
        o.product = product;
        o.validity = validity;
        o.price = price;
        o.triggerPrice = triggerPrice;
        o.triggered = false;
        o.seenTick = false;
        o.filled = 0;
        o.average = 0;
        System.arraycopy(tag, 0, o.tag, 0, Math.min(tagLength, ID_BYTES));
        o.tagLength = Math.min(tagLength, ID_BYTES);
        o.idLength = writeId(nextOrderNumber++, o.id);
        final boolean valid = quantity > 0 && (side == OrderCodes.SIDE_BUY || side == OrderCodes.SIDE_SELL)
            && (orderType != OrderCodes.TYPE_LIMIT || price > 0)
            && (orderType != OrderCodes.TYPE_SL || (price > 0 && triggerPrice > 0))
            && (orderType != OrderCodes.TYPE_SL_M || triggerPrice > 0)
            && orderType >= OrderCodes.TYPE_MARKET && orderType <= OrderCodes.TYPE_SL_M;
        if (!valid) {
            emit(o, OrderStatus.REJECTED, nowEpochMs);
            release(o);
            return INVALID;
        }
        if (activeCount == active.length) {
            active = Arrays.copyOf(active, activeCount * 2);
        }
        active[activeCount++] = o;
        final boolean stop = orderType == OrderCodes.TYPE_SL || orderType == OrderCodes.TYPE_SL_M;
        emit(o, stop ? OrderStatus.TRIGGER_PENDING : OrderStatus.OPEN, nowEpochMs);
        return OK;
    }

    /** Cancels a resting order; emits CANCELLED. */
    public byte cancel(final byte[] orderId, final int orderIdLength, final long nowEpochMs) {
        final int i = find(orderId, orderIdLength);
        if (i < 0) {
            return wasIssued(orderId, orderIdLength) ? ALREADY_FINAL : UNKNOWN_ORDER;
        }
        final Order o = active[i];
        removeAt(i);
        emit(o, OrderStatus.CANCELLED, nowEpochMs);
        release(o);
        return OK;
    }

    /** Modifies a resting order (values ≤ 0 / type 0 keep the current one); emits its new state (OPEN or TRIGGER_PENDING). */
    public byte modify(final byte[] orderId, final int orderIdLength, final long quantity, final long price,
                       final long triggerPrice, final byte orderType, final long nowEpochMs) {
        final int i = find(orderId, orderIdLength);
        if (i < 0) {
            return wasIssued(orderId, orderIdLength) ? ALREADY_FINAL : UNKNOWN_ORDER;
        }
        final Order o = active[i];
        if (quantity > 0) {
            o.quantity = quantity;
        }
        if (price > 0) {
            o.price = price;
        }
        if (triggerPrice > 0) {
            o.triggerPrice = triggerPrice;
        }
        if (orderType > 0) {
            o.orderType = orderType;
        }
        final boolean waiting = (o.orderType == OrderCodes.TYPE_SL || o.orderType == OrderCodes.TYPE_SL_M) && !o.triggered;
        emit(o, waiting ? OrderStatus.TRIGGER_PENDING : OrderStatus.OPEN, nowEpochMs);
        return OK;
    }

    /**
     * A tick of {@code instrumentId}: decides every resting order of that instrument. {@code bid}/{@code ask}
     * ≤ 0 when the tick has no depth.
     */
    public void onTick(final int instrumentId, final long ltp, final long bid, final long ask, final long nowEpochMs) {
        if (ltp <= 0 && bid <= 0 && ask <= 0) {
            return;
        }
        final long buyPrice = ask > 0 ? ask : ltp;
        final long sellPrice = bid > 0 ? bid : ltp;
        final long last = ltp > 0 ? ltp : (bid > 0 && ask > 0 ? (bid + ask) / 2 : Math.max(bid, ask));
        int i = 0;
        while (i < activeCount) {
            final Order o = active[i];
            if (o.instrumentId != instrumentId) {
                i++;
                continue;
            }
            final boolean buy = o.side == OrderCodes.SIDE_BUY;
            final long fillSide = buy ? buyPrice : sellPrice;
            long fillAt = -1;
            switch (o.orderType) {
                case OrderCodes.TYPE_MARKET:
                    fillAt = fillSide;
                    break;
                case OrderCodes.TYPE_LIMIT:
                    if (buy ? fillSide < o.price : fillSide > o.price) {
                        // a resting order is hit at its limit as the price moves through it; one that
                        // was already through on its first tick (placed marketable) gets that price
                        fillAt = o.seenTick ? o.price : buy ? Math.min(o.price, fillSide) : Math.max(o.price, fillSide);
                    }
                    break;
                case OrderCodes.TYPE_SL_M:
                    if (buy ? last >= o.triggerPrice : last <= o.triggerPrice) {
                        fillAt = fillSide;
                    }
                    break;
                case OrderCodes.TYPE_SL:
                    if (!o.triggered && (buy ? last >= o.triggerPrice : last <= o.triggerPrice)) {
                        o.triggered = true;
                        emit(o, OrderStatus.OPEN, nowEpochMs);
                    }
                    if (o.triggered && (buy ? fillSide <= o.price : fillSide >= o.price)) {
                        fillAt = buy ? Math.min(o.price, fillSide) : Math.max(o.price, fillSide);
                    }
                    break;
                default:
                    break;
            }
            o.seenTick = true;
            if (fillAt > 0) {
                o.filled = o.quantity;
                o.average = fillAt;
                removeAt(i);
                fills++;
                emit(o, OrderStatus.COMPLETE, nowEpochMs);
                release(o);
            } else if (o.validity == OrderCodes.VALIDITY_IOC) {
                removeAt(i);
                emit(o, OrderStatus.CANCELLED, nowEpochMs);
                release(o);
            } else {
                i++;
            }
        }
    }

    public int openOrders() {
        return activeCount;
    }

    public long fills() {
        return fills;
    }

    private void emit(final Order o, final byte status, final long nowEpochMs) {
        listener.onOrderUpdate(o.intentId, o.userId, o.instrumentId, o.id, o.idLength, o.tag, o.tagLength, status, o.side,
            o.orderType, o.product, o.quantity, o.filled, o.price, o.triggerPrice, o.average, nowEpochMs);
    }

    private int find(final byte[] orderId, final int length) {
        for (int i = 0; i < activeCount; i++) {
            final Order o = active[i];
            if (Arrays.equals(o.id, 0, o.idLength, orderId, 0, length)) {
                return i;
            }
        }
        return -1;
    }

    /** True when the id has the PAPER-n shape with n already issued. */
    private boolean wasIssued(final byte[] orderId, final int length) {
        if (length <= 6 || orderId[0] != 'P' || orderId[5] != '-') {
            return false;
        }
        long n = 0;
        for (int i = 6; i < length; i++) {
            final int d = orderId[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            n = n * 10 + d;
        }
        return n > 0 && n < nextOrderNumber;
    }

    private void removeAt(final int i) {
        System.arraycopy(active, i + 1, active, i, activeCount - i - 1);
        active[--activeCount] = null;
    }

    private Order acquire() {
        return poolCount > 0 ? pool[--poolCount] : new Order();
    }

    private void release(final Order o) {
        if (poolCount == pool.length) {
            pool = Arrays.copyOf(pool, poolCount * 2);
        }
        pool[poolCount++] = o;
    }

    private static int writeId(final long number, final byte[] dst) {
        dst[0] = 'P';
        dst[1] = 'A';
        dst[2] = 'P';
        dst[3] = 'E';
        dst[4] = 'R';
        dst[5] = '-';
        int digits = 1;
        for (long v = number; v >= 10; v /= 10) {
            digits++;
        }
        long v = number;
        for (int i = 5 + digits; i > 5; i--) {
            dst[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return 6 + digits;
    }

    private static final class Order {
        long intentId;
        int userId;
        int instrumentId;
        byte side;
        long quantity;
        byte orderType;
        byte product;
        byte validity;
        long price;
        long triggerPrice;
        boolean triggered;
        boolean seenTick;
        long filled;
        long average;
        final byte[] id = new byte[ID_BYTES];
        int idLength;
        final byte[] tag = new byte[ID_BYTES];
        int tagLength;
    }
}
