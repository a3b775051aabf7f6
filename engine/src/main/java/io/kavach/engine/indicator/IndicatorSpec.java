package io.kavach.engine.indicator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One entry of a {@code --indicators rsi:14,ema:9,macd:12:26:9} list: the spec text as given
 * (trimmed; the output key), the indicator name and its positional parameters (see
 * {@link Indicators} for names, parameter order and defaults). Parsing validates by building one
 * indicator, so a bad spec fails at start-up, not on the first candle.
 *
 * <p>Immutable; cold path; safe on any thread.
 */
public final class IndicatorSpec {
    private final String key;
    private final String name;
    private final double[] parameters;

    private IndicatorSpec(final String key, final String name, final double[] parameters) {
        this.key = key;
        this.name = name;
        this.parameters = parameters;
    }

    /** Parses a comma-separated list; throws {@link IllegalArgumentException} naming the bad entry and what was expected. */
    public static List<IndicatorSpec> parseList(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("indicator list is empty: expected e.g. rsi:14,ema:9,macd:12:26:9");
        }
        final List<IndicatorSpec> specs = new ArrayList<>();
        final String[] entries = text.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            final IndicatorSpec spec;
            try {
                spec = parse(entries[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("indicator " + (i + 1) + " of '" + text + "': " + e.getMessage(), e);
            }
            for (IndicatorSpec other : specs) {
                if (other.key.equals(spec.key)) {
                    throw new IllegalArgumentException("indicator '" + spec.key + "' is listed twice in '" + text + "'");
                }
            }
            specs.add(spec);
        }
        return Collections.unmodifiableList(specs);
    }

    /** Parses one {@code name[:p1[:p2...]]} entry. */
    public static IndicatorSpec parse(final String entry) {
        final String key = entry == null ? "" : entry.trim();
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty indicator spec: expected name[:param...] such as rsi:14, one of " + Indicators.NAMES);
        }
        final String[] parts = key.split(":", -1);
        final String name = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
        final double[] parameters = new double[parts.length - 1];
        final IndicatorSpec spec = new IndicatorSpec(key, name, parameters);
        try {
            final String[] names = Indicators.parameterNames(name);
            for (int i = 1; i < parts.length; i++) {
                try {
                    parameters[i - 1] = Double.parseDouble(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("parameter " + i + " '" + parts[i] + "' is not a number: expected "
                        + name + (names.length == 0 ? " without parameters" : ":" + String.join(":", names)), e);
                }
            }
            spec.create();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "': " + e.getMessage(), e);
        }
        return spec;
    }

    /** The spec as given, e.g. {@code "rsi:14"}: the key of this indicator's output. */
    public String key() {
        return key;
    }

    public String name() {
        return name;
    }

    /** A fresh indicator (one per instrument and timeframe). */
    public Indicator create() {
        return Indicators.createPositional(name, parameters);
    }

    @Override
    public String toString() {
        return key;
    }
}
