package io.kavach.sim.market;

import io.kavach.sim.scenario.InstrumentSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated market: every instrument's state and the scenario market time. Ticks arrive in
 * batches that share one market time (one feed frame each); at the end of a batch the listeners
 * run in registration order — the market feed first, then the matching engine, so a client sees
 * the tick before the fill it caused.
 *
 * <p>Owned by the simulator's event loop.
 */
public final class SimMarket {

    /** Reacts to the market moving; called on the simulator loop. */
    public interface MarketListener {
        /** One batch of ticks, all at {@code marketTimeMs}; {@code changed} is reused after the call. */
        void onBatch(long marketTimeMs, List<SimInstrument> changed);

        /** Market time moved forward (after a batch, or explicitly). */
        default void onMarketTime(long marketTimeMs) {
        }
    }

    private final Map<String, SimInstrument> instruments = new LinkedHashMap<>();
    private final List<MarketListener> listeners = new ArrayList<>();
    private final List<SimInstrument> batch = new ArrayList<>();
    private final List<SimInstrument> batchView = Collections.unmodifiableList(batch);
    private long marketTimeMs;
    private boolean inBatch;

    public SimMarket(final long startMarketTimeMs, final Collection<InstrumentSpec> specs) {
        this.marketTimeMs = startMarketTimeMs;
        for (InstrumentSpec spec : specs) {
            add(spec);
        }
    }

    public SimInstrument add(final InstrumentSpec spec) {
        return instruments.computeIfAbsent(spec.instrumentKey(),
            k -> new SimInstrument(k, spec.tradingSymbol(), spec.previousCloseFixed()));
    }

    public void addListener(final MarketListener listener) {
        listeners.add(listener);
    }

    public SimInstrument instrument(final String key) {
        return instruments.get(key);
    }

    public Collection<SimInstrument> instruments() {
        return Collections.unmodifiableCollection(instruments.values());
    }

    public long marketTimeMs() {
        return marketTimeMs;
    }

    public void beginBatch(final long timeMs) {
        batch.clear();
        inBatch = true;
        marketTimeMs = Math.max(marketTimeMs, timeMs);
    }

    /** True when the open batch already holds a tick for {@code key} (then a new frame must start). */
    public boolean batchContains(final String key) {
        final SimInstrument s = instruments.get(key);
        return s != null && batch.contains(s);
    }

    /** Applies a tick to the open batch; an unknown key is created on the fly with no previous close. */
    public void apply(final String key, final long priceFixed, final long quantity) {
        SimInstrument s = instruments.get(key);
        if (s == null) {
            s = add(InstrumentSpec.of(key, io.kavach.config.Prices.toDouble(priceFixed)));
        }
        s.apply(marketTimeMs, priceFixed, quantity);
        if (!batch.contains(s)) {
            batch.add(s);
        }
    }

    public void endBatch() {
        inBatch = false;
        // time first: a status change (market_info) and actions due at this time precede the ticks
        for (MarketListener l : listeners) {
            l.onMarketTime(marketTimeMs);
        }
        for (MarketListener l : listeners) {
            l.onBatch(marketTimeMs, batchView);
        }
        batch.clear();
    }

    /** Moves market time forward without a tick (never backwards). */
    public void advanceTo(final long timeMs) {
        if (inBatch || timeMs <= marketTimeMs) {
            return;
        }
        marketTimeMs = timeMs;
        for (MarketListener l : listeners) {
            l.onMarketTime(marketTimeMs);
        }
    }
}
