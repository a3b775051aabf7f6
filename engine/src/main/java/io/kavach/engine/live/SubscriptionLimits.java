package io.kavach.engine.live;

/**
 * How many instruments one market-data connection may carry, per mode (PROTOCOL.md §1: "alone" when
 * only that mode is used on the connection, "combined" when modes are mixed), and how many market-data
 * connections the user may open. Upstox's two pages agree on the per-connection numbers and differ on
 * connections per user (1 on the older page, 2 on the newer one, 5 on the Plus plan), so all are
 * configurable; see README "Subscriptions".
 *
 * <p>Threading: immutable.
 */
public record SubscriptionLimits(int ltpcAlone, int ltpcCombined, int fullAlone, int fullCombined, int connections) {
    public static final int LTPC_ALONE_DEFAULT = 5_000;
    public static final int LTPC_COMBINED_DEFAULT = 2_000;
    public static final int FULL_ALONE_DEFAULT = 2_000;
    public static final int FULL_COMBINED_DEFAULT = 1_500;
    /** The newer page's "normal" plan. */
    public static final int CONNECTIONS_DEFAULT = 2;

    /** The documented per-connection limits (the same on the older and the newer page) over the newer page's 2 connections. */
    public static final SubscriptionLimits UPSTOX_DEFAULT =
        new SubscriptionLimits(LTPC_ALONE_DEFAULT, LTPC_COMBINED_DEFAULT, FULL_ALONE_DEFAULT, FULL_COMBINED_DEFAULT, CONNECTIONS_DEFAULT);

    public SubscriptionLimits {
        if (ltpcAlone < 0 || ltpcCombined < 0 || fullAlone < 0 || fullCombined < 0) {
            throw new IllegalArgumentException("subscription limits must be ≥ 0");
        }
        if (connections < 1) {
            throw new IllegalArgumentException("at least one market-data connection is needed, got " + connections);
        }
    }

    /** Null when {@code ltpc} and {@code full} instruments fit one connection, else why not. */
    public String excess(final int ltpc, final int full) {
        if (full == 0) {
            return ltpc <= ltpcAlone ? null : "ltpc subscriptions would be " + ltpc + " of " + ltpcAlone + " allowed on one connection";
        }
        if (ltpc == 0) {
            return full <= fullAlone ? null : "full subscriptions would be " + full + " of " + fullAlone + " allowed on one connection";
        }
        if (ltpc > ltpcCombined) {
            return "ltpc subscriptions would be " + ltpc + " of " + ltpcCombined + " allowed on one connection mixing modes (with "
                + full + " full)";
        }
        if (full > fullCombined) {
            return "full subscriptions would be " + full + " of " + fullCombined + " allowed on one connection mixing modes (with "
                + ltpc + " ltpc)";
        }
        return null;
    }
}
