package io.kavach.sim.market;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;

import java.util.SplittableRandom;

/**
 * The simulated market's state for one instrument: last trade, previous close, day and current
 * minute OHLC, volume, average price, open interest and a synthetic order book one tick either
 * side of the last price (30 levels, quantities from a per-instrument seeded generator).
 *
 * <p>Owned by the simulator's event loop.
 */
public final class SimInstrument {
    public static final int MAX_DEPTH = 30;
    public static final long DEFAULT_TICK_SIZE_FIXED = Prices.toFixed(0.05);

    public final String key;
    public final String segment;
    public final String tradingSymbol;
    public final boolean index;
    public final boolean derivative;
    public final long tickSizeFixed = DEFAULT_TICK_SIZE_FIXED;

    private final SplittableRandom depthRandom;
    final long[] bidQuantities = new long[MAX_DEPTH];
    final long[] askQuantities = new long[MAX_DEPTH];

    boolean traded;
    long ltp;
    long ltt;
    long ltq;
    long cp;
    long dayEpoch = Long.MIN_VALUE;
    long dayStartMs;
    long dayOpen;
    long dayHigh;
    long dayLow;
    long minuteStartMs = Long.MIN_VALUE;
    long minuteOpen;
    long minuteHigh;
    long minuteLow;
    long minuteVolume;
    long vtt;
    double turnover;
    long oi;
    long totalBuyQuantity;
    long totalSellQuantity;

    public SimInstrument(final String key, final String tradingSymbol, final long previousCloseFixed) {
        this.key = key;
        final int bar = key.indexOf('|');
        this.segment = bar < 0 ? key : key.substring(0, bar);
        this.tradingSymbol = tradingSymbol;
        this.index = segment.endsWith("_INDEX");
        this.derivative = segment.endsWith("_FO");
        this.cp = previousCloseFixed;
        this.ltp = previousCloseFixed;
        this.depthRandom = new SplittableRandom(key.hashCode());
        this.oi = derivative ? 100_000L + Math.floorMod(key.hashCode(), 900_000) : 0L;
        refreshDepth();
    }

    /** Applies one trade print at scenario time {@code timeMs}. A new IST day rolls cp and the day bar. */
    void apply(final long timeMs, final long price, final long quantity) {
        final long day = MarketClock.istEpochDay(timeMs);
        if (day != dayEpoch) {
            if (traded) {
                cp = ltp;
            }
            dayEpoch = day;
            dayStartMs = MarketClock.istMidnightEpochMs(day);
            dayOpen = price;
            dayHigh = price;
            dayLow = price;
            vtt = 0;
            turnover = 0;
        }
        final long minuteStart = timeMs - Math.floorMod(timeMs, MarketClock.MS_PER_MINUTE);
        if (minuteStart != minuteStartMs) {
            minuteStartMs = minuteStart;
            minuteOpen = price;
            minuteHigh = price;
            minuteLow = price;
            minuteVolume = 0;
        }
        dayHigh = Math.max(dayHigh, price);
        dayLow = Math.min(dayLow, price);
        minuteHigh = Math.max(minuteHigh, price);
        minuteLow = Math.min(minuteLow, price);
        minuteVolume += quantity;
        vtt += quantity;
        turnover += Prices.toDouble(price) * quantity;
        if (derivative) {
            oi = Math.max(0, oi + depthRandom.nextLong(-50, 51));
        }
        traded = true;
        ltp = price;
        ltt = timeMs;
        ltq = quantity;
        refreshDepth();
    }

    private void refreshDepth() {
        long tbq = 0;
        long tsq = 0;
        for (int i = 0; i < MAX_DEPTH; i++) {
            bidQuantities[i] = 1 + depthRandom.nextInt(1_000);
            askQuantities[i] = 1 + depthRandom.nextInt(1_000);
            tbq += bidQuantities[i];
            tsq += askQuantities[i];
        }
        totalBuyQuantity = tbq * 10;
        totalSellQuantity = tsq * 10;
    }

    public long lastPriceFixed() {
        return ltp;
    }

    public long previousCloseFixed() {
        return cp;
    }

    /** Quantity of the last print. */
    public long lastQuantity() {
        return ltq;
    }

    public long bestBidQuantity() {
        return bidQuantities[0];
    }

    public long bestAskQuantity() {
        return askQuantities[0];
    }

    /** Best bid: one tick below the last price (never below one tick). */
    public long bestBidFixed() {
        return Math.max(tickSizeFixed, ltp - tickSizeFixed);
    }

    /** Best ask: one tick above the last price. */
    public long bestAskFixed() {
        return ltp + tickSizeFixed;
    }

    long bidPrice(final int level) {
        return Math.max(tickSizeFixed, ltp - (level + 1) * tickSizeFixed);
    }

    long askPrice(final int level) {
        return ltp + (level + 1) * tickSizeFixed;
    }

    double averageTradedPrice() {
        return vtt == 0 ? Prices.toDouble(ltp) : Math.round(turnover / vtt * 100.0) / 100.0;
    }
}
