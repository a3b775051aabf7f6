package io.kavach.benchmarks.indicator;

import io.kavach.config.Prices;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.indicator.EmaIndicator;
import io.kavach.engine.indicator.MacdIndicator;
import io.kavach.engine.indicator.RsiIndicator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;

/**
 * RSI(14) + EMA(9) + MACD(12, 26, 9) per closed candle: fold the candle in and read the five
 * values (RSI, EMA, MACD line, signal, histogram). Kavach's indicators against ta4j 0.17 with
 * {@code DoubleNum} doing the same work, in the same run.
 *
 * <p>Making the ta4j side fair: ta4j's per-candle unit of work is adding a bar to a
 * {@code BarSeries} and reading the indicators at the new end index. Its indicators cache every
 * value and the EMAs/RSI are recursive over that cache, so reading index n after n−1 computes only
 * the new index — incremental, like ours, not a recomputation of the history. The series has a
 * maximum bar count (500, far above every warm-up) so memory stays flat and old cache entries are
 * dropped as in a long-running process. In ta4j's favour, the prices are pre-built {@code Num}s and
 * the indicator objects (including the signal line, which {@code getSignalLine} would create anew)
 * are built once; what remains per candle is what a ta4j user cannot avoid: the bar's end time
 * ({@code ZonedDateTime.plus}) and {@code addBar}. Run with {@code -prof gc} to see B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IndicatorUpdateBenchmark {
    private static final int TA4J_MAX_BARS = 500;
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);

    private CandleStream stream;
    private RsiIndicator rsi;
    private EmaIndicator ema;
    private MacdIndicator macd;

    private Num[] open;
    private Num[] high;
    private Num[] low;
    private Num[] close;
    private Num[] volume;
    private BarSeries series;
    private Indicator<Num> ta4jRsi;
    private Indicator<Num> ta4jEma;
    private MACDIndicator ta4jMacd;
    private Indicator<Num> ta4jSignal;
    private Indicator<Num> ta4jHistogram;
    private ZonedDateTime endTime;
    private int ta4jIndex;

    @Setup(Level.Trial)
    public void setUp() {
        stream = new CandleStream(7);
        rsi = new RsiIndicator(14);
        ema = new EmaIndicator(9);
        macd = new MacdIndicator(12, 26, 9);

        open = nums(stream.open);
        high = nums(stream.high);
        low = nums(stream.low);
        close = nums(stream.close);
        volume = new Num[CandleStream.SIZE];
        for (int i = 0; i < CandleStream.SIZE; i++) {
            volume[i] = DoubleNum.valueOf(stream.volume[i]);
        }
        series = new BaseBarSeriesBuilder().withNumTypeOf(DoubleNum.class).withMaxBarCount(TA4J_MAX_BARS).build();
        final ClosePriceIndicator closePrice = new ClosePriceIndicator(series);
        ta4jRsi = new RSIIndicator(closePrice, 14);
        ta4jEma = new EMAIndicator(closePrice, 9);
        ta4jMacd = new MACDIndicator(closePrice, 12, 26);
        ta4jSignal = ta4jMacd.getSignalLine(9);
        ta4jHistogram = ta4jMacd.getHistogram(9);
        endTime = ZonedDateTime.ofInstant(Instant.ofEpochMilli(stream.start[0]), ZoneId.of("Asia/Kolkata"));
        // Fill the series past every warm-up so both sides measure steady state.
        for (int i = 0; i < 2 * TA4J_MAX_BARS; i++) {
            ta4jAddAndRead();
            kavachUpdate();
        }
    }

    private static Num[] nums(final long[] fixed) {
        final Num[] out = new Num[fixed.length];
        for (int i = 0; i < fixed.length; i++) {
            out[i] = DoubleNum.valueOf(Prices.toDouble(fixed[i]));
        }
        return out;
    }

    private double kavachUpdate() {
        final Candle candle = stream.next();
        rsi.onCandle(candle);
        ema.onCandle(candle);
        macd.onCandle(candle);
        return rsi.value() + ema.value() + macd.value(MacdIndicator.LINE) + macd.value(MacdIndicator.SIGNAL)
            + macd.value(MacdIndicator.HISTOGRAM);
    }

    private double ta4jAddAndRead() {
        final int i = ta4jIndex++ & CandleStream.MASK;
        endTime = endTime.plus(ONE_MINUTE);
        series.addBar(ONE_MINUTE, endTime, open[i], high[i], low[i], close[i], volume[i]);
        final int end = series.getEndIndex();
        return ta4jRsi.getValue(end).doubleValue() + ta4jEma.getValue(end).doubleValue()
            + ta4jMacd.getValue(end).doubleValue() + ta4jSignal.getValue(end).doubleValue()
            + ta4jHistogram.getValue(end).doubleValue();
    }

    @Benchmark
    public void kavach(final Blackhole bh) {
        bh.consume(kavachUpdate());
    }

    @Benchmark
    public void ta4jDoubleNum(final Blackhole bh) {
        bh.consume(ta4jAddAndRead());
    }
}
