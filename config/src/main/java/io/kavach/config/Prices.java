package io.kavach.config;

/**
 * The engine-wide fixed-point price scale. Every price on the ring, in the journal and in rule
 * thresholds is a {@code long} holding rupees times {@link #PRICE_SCALE}. Six decimals cover every
 * Indian tick size (currency derivatives tick in 0.0025) with room to spare: the largest
 * representable price is about 9.2e12 rupees.
 *
 * <p>Pure functions; safe on any thread.
 */
public final class Prices {
    public static final long PRICE_SCALE = 1_000_000L;
    /** Decimal digits of {@link #PRICE_SCALE}. */
    public static final int PRICE_SCALE_DIGITS = 6;
    private static final double PRICE_SCALE_DOUBLE = PRICE_SCALE;
    /** Largest price accepted from outside: anything above is treated as corrupt input. */
    public static final double MAX_PRICE = 1.0e12;

    private Prices() {
    }

    /** Rounds a rupee price to fixed point; callers check {@link #isValidPrice} first. */
    public static long toFixed(final double rupees) {
        return Math.round(rupees * PRICE_SCALE_DOUBLE);
    }

    public static double toDouble(final long fixed) {
        return fixed / PRICE_SCALE_DOUBLE;
    }

    /** Exact decimal rupees of a fixed-point amount, without trailing zeros (cold path: allocates). */
    public static java.math.BigDecimal toDecimal(final long fixed) {
        return java.math.BigDecimal.valueOf(fixed, PRICE_SCALE_DIGITS).stripTrailingZeros();
    }

    /** A price from a feed or a file is usable when finite, not negative and not absurdly large. */
    public static boolean isValidPrice(final double rupees) {
        return rupees >= 0.0 && rupees <= MAX_PRICE; // false for NaN as well
    }
}
