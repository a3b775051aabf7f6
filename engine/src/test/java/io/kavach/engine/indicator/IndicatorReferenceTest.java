package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.Timeframe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each incremental indicator against a naive reference that recomputes from the whole history at
 * every step (closed-form sums for the exponential averages, full windows for the rest), on seeded
 * random 5-minute candle streams that cross sessions, include flat stretches and zero volume.
 */
class IndicatorReferenceTest {
    private static final int CANDLES = 1_500;
    private static final double RELATIVE = 1e-9;

    static LongStream seeds() {
        return LongStream.of(1L, 20221201L, Long.getLong("kavach.seed", System.nanoTime()));
    }

    /** A random candle history as primitive arrays (rupees as doubles, exactly what indicators see). */
    static final class Stream {
        final Candle[] candles = new Candle[CANDLES];
        final double[] open = new double[CANDLES];
        final double[] high = new double[CANDLES];
        final double[] low = new double[CANDLES];
        final double[] close = new double[CANDLES];
        final long[] volume = new long[CANDLES];
        final long[] day = new long[CANDLES];

        Stream(final long seed) {
            final Random r = new Random(seed);
            long price = Prices.toFixed(100 + r.nextInt(40_000));
            final long tick = Prices.toFixed(0.05);
            final long firstDay = LocalDate.of(2023, 1, 2).toEpochDay();
            for (int i = 0; i < CANDLES; i++) {
                final int slot = i % 75;
                final long start = MarketClock.epochMsAt(firstDay + i / 75, MarketClock.SESSION_OPEN_MINUTE + 5 * slot);
                final boolean flat = r.nextInt(20) == 0;
                final long o = price;
                final long c = flat ? o : Math.max(tick, o + tick * (r.nextInt(81) - 40));
                final long h = Math.max(o, c) + (flat ? 0 : tick * r.nextInt(20));
                final long l = Math.max(tick, Math.min(o, c) - (flat ? 0 : tick * r.nextInt(20)));
                price = c;
                final Candle candle = new Candle();
                candle.timeframe = Timeframe.M5;
                candle.startEpochMs = start;
                candle.endEpochMs = start + 5 * MarketClock.MS_PER_MINUTE;
                candle.open = o;
                candle.high = h;
                candle.low = l;
                candle.close = c;
                candle.volume = r.nextInt(8) == 0 ? 0 : r.nextInt(100_000);
                candles[i] = candle;
                open[i] = Prices.toDouble(o);
                high[i] = Prices.toDouble(h);
                low[i] = Prices.toDouble(l);
                close[i] = Prices.toDouble(c);
                volume[i] = candle.volume;
                day[i] = MarketClock.istEpochDay(start);
            }
        }
    }

    /** Exponential average of x[0..t] seeded with x[0], as a closed-form weighted sum. */
    static double closedFormAverage(final double[] x, final int t, final double alpha) {
        double sum = 0;
        double weight = 1;
        for (int i = t; i >= 1; i--) {
            sum += alpha * weight * x[i];
            weight *= 1 - alpha;
        }
        return sum + weight * x[0];
    }

    static double[] gains(final double[] close, final boolean up) {
        final double[] g = new double[close.length];
        for (int i = 1; i < close.length; i++) {
            final double d = close[i] - close[i - 1];
            g[i] = up ? Math.max(d, 0) : Math.max(-d, 0);
        }
        return g;
    }

    static double[] trueRanges(final Stream s) {
        final double[] tr = new double[CANDLES];
        for (int i = 0; i < CANDLES; i++) {
            final double range = s.high[i] - s.low[i];
            tr[i] = i == 0 ? range : Math.max(range, Math.max(Math.abs(s.high[i] - s.close[i - 1]), Math.abs(s.close[i - 1] - s.low[i])));
        }
        return tr;
    }

    static double windowMean(final double[] x, final int t, final int n) {
        final int from = Math.max(0, t - n + 1);
        double sum = 0;
        for (int i = from; i <= t; i++) {
            sum += x[i];
        }
        return sum / (t - from + 1);
    }

    private static void check(final String name, final long seed, final Stream s, final Supplier<Indicator> factory,
                              final IntPredicate ready, final double scale, final IntFunction<double[]> reference) {
        final Indicator indicator = factory.get();
        int compared = 0;
        for (int t = 0; t < CANDLES; t++) {
            indicator.onCandle(s.candles[t]);
            assertEquals(ready.test(t), indicator.isReady(), name + " readiness after " + (t + 1) + " candles (seed " + seed + ")");
            if (!indicator.isReady()) {
                continue;
            }
            final double[] expected = reference.apply(t);
            assertEquals(expected.length, indicator.outputs(), name + " outputs");
            for (int k = 0; k < expected.length; k++) {
                final double e = expected[k];
                final double a = indicator.value(k);
                if (Double.isNaN(e) || Double.isNaN(a)) {
                    assertEquals(Double.isNaN(e), Double.isNaN(a), name + " output " + indicator.outputName(k) + " NaN-ness at candle " + t + " (seed " + seed + ")");
                    continue;
                }
                if (Math.abs(a - e) > RELATIVE * Math.max(Math.abs(e), scale)) {
                    fail(name + " output " + indicator.outputName(k) + " at candle " + t + ": expected " + e + " but was " + a + " (seed " + seed + ")");
                }
            }
            compared++;
        }
        assertTrue(compared > CANDLES / 2, name + " compared only " + compared + " candles");
        indicator.reset();
        assertTrue(!indicator.isReady(), name + " is not ready after reset");
        indicator.onCandle(s.candles[0]);
        if (ready.test(0)) {
            assertEquals(reference.apply(0)[0], indicator.value(), Math.abs(reference.apply(0)[0]) * RELATIVE, name + " after reset");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldMatchNaiveReferencesOnSeededRandomCandles(final long seed) {
        System.out.println("IndicatorReferenceTest seed " + seed + " (rerun with -Dkavach.seed=" + seed + ")");
        final Stream s = new Stream(seed);
        final double priceScale = s.close[0];
        final double[] tr = trueRanges(s);
        final double[] up = gains(s.close, true);
        final double[] down = gains(s.close, false);

        check("sma:20", seed, s, () -> new SmaIndicator(20), after(20), priceScale, t -> new double[]{windowMean(s.close, t, 20)});
        check("ema:9", seed, s, () -> new EmaIndicator(9), after(9), priceScale, t -> new double[]{closedFormAverage(s.close, t, 2.0 / 10)});
        check("rsi:14", seed, s, () -> new RsiIndicator(14), after(15), 100, t -> {
            final double g = closedFormAverage(up, t, 1.0 / 14);
            final double l = closedFormAverage(down, t, 1.0 / 14);
            return new double[]{l == 0 ? (g == 0 ? 0 : 100) : 100 * g / (g + l)};
        });
        final double[] line = new double[CANDLES];
        for (int i = 0; i < CANDLES; i++) {
            line[i] = closedFormAverage(s.close, i, 2.0 / 13) - closedFormAverage(s.close, i, 2.0 / 27);
        }
        check("macd:12:26:9", seed, s, () -> new MacdIndicator(12, 26, 9), after(34), priceScale, t -> {
            final double signal = closedFormAverage(line, t, 2.0 / 10);
            return new double[]{line[t], signal, line[t] - signal};
        });
        check("atr:14", seed, s, () -> new AtrIndicator(14), after(14), priceScale, t -> new double[]{closedFormAverage(tr, t, 1.0 / 14)});
        check("bollinger:20:2", seed, s, () -> new BollingerBandsIndicator(20, 2), after(20), priceScale, t -> {
            final double mean = windowMean(s.close, t, 20);
            final int from = Math.max(0, t - 19);
            double squares = 0;
            for (int i = from; i <= t; i++) {
                squares += (s.close[i] - mean) * (s.close[i] - mean);
            }
            final double sd = Math.sqrt(squares / (t - from + 1));
            return new double[]{mean, mean + 2 * sd, mean - 2 * sd};
        });
        check("vwap", seed, s, SessionVwapIndicator::new, t -> sessionVolume(s, t) > 0, priceScale, t -> {
            double pv = 0;
            double v = 0;
            for (int i = 0; i <= t; i++) {
                if (s.day[i] == s.day[t]) {
                    pv += (s.high[i] + s.low[i] + s.close[i]) / 3 * s.volume[i];
                    v += s.volume[i];
                }
            }
            return new double[]{v == 0 ? Double.NaN : pv / v};
        });
        check("volume_spike:20", seed, s, () -> new VolumeSpikeIndicator(20), after(21), 1, t -> {
            double sum = 0;
            for (int i = t - 20; i < t; i++) {
                sum += s.volume[i];
            }
            return new double[]{s.volume[t] / (sum / 20)};
        });
        check("ema_crossover:9:21", seed, s, () -> new EmaCrossoverIndicator(9, 21), after(21), priceScale, t -> {
            final double fast = closedFormAverage(s.close, t, 2.0 / 10);
            final double slow = closedFormAverage(s.close, t, 2.0 / 22);
            return new double[]{fast - slow, fast, slow};
        });
        final double[] atr10 = new double[CANDLES];
        for (int i = 0; i < CANDLES; i++) {
            atr10[i] = closedFormAverage(tr, i, 1.0 / 10);
        }
        check("supertrend:10:3", seed, s, () -> new SuperTrendIndicator(10, 3), after(10), priceScale, t -> superTrend(s, atr10, 3, t));
    }

    private static IntPredicate after(final int candles) {
        return t -> t + 1 >= candles;
    }

    private static long sessionVolume(final Stream s, final int t) {
        long v = 0;
        for (int i = 0; i <= t; i++) {
            if (s.day[i] == s.day[t]) {
                v += s.volume[i];
            }
        }
        return v;
    }

    /** SuperTrend re-run from the first candle with an explicit trend flag. */
    static double[] superTrend(final Stream s, final double[] atr, final double m, final int t) {
        double upper = (s.high[0] + s.low[0]) / 2 + m * atr[0];
        double lower = 0;
        boolean upTrend = true;
        double line = 0;
        for (int i = 1; i <= t; i++) {
            final double median = (s.high[i] + s.low[i]) / 2;
            final double basicUpper = median + m * atr[i];
            final double basicLower = median - m * atr[i];
            upper = basicUpper < upper || s.close[i - 1] > upper ? basicUpper : upper;
            lower = basicLower > lower || s.close[i - 1] < lower ? basicLower : lower;
            upTrend = upTrend ? s.close[i] >= lower : s.close[i] > upper;
            line = upTrend ? lower : upper;
        }
        return new double[]{line, t == 0 ? 1 : (upTrend ? 1 : -1), upper, lower};
    }
}
