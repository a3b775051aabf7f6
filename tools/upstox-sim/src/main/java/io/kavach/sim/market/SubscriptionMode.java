package io.kavach.sim.market;

import io.kavach.feed.proto.MarketDataFeedV3.RequestMode;

/**
 * The four modes a market-feed subscription request may name, with the {@code requestMode} each is
 * reported back as ({@code full} comes back as {@code full_d5}).
 *
 * <p>Immutable; safe on any thread.
 */
public enum SubscriptionMode {
    LTPC("ltpc", RequestMode.ltpc, 0),
    OPTION_GREEKS("option_greeks", RequestMode.option_greeks, 1),
    FULL("full", RequestMode.full_d5, 5),
    FULL_D30("full_d30", RequestMode.full_d30, 30);

    public final String wireName;
    public final RequestMode requestMode;
    public final int depthLevels;

    SubscriptionMode(final String wireName, final RequestMode requestMode, final int depthLevels) {
        this.wireName = wireName;
        this.requestMode = requestMode;
        this.depthLevels = depthLevels;
    }

    /** The mode a JSON request names, or null when it names none of the four. */
    public static SubscriptionMode fromWire(final String name) {
        for (SubscriptionMode m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
