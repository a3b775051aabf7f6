package io.kavach.order;

/**
 * Byte codes for the fields of an order, identical to the ones the engine's ring event carries
 * ({@code InputEvent.side}, {@code orderType}, {@code product}, {@code validity}), plus their Upstox
 * wire spellings.
 *
 * <p>Pure constants; safe on any thread.
 */
public final class OrderCodes {
    public static final byte SIDE_BUY = 1;
    public static final byte SIDE_SELL = 2;

    public static final byte TYPE_MARKET = 1;
    public static final byte TYPE_LIMIT = 2;
    public static final byte TYPE_SL = 3;
    public static final byte TYPE_SL_M = 4;

    public static final byte PRODUCT_I = 1;
    public static final byte PRODUCT_D = 2;
    public static final byte PRODUCT_MTF = 3;
    /** Every place path defaults to delivery unless the intent says intraday. */
    public static final byte PRODUCT_DEFAULT = PRODUCT_D;

    public static final byte VALIDITY_DAY = 1;
    public static final byte VALIDITY_IOC = 2;

    private OrderCodes() {
    }

    public static String sideWire(final byte side) {
        return side == SIDE_SELL ? "SELL" : side == SIDE_BUY ? "BUY" : null;
    }

    public static String typeWire(final byte type) {
        switch (type) {
            case TYPE_MARKET: return "MARKET";
            case TYPE_LIMIT: return "LIMIT";
            case TYPE_SL: return "SL";
            case TYPE_SL_M: return "SL-M";
            default: return null;
        }
    }

    public static String productWire(final byte product) {
        switch (product) {
            case PRODUCT_I: return "I";
            case PRODUCT_D: return "D";
            case PRODUCT_MTF: return "MTF";
            default: return null;
        }
    }

    public static String validityWire(final byte validity) {
        return validity == VALIDITY_IOC ? "IOC" : validity == VALIDITY_DAY ? "DAY" : null;
    }

    public static byte sideOf(final String wire) {
        return "SELL".equals(wire) ? SIDE_SELL : "BUY".equals(wire) ? SIDE_BUY : 0;
    }

    public static byte typeOf(final String wire) {
        if (wire == null) {
            return 0;
        }
        switch (wire) {
            case "MARKET": return TYPE_MARKET;
            case "LIMIT": return TYPE_LIMIT;
            case "SL": return TYPE_SL;
            case "SL-M": return TYPE_SL_M;
            default: return 0;
        }
    }

    public static byte productOf(final String wire) {
        if (wire == null) {
            return 0;
        }
        switch (wire) {
            case "I": return PRODUCT_I;
            case "D": return PRODUCT_D;
            case "MTF": return PRODUCT_MTF;
            default: return 0;
        }
    }
}
