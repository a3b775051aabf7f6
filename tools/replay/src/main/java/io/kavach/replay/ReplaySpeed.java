package io.kavach.replay;

/**
 * A replay speed: {@code Nx} divides event-time gaps by N, {@code max} runs flat out.
 *
 * @param factor N, or 0 for max
 */
public record ReplaySpeed(long factor) {
    public static final ReplaySpeed MAX = new ReplaySpeed(0);

    /** Parses {@code 1x}, {@code 10x}, {@code 100x}, any positive {@code Nx}, or {@code max}. */
    public static ReplaySpeed parse(final String text) {
        final String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("max")) {
            return MAX;
        }
        if (s.endsWith("x")) {
            try {
                final long n = Long.parseLong(s.substring(0, s.length() - 1));
                if (n > 0) {
                    return new ReplaySpeed(n);
                }
            } catch (final NumberFormatException notANumber) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("speed '" + text + "' is not Nx (e.g. 1x, 10x, 100x) or max");
    }

    public boolean isMax() {
        return factor == 0;
    }

    @Override
    public String toString() {
        return isMax() ? "max" : factor + "x";
    }
}
