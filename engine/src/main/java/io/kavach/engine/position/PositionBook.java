package io.kavach.engine.position;

import io.kavach.order.OrderCodes;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * Positions per user, instrument and product, from fills, with FIFO realized and mark-to-market
 * unrealized P&amp;L, and per-user totals for the risk checks. A new position allocates once (cold);
 * fills and marks on existing positions are allocation-free.
 *
 * <p>Threading: owned by the logic thread.
 */
public final class PositionBook {
    private final Long2ObjectHashMap<Position> byKey = new Long2ObjectHashMap<>();
    /**
     * Positions per instrument id, indexed directly: instrument ids are dense, and every tick asks
     * (an array load instead of a hash probe; most instruments hold no position).
     */
    private Position[][] byInstrument = new Position[64][];
    private final Int2ObjectHashMap<Position[]> byUser = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<UserPnl> pnlByUser = new Int2ObjectHashMap<>();

    /** Per-user P&amp;L totals (fixed point). */
    public static final class UserPnl {
        long realized;
        long unrealized;

        public long realized() {
            return realized;
        }

        public long unrealized() {
            return unrealized;
        }

        public long total() {
            return realized + unrealized;
        }
    }

    public Position position(final int userId, final int instrumentId, final byte product) {
        return byKey.get(key(userId, instrumentId, product));
    }

    /** Signed net quantity, 0 when there is no position. */
    public long netQuantity(final int userId, final int instrumentId, final byte product) {
        final Position p = position(userId, instrumentId, product);
        return p == null ? 0 : p.net;
    }

    /** Applies a fill; returns the position. */
    public Position onFill(final int userId, final int instrumentId, final byte product, final byte side, final long quantity,
                           final long price) {
        final Position p = positionFor(userId, instrumentId, product);
        final UserPnl u = pnlByUser.get(userId);
        u.realized += p.fill(side == OrderCodes.SIDE_BUY ? quantity : -quantity, price);
        u.unrealized += p.markAt(p.mark == 0 ? price : p.mark);
        return p;
    }

    /** Marks every position in {@code instrumentId} at {@code price}. Returns the positions array (may be null) for risk checks. */
    public Position[] mark(final int instrumentId, final long price) {
        final Position[][] byInstrument = this.byInstrument;
        final Position[] list = instrumentId >= 0 && instrumentId < byInstrument.length ? byInstrument[instrumentId] : null;
        if (list != null) {
            for (Position p : list) {
                if (p.net != 0 || p.unrealizedPnl != 0) {
                    pnlByUser.get(p.userId).unrealized += p.markAt(price);
                } else {
                    p.mark = price;
                }
            }
        }
        return list;
    }

    /** The user's positions (may be null). */
    public Position[] positionsOf(final int userId) {
        return byUser.get(userId);
    }

    public UserPnl pnl(final int userId) {
        return pnlByUser.get(userId);
    }

    /** Realized + unrealized P&amp;L of a user (fixed point), 0 without positions. */
    public long totalPnl(final int userId) {
        final UserPnl u = pnlByUser.get(userId);
        return u == null ? 0 : u.total();
    }

    public void reserveExit(final Position p, final long qty) {
        p.reservedExit += qty;
    }

    public void releaseExit(final Position p, final long qty) {
        p.reservedExit = Math.max(0, p.reservedExit - qty);
    }

    /** Creates the position on first use (cold: one allocation per new user/instrument/product). */
    public Position positionFor(final int userId, final int instrumentId, final byte product) {
        final long k = key(userId, instrumentId, product);
        Position p = byKey.get(k);
        if (p == null) {
            if (instrumentId < 0) {
                throw new IllegalArgumentException("instrument id must be >= 0, was " + instrumentId);
            }
            p = new Position(userId, instrumentId, product);
            byKey.put(k, p);
            if (instrumentId >= byInstrument.length) {
                byInstrument = Arrays.copyOf(byInstrument, Math.max(instrumentId + 1, byInstrument.length * 2));
            }
            byInstrument[instrumentId] = append(byInstrument[instrumentId], p);
            byUser.put(userId, append(byUser.get(userId), p));
            if (!pnlByUser.containsKey(userId)) {
                pnlByUser.put(userId, new UserPnl());
            }
        }
        return p;
    }

    private static long key(final int userId, final int instrumentId, final byte product) {
        return ((long) userId << 34) | ((long) instrumentId << 2) | (product & 3);
    }

    private static Position[] append(final Position[] a, final Position p) {
        if (a == null) {
            return new Position[] {p};
        }
        final Position[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = p;
        return b;
    }
}
