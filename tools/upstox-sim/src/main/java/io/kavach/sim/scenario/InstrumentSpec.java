package io.kavach.sim.scenario;

/**
 * An instrument the simulated market knows before its first tick: its key ({@code SEGMENT|ID}),
 * the trading symbol order answers carry, and the previous close ({@code cp}) and first price in
 * {@link io.kavach.config.Prices} fixed point.
 *
 * <p>Immutable; safe on any thread.
 */
public record InstrumentSpec(String instrumentKey, String tradingSymbol, long previousCloseFixed) {

    public static InstrumentSpec of(final String instrumentKey, final double previousClose) {
        final int bar = instrumentKey.indexOf('|');
        return new InstrumentSpec(instrumentKey, bar < 0 ? instrumentKey : instrumentKey.substring(bar + 1),
            io.kavach.config.Prices.toFixed(previousClose));
    }
}
