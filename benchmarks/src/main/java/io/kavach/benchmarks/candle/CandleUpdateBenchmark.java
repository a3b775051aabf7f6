package io.kavach.benchmarks.candle;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.CandleListener;
import io.kavach.engine.candle.Timeframe;
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

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

/**
 * One tick into the {@link CandleBook}: volume accounting, close checks and OHLC updates for every
 * tracked frame, plus the closes (delivered to a counting listener) the tick causes. Ticks advance
 * 250 ms of session time each, round-robin over 8 instruments, wrapping to the next day's open at
 * 15:30, so a 1m candle closes about every 240 ticks per frame and instrument.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CandleUpdateBenchmark {
    private static final int INSTRUMENTS = 8;
    private static final long STEP_MS = 250;
    private static final long TICKS_PER_SESSION = (MarketClock.SESSION_CLOSE_MINUTE - MarketClock.SESSION_OPEN_MINUTE) * MarketClock.MS_PER_MINUTE / STEP_MS;

    /** Tracked frames per instrument. */
    @Param({"1m", "1m,5m,15m", "all"})
    public String frames;

    private CandleBook book;
    private long firstDay;
    private long n;
    private long price = Prices.toFixed(18_000);
    private long vtt;
    private final Counter counter = new Counter();

    static final class Counter implements CandleListener {
        long closes;
        long lastClose;

        @Override
        public void onCandleClosed(final Candle candle) {
            closes++;
            lastClose = candle.close;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        book = new CandleBook();
        book.addListener(counter);
        for (int id = 0; id < INSTRUMENTS; id++) {
            if (frames.equals("all")) {
                for (int f = 0; f < Timeframe.count(); f++) {
                    book.track(id, Timeframe.of(f));
                }
            } else {
                for (String label : frames.split(",")) {
                    book.track(id, Timeframe.parse(label));
                }
            }
        }
        firstDay = LocalDate.of(2023, 1, 2).toEpochDay();
    }

    @Benchmark
    public long tick() {
        final long round = n / INSTRUMENTS;
        final int id = (int) (n % INSTRUMENTS);
        n++;
        final long day = firstDay + round / TICKS_PER_SESSION;
        final long time = MarketClock.epochMsAt(day, MarketClock.SESSION_OPEN_MINUTE) + (round % TICKS_PER_SESSION) * STEP_MS;
        price += ((n * 0x9E3779B97F4A7C15L) >>> 61) * 50_000L - 150_000L;
        vtt += 10;
        book.onTick(id, time, price, time, 10, vtt);
        return counter.closes;
    }
}
