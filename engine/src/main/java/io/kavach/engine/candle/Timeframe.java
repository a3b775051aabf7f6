package io.kavach.engine.candle;

/**
 * Candle timeframes. Intraday frames are anchored at the 09:15 IST session open (09:15, 09:20, …
 * for 5m), as Indian charting platforms do; the 60m frame therefore runs 09:15–10:15 … 15:15–15:30
 * (the last one cut short by the close); {@link #D1} is the IST trading day.
 */
public enum Timeframe {
    M1("1m", 1), M3("3m", 3), M5("5m", 5), M10("10m", 10), M15("15m", 15), M30("30m", 30), M60("60m", 60), D1("1d", 0);

    private static final Timeframe[] VALUES = values();

    public final String label;
    /** Length in minutes for intraday frames; 0 for the daily frame. */
    public final int minutes;

    Timeframe(final String label, final int minutes) {
        this.label = label;
        this.minutes = minutes;
    }

    public boolean isIntraday() {
        return minutes > 0;
    }

    /** Parses "5m", "1d", also "1h"/"60m" and "day"; throws with the accepted values on anything else. */
    public static Timeframe parse(final String text) {
        if (text != null) {
            final String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            for (Timeframe tf : VALUES) {
                if (tf.label.equals(t)) {
                    return tf;
                }
            }
            if (t.equals("1h")) {
                return M60;
            }
            if (t.equals("day") || t.equals("d")) {
                return D1;
            }
        }
        throw new IllegalArgumentException("unknown timeframe '" + text + "': expected one of 1m, 3m, 5m, 10m, 15m, 30m, 60m, 1d");
    }

    public static Timeframe of(final int ordinal) {
        return VALUES[ordinal];
    }

    public static int count() {
        return VALUES.length;
    }
}
