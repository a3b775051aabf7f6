package io.kavach.engine.live;

import io.kavach.feed.market.MarketFeedClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The market-data connections the {@link SubscriptionPlanner} spreads instruments over. Connection 0 is
 * the engine's own market feed and always stays; connection {@code i > 0} is opened (a new
 * {@link MarketFeedClient}, started) the first time an instrument is put on it and stopped when its last
 * instrument leaves, so a user's connection allowance is used only while needed. Every connection decodes
 * into the same decoder on the same writer loop, so ticks from any of them enter the ring alike; each
 * connection resubscribes its own instruments when it reconnects.
 *
 * <p>Threading: the writer loop.
 */
public final class MarketFeedPool implements SubscriptionPlanner.Sink {
    private final IntFunction<MarketFeedClient> opener;
    private final List<MarketFeedClient> clients = new ArrayList<>();
    private final List<Set<String>> carried = new ArrayList<>();

    /**
     * @param first  connection 0, already started
     * @param opener builds and starts connection {@code i} (named for its alerts)
     * @param pinned what {@code first} carries already
     */
    public MarketFeedPool(final MarketFeedClient first, final IntFunction<MarketFeedClient> opener, final Collection<String> pinned) {
        this.opener = opener;
        clients.add(first);
        carried.add(new HashSet<>(pinned));
    }

    @Override
    public void subscribe(final int connection, final Collection<String> keys, final String mode) {
        while (clients.size() <= connection) {
            clients.add(null);
            carried.add(new HashSet<>());
        }
        if (clients.get(connection) == null) {
            clients.set(connection, opener.apply(connection));
        }
        carried.get(connection).addAll(keys);
        clients.get(connection).subscribe(keys, mode);
    }

    @Override
    public void unsubscribe(final int connection, final Collection<String> keys) {
        final MarketFeedClient client = clients.get(connection);
        final Set<String> left = carried.get(connection);
        left.removeAll(keys);
        if (connection > 0 && left.isEmpty()) {
            client.stop(); // nothing left to carry: give the connection back
            clients.set(connection, null);
        } else {
            client.unsubscribe(keys);
        }
    }

    /** Connections open (or opening) now, connection 0 included. */
    public int openConnections() {
        int n = 0;
        for (MarketFeedClient c : clients) {
            if (c != null) {
                n++;
            }
        }
        return n;
    }
}
