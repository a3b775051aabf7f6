package io.kavach.engine.indicator;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Creates indicators by name and parameters, as rules and the backtest name them:
 * {@code rsi(period=14) | ema(period=20) | sma(period=20) | macd(fast=12, slow=26, signal=9) |
 * ema_crossover(fast=9, slow=21) | volume_spike(period=20) | vwap() | bollinger(period=20, k=2) |
 * supertrend(period=10, multiplier=3) | atr(period=14)}. Missing parameters take these defaults;
 * unknown names, unknown parameters and bad values throw {@link IllegalArgumentException} naming
 * the bad part and what was expected.
 *
 * <p>Cold path (rule load, command-line parsing); safe on any thread.
 */
public final class Indicators {
    /** Accepted names, in documentation order. */
    public static final String NAMES = "rsi, macd, ema_crossover, volume_spike, vwap, bollinger, supertrend, atr, sma, ema";

    private static final Map<String, String[]> PARAMS = new HashMap<>();
    private static final Map<String, double[]> DEFAULTS = new HashMap<>();

    static {
        define("rsi", new String[]{"period"}, 14);
        define("ema", new String[]{"period"}, 20);
        define("sma", new String[]{"period"}, 20);
        define("macd", new String[]{"fast", "slow", "signal"}, 12, 26, 9);
        define("ema_crossover", new String[]{"fast", "slow"}, 9, 21);
        define("volume_spike", new String[]{"period"}, 20);
        define("vwap", new String[]{});
        define("bollinger", new String[]{"period", "k"}, 20, 2.0);
        define("supertrend", new String[]{"period", "multiplier"}, 10, 3.0);
        define("atr", new String[]{"period"}, 14);
    }

    private Indicators() {
    }

    private static void define(final String name, final String[] params, final double... defaults) {
        PARAMS.put(name, params);
        DEFAULTS.put(name, defaults);
    }

    /** Parameter names of {@code name} in positional order (as in {@code macd:12:26:9}). */
    public static String[] parameterNames(final String name) {
        return PARAMS.get(requireName(name)).clone();
    }

    /**
     * Creates an indicator from a rule's {@code {"indicator": name, "params": {...}}}. Parameter
     * values may be numbers or numeric strings; periods must be whole numbers.
     */
    public static Indicator create(final String name, final Map<String, ?> params) {
        final String key = requireName(name);
        final String[] names = PARAMS.get(key);
        final double[] values = DEFAULTS.get(key).clone();
        if (params != null) {
            for (Map.Entry<String, ?> e : params.entrySet()) {
                final int i = Arrays.asList(names).indexOf(e.getKey());
                if (i < 0) {
                    throw new IllegalArgumentException(key + ": unknown parameter '" + e.getKey() + "': expected "
                        + (names.length == 0 ? "no parameters" : "one of " + String.join(", ", names)));
                }
                values[i] = number(key, e.getKey(), e.getValue());
            }
        }
        return build(key, names, values);
    }

    /** Creates an indicator from positional parameters (the {@code rsi:14} form); fewer values take defaults. */
    public static Indicator createPositional(final String name, final double[] positional) {
        final String key = requireName(name);
        final String[] names = PARAMS.get(key);
        if (positional.length > names.length) {
            throw new IllegalArgumentException(key + ": too many parameters (" + positional.length + "): expected at most "
                + names.length + (names.length == 0 ? "" : " (" + String.join(", ", names) + ")"));
        }
        final double[] values = DEFAULTS.get(key).clone();
        System.arraycopy(positional, 0, values, 0, positional.length);
        return build(key, names, values);
    }

    private static Indicator build(final String key, final String[] names, final double[] v) {
        switch (key) {
            case "rsi":
                return new RsiIndicator(whole(key, names[0], v[0]));
            case "ema":
                return new EmaIndicator(whole(key, names[0], v[0]));
            case "sma":
                return new SmaIndicator(whole(key, names[0], v[0]));
            case "macd":
                return new MacdIndicator(whole(key, names[0], v[0]), whole(key, names[1], v[1]), whole(key, names[2], v[2]));
            case "ema_crossover":
                return new EmaCrossoverIndicator(whole(key, names[0], v[0]), whole(key, names[1], v[1]));
            case "volume_spike":
                return new VolumeSpikeIndicator(whole(key, names[0], v[0]));
            case "vwap":
                return new SessionVwapIndicator();
            case "bollinger":
                return new BollingerBandsIndicator(whole(key, names[0], v[0]), v[1]);
            case "supertrend":
                return new SuperTrendIndicator(whole(key, names[0], v[0]), v[1]);
            case "atr":
                return new AtrIndicator(whole(key, names[0], v[0]));
            default:
                throw new IllegalStateException("indicator '" + key + "' has parameters but no constructor");
        }
    }

    private static String requireName(final String name) {
        final String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!PARAMS.containsKey(key)) {
            throw new IllegalArgumentException("unknown indicator '" + name + "': expected one of " + NAMES);
        }
        return key;
    }

    private static double number(final String indicator, final String param, final Object value) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            try {
                return Double.parseDouble(((String) value).trim());
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException(indicator + ": parameter '" + param + "' must be a number, was '" + value + "'");
    }

    private static int whole(final String indicator, final String param, final double value) {
        if (value != Math.rint(value) || value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(indicator + ": parameter '" + param + "' must be a whole number >= 1, was " + value);
        }
        return (int) value;
    }

    static int requirePeriod(final String indicator, final String param, final int period) {
        if (period < 1 || period > 1_000_000) {
            throw new IllegalArgumentException(indicator + ": parameter '" + param + "' must be between 1 and 1000000, was " + period);
        }
        return period;
    }

    static double requirePositive(final String indicator, final String param, final double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(indicator + ": parameter '" + param + "' must be a finite number > 0, was " + value);
        }
        return value;
    }
}
