package io.kavach.engine.candle;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.indicator.AtrIndicator;
import io.kavach.engine.indicator.BollingerBandsIndicator;
import io.kavach.engine.indicator.EmaIndicator;
import io.kavach.engine.indicator.Indicator;
import io.kavach.engine.indicator.MacdIndicator;
import io.kavach.engine.indicator.RsiIndicator;
import io.kavach.engine.indicator.SessionVwapIndicator;
import io.kavach.engine.indicator.SuperTrendIndicator;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady state allocates nothing: a million ticks over several sessions, four instruments, three
 * timeframes each, every closed candle into RSI, EMA, MACD, VWAP, ATR, Bollinger and SuperTrend,
 * measured with the thread's allocated-bytes counter after a warm-up that lets the JIT settle.
 */
class CandleBookAllocationTest {
    private static final int INSTRUMENTS = 4;
    private static final int MEASURED_TICKS = 1_000_000;
    private static final long STEP_MS = 1000;
    private static final long FIRST_DAY = LocalDate.of(2023, 1, 2).toEpochDay();

    /** Feeds one instrument's candles of one frame to its indicators and reads every output. */
    static final class IndicatorFeed implements CandleListener {
        final Indicator[] indicators = {new RsiIndicator(14), new EmaIndicator(9), new MacdIndicator(12, 26, 9),
            new SessionVwapIndicator(), new AtrIndicator(14), new BollingerBandsIndicator(20, 2), new SuperTrendIndicator(10, 3)};
        double checksum;
        long candles;

        @Override
        public void onCandleClosed(final Candle candle) {
            candles++;
            for (Indicator indicator : indicators) {
                indicator.onCandle(candle);
                for (int k = 0; k < indicator.outputs(); k++) {
                    checksum += indicator.value(k);
                }
            }
        }
    }

    private final CandleBook book = new CandleBook();
    private final IndicatorFeed[] feeds = new IndicatorFeed[INSTRUMENTS * 3];
    private long time = MarketClock.epochMsAt(FIRST_DAY, MarketClock.SESSION_OPEN_MINUTE);
    private long day = FIRST_DAY;
    private long seed = 0x9E3779B97F4A7C15L;
    private final long[] price = new long[INSTRUMENTS];
    private final long[] vtt = new long[INSTRUMENTS];

    /** Ticks round-robin over the instruments every 250 ms of session time; a 15:30 timer ends each day. */
    private void run(final int ticks) {
        for (int n = 0; n < ticks; n++) {
            final int id = n % INSTRUMENTS;
            if (id == 0) {
                time += STEP_MS;
                if (MarketClock.istMinuteOfDay(time) >= MarketClock.SESSION_CLOSE_MINUTE) {
                    book.onTime(MarketClock.epochMsAt(day, MarketClock.SESSION_CLOSE_MINUTE));
                    day++;
                    time = MarketClock.epochMsAt(day, MarketClock.SESSION_OPEN_MINUTE);
                    java.util.Arrays.fill(vtt, 0);
                }
            }
            seed ^= seed << 13;
            seed ^= seed >>> 7;
            seed ^= seed << 17;
            price[id] = Math.max(Prices.toFixed(10), price[id] + ((seed >> 40) % 11) * 50_000L);
            final long ltq = 1 + (seed & 127);
            vtt[id] += ltq;
            book.onTick(id, time, price[id], time, ltq, vtt[id]);
        }
    }

    @Test
    void shouldAllocateNothingPerTickInSteadyState() {
        for (int id = 0; id < INSTRUMENTS; id++) {
            price[id] = Prices.toFixed(1_000 + 500 * id);
            final Timeframe[] frames = {Timeframe.M1, Timeframe.M5, Timeframe.M15};
            for (int f = 0; f < frames.length; f++) {
                feeds[id * 3 + f] = new IndicatorFeed();
                book.addListener(id, frames[f], feeds[id * 3 + f]);
            }
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        run(1_000_000); // warm-up: first ticks, JIT compilation of every path including day ends
        final long overheadBefore = threads.getCurrentThreadAllocatedBytes();
        final long overhead = threads.getCurrentThreadAllocatedBytes() - overheadBefore;
        final long closedBefore = book.candlesClosed();
        final long before = threads.getCurrentThreadAllocatedBytes();
        run(MEASURED_TICKS);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before - overhead;

        long candles = 0;
        double checksum = 0;
        for (IndicatorFeed feed : feeds) {
            candles += feed.candles;
            checksum += feed.checksum;
        }
        System.out.println("measured " + MEASURED_TICKS + " ticks, " + (book.candlesClosed() - closedBefore)
            + " candle closes, allocated " + allocated + " bytes (checksum " + checksum + ")");
        assertTrue(book.candlesClosed() - closedBefore > 10_000, "the measured run closes candles and crosses days");
        assertEquals(book.candlesClosed(), candles);
        assertEquals(0, allocated, "bytes allocated on the logic thread over " + MEASURED_TICKS + " ticks");
    }
}
