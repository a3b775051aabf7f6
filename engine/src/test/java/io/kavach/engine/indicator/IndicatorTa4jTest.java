package io.kavach.engine.indicator;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.MinuteBars;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.VolumeIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.supertrend.SuperTrendIndicator;
import org.ta4j.core.indicators.volume.VWAPIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Our incremental indicators against ta4j 0.17 with {@code DoubleNum} on the real NIFTY and
 * BANKNIFTY one-minute bars (December 2022 and January 2023 back to back, every bar of the files
 * as one candle), to 1e-9 relative once past warm-up. The index bars carry no volume, so the
 * volume-weighted indicators run on the same bars with a seeded synthetic volume.
 */
class IndicatorTa4jTest {
    private static final double RELATIVE = 1e-9;
    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    private static final long VOLUME_SEED = 42L;

    @FunctionalInterface
    interface Ta4jValue {
        double at(int index, int output);
    }

    static BarSeries series(final MinuteBars bars, final int from, final int to) {
        final BarSeries series = new BaseBarSeriesBuilder().withName(bars.name).withNumTypeOf(DoubleNum.class).build();
        for (int i = from; i < to; i++) {
            addBar(series, bars, i);
        }
        return series;
    }

    static void addBar(final BarSeries series, final MinuteBars bars, final int i) {
        final ZonedDateTime end = ZonedDateTime.ofInstant(Instant.ofEpochMilli(bars.startEpochMs[i] + MarketClock.MS_PER_MINUTE), IST);
        series.addBar(Duration.ofMinutes(1), end, Prices.toDouble(bars.open[i]), Prices.toDouble(bars.high[i]),
            Prices.toDouble(bars.low[i]), Prices.toDouble(bars.close[i]), (double) bars.volume[i]);
    }

    static double d(final Num num) {
        return num.doubleValue();
    }

    private static void compare(final String name, final MinuteBars bars, final io.kavach.engine.indicator.Indicator ours, final Ta4jValue theirs) {
        final Candle candle = new Candle();
        int compared = 0;
        for (int i = 0; i < bars.size(); i++) {
            ours.onCandle(bars.candle(i, candle));
            if (!ours.isReady()) {
                continue;
            }
            for (int k = 0; k < ours.outputs(); k++) {
                final double expected = theirs.at(i, k);
                final double actual = ours.value(k);
                if (!(Math.abs(actual - expected) <= RELATIVE * Math.abs(expected)) && !(actual == expected)) {
                    fail(bars.name + " " + name + " " + ours.outputName(k) + " at bar " + i + ": ta4j " + expected + ", ours " + actual);
                }
            }
            compared++;
        }
        assertTrue(compared > bars.size() - 100, name + ": only " + compared + " of " + bars.size() + " bars past warm-up");
    }

    private static void checkPriceIndicators(final MinuteBars bars) {
        final BarSeries s = series(bars, 0, bars.size());
        final ClosePriceIndicator close = new ClosePriceIndicator(s);

        final SMAIndicator sma = new SMAIndicator(close, 20);
        compare("sma:20", bars, new SmaIndicator(20), (i, k) -> d(sma.getValue(i)));
        final EMAIndicator ema = new EMAIndicator(close, 9);
        compare("ema:9", bars, new EmaIndicator(9), (i, k) -> d(ema.getValue(i)));
        final RSIIndicator rsi = new RSIIndicator(close, 14);
        compare("rsi:14", bars, new RsiIndicator(14), (i, k) -> d(rsi.getValue(i)));
        final MACDIndicator macd = new MACDIndicator(close, 12, 26);
        final Indicator<Num> signal = macd.getSignalLine(9);
        final Indicator<Num> histogram = macd.getHistogram(9);
        compare("macd:12:26:9", bars, new MacdIndicator(12, 26, 9),
            (i, k) -> d(k == 0 ? macd.getValue(i) : k == 1 ? signal.getValue(i) : histogram.getValue(i)));
        final ATRIndicator atr = new ATRIndicator(s, 14);
        compare("atr:14", bars, new AtrIndicator(14), (i, k) -> d(atr.getValue(i)));
        final BollingerBandsMiddleIndicator middle = new BollingerBandsMiddleIndicator(new SMAIndicator(close, 20));
        final StandardDeviationIndicator sd = new StandardDeviationIndicator(close, 20);
        final BollingerBandsUpperIndicator upper = new BollingerBandsUpperIndicator(middle, sd, DoubleNum.valueOf(2));
        final BollingerBandsLowerIndicator lower = new BollingerBandsLowerIndicator(middle, sd, DoubleNum.valueOf(2));
        compare("bollinger:20:2", bars, new BollingerBandsIndicator(20, 2),
            (i, k) -> d(k == 0 ? middle.getValue(i) : k == 1 ? upper.getValue(i) : lower.getValue(i)));
        final SuperTrendIndicator superTrend = new SuperTrendIndicator(s, 10, 3.0);
        compare("supertrend:10:3", bars, new io.kavach.engine.indicator.SuperTrendIndicator(10, 3.0), (i, k) -> {
            final double line = d(superTrend.getValue(i));
            switch (k) {
                case 0:
                    return line;
                case 1:
                    return line == d(superTrend.getSuperTrendLowerBandIndicator().getValue(i)) ? 1 : -1;
                case 2:
                    return d(superTrend.getSuperTrendUpperBandIndicator().getValue(i));
                default:
                    return d(superTrend.getSuperTrendLowerBandIndicator().getValue(i));
            }
        });
        final EMAIndicator fast = new EMAIndicator(close, 9);
        final EMAIndicator slow = new EMAIndicator(close, 21);
        compare("ema_crossover:9:21", bars, new EmaCrossoverIndicator(9, 21), (i, k) -> {
            final double f = d(fast.getValue(i));
            final double sl = d(slow.getValue(i));
            return k == 0 ? f - sl : k == 1 ? f : sl;
        });
    }

    private static void checkVolumeIndicators(final MinuteBars bars) {
        final BarSeries s = series(bars, 0, bars.size());
        final SMAIndicator volumeAverage = new SMAIndicator(new VolumeIndicator(s), 20);
        compare("volume_spike:20", bars, new VolumeSpikeIndicator(20),
            (i, k) -> bars.volume[i] / d(volumeAverage.getValue(i - 1)));

        // ta4j's VWAP is a rolling window, not a session one: one series per IST day with a window
        // longer than the day gives the session VWAP.
        final double[] sessionVwap = new double[bars.size()];
        int dayStart = 0;
        for (int i = 1; i <= bars.size(); i++) {
            if (i == bars.size() || MarketClock.istEpochDay(bars.startEpochMs[i]) != MarketClock.istEpochDay(bars.startEpochMs[dayStart])) {
                final BarSeries day = series(bars, dayStart, i);
                final VWAPIndicator vwap = new VWAPIndicator(day, 100_000);
                for (int j = dayStart; j < i; j++) {
                    sessionVwap[j] = d(vwap.getValue(j - dayStart));
                }
                dayStart = i;
            }
        }
        compare("vwap", bars, new SessionVwapIndicator(), (i, k) -> sessionVwap[i]);
    }

    @Test
    void shouldAgreeWithTa4jOnNiftyBars() throws IOException {
        checkPriceIndicators(MinuteBars.nifty());
    }

    @Test
    void shouldAgreeWithTa4jOnBankNiftyBars() throws IOException {
        checkPriceIndicators(MinuteBars.bankNifty());
    }

    @Test
    void shouldAgreeWithTa4jOnVolumeIndicatorsOverRealPricesWithSyntheticVolume() throws IOException {
        System.out.println("synthetic volume seed " + VOLUME_SEED);
        for (MinuteBars bars : List.of(MinuteBars.nifty(), MinuteBars.bankNifty())) {
            checkVolumeIndicators(bars.withSyntheticVolume(VOLUME_SEED));
        }
    }

    @Test
    void shouldGiveNoVwapOrVolumeSpikeForIndexBarsWithoutVolume() throws IOException {
        final MinuteBars bars = MinuteBars.nifty();
        final SessionVwapIndicator vwap = new SessionVwapIndicator();
        final VolumeSpikeIndicator spike = new VolumeSpikeIndicator(20);
        final Candle candle = new Candle();
        for (int i = 0; i < bars.size(); i++) {
            vwap.onCandle(bars.candle(i, candle));
            spike.onCandle(candle);
            assertFalse(vwap.isReady());
            assertTrue(Double.isNaN(vwap.value()));
            assertTrue(i == 0 || Double.isNaN(spike.value()), "0 / 0 volume ratio is NaN, never a spike");
        }
    }
}
