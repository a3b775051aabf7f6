package io.kavach.engine.rule;

/**
 * Condition and price-reference codes shared by price, indicator and trailing-stop triggers.
 * Pure constants and parsing of their JSON names (cold path).
 */
public final class Conditions {
    public static final byte LTE = 0;
    public static final byte GTE = 1;
    public static final byte CROSSES_ABOVE = 2;
    public static final byte CROSSES_BELOW = 3;

    public static final byte REF_LTP = 0;
    public static final byte REF_BID = 1;
    public static final byte REF_ASK = 2;
    public static final byte REF_OPEN = 3;
    public static final byte REF_HIGH = 4;
    public static final byte REF_LOW = 5;
    public static final int REFERENCES = 6;

    static final String[] CONDITION_NAMES = {"lte", "gte", "crosses_above", "crosses_below"};
    static final String[] REFERENCE_NAMES = {"ltp", "bid", "ask", "open", "high", "low"};

    private Conditions() {
    }

    /** The condition code for a JSON name, or -1. */
    public static byte condition(final String name) {
        for (byte i = 0; i < CONDITION_NAMES.length; i++) {
            if (CONDITION_NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The reference code for a JSON name, or -1. */
    public static byte reference(final String name) {
        for (byte i = 0; i < REFERENCE_NAMES.length; i++) {
            if (REFERENCE_NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public static String conditionName(final byte c) {
        return CONDITION_NAMES[c];
    }

    public static String referenceName(final byte r) {
        return REFERENCE_NAMES[r];
    }

    /**
     * The shared semantics of a condition over a previous and a current value: lte/gte look at the
     * current value; crosses_above needs previous ≤ level &lt; current, crosses_below previous ≥
     * level &gt; current; without a previous value nothing crosses.
     */
    public static boolean holds(final byte condition, final boolean hasPrevious, final long previous, final long current, final long level) {
        switch (condition) {
            case LTE: return current <= level;
            case GTE: return current >= level;
            case CROSSES_ABOVE: return hasPrevious && previous <= level && level < current;
            case CROSSES_BELOW: return hasPrevious && previous >= level && level > current;
            default: return false;
        }
    }

    /** {@link #holds} over doubles, for indicator values (NaN never holds). */
    public static boolean holds(final byte condition, final boolean hasPrevious, final double previous, final double current, final double level) {
        switch (condition) {
            case LTE: return current <= level;
            case GTE: return current >= level;
            case CROSSES_ABOVE: return hasPrevious && previous <= level && level < current;
            case CROSSES_BELOW: return hasPrevious && previous >= level && level > current;
            default: return false;
        }
    }
}
