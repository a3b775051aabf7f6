package io.kavach.benchmarks.indicator;

import io.kavach.engine.indicator.Indicator;
import io.kavach.engine.indicator.IndicatorSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One Kavach indicator per run (by backtest spec): fold a closed candle in and read every output.
 * Steady state: the indicator is past warm-up before measurement starts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EachIndicatorUpdateBenchmark {
    @Param({"sma:20", "ema:9", "rsi:14", "macd:12:26:9", "ema_crossover:9:21", "atr:14", "bollinger:20:2",
        "supertrend:10:3", "vwap", "volume_spike:20"})
    public String spec;

    private CandleStream stream;
    private Indicator indicator;
    private int outputs;

    @Setup(Level.Trial)
    public void setUp() {
        stream = new CandleStream(11);
        indicator = IndicatorSpec.parse(spec).create();
        outputs = indicator.outputs();
        for (int i = 0; i < 1_000; i++) {
            indicator.onCandle(stream.next());
        }
    }

    @Benchmark
    public double update() {
        indicator.onCandle(stream.next());
        double sum = 0;
        for (int k = 0; k < outputs; k++) {
            sum += indicator.value(k);
        }
        return sum;
    }
}
