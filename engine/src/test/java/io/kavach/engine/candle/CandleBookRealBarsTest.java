package io.kavach.engine.candle;

import io.kavach.config.time.MarketClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays the real one-minute bars the way the backtest does — four ticks per bar at +0 s (open),
 * +15 s, +30 s (low then high when close >= open, else high then low), +45 s (close), ltq = the
 * bar's volume split over the ticks, vtt cumulative for the day, a timer at 15:30 each day and at
 * the end — and checks every timeframe against the bars aggregated directly.
 */
class CandleBookRealBarsTest {
    private static final long SESSION_OPEN_MS = MarketClock.SESSION_OPEN_MINUTE * MarketClock.MS_PER_MINUTE;
    private static final long SESSION_CLOSE_MS = MarketClock.SESSION_CLOSE_MINUTE * MarketClock.MS_PER_MINUTE;

    @Test
    void shouldRebuildTheAggregatedBarsOfEveryTimeframeFromNiftyTicks() throws IOException {
        checkAllFrames(MinuteBars.nifty());
    }

    @Test
    void shouldRebuildTheAggregatedBarsOfEveryTimeframeFromBankNiftyTicks() throws IOException {
        checkAllFrames(MinuteBars.bankNifty());
    }

    @Test
    void shouldRebuildAggregatedVolumeFromVttWhenBarsCarryVolume() throws IOException {
        final long seed = 20230102L;
        System.out.println("synthetic volume seed " + seed);
        checkAllFrames(MinuteBars.nifty().withSyntheticVolume(seed));
    }

    private static void checkAllFrames(final MinuteBars bars) {
        final CandleBook book = new CandleBook();
        final CandleBookTest.Recorder rec = new CandleBookTest.Recorder();
        book.addListener(rec);
        for (int f = 0; f < Timeframe.count(); f++) {
            book.track(7, Timeframe.of(f));
        }
        replay(bars, book, 7);
        int total = 0;
        for (int f = 0; f < Timeframe.count(); f++) {
            final Timeframe tf = Timeframe.of(f);
            final List<Candle> expected = aggregate(bars, tf);
            final List<Candle> actual = rec.of(tf);
            assertEquals(expected.size(), actual.size(), bars.name + " " + tf.label + " candle count");
            for (int i = 0; i < expected.size(); i++) {
                final Candle e = expected.get(i);
                final Candle a = actual.get(i);
                final String what = bars.name + " " + tf.label + " candle " + i + " starting " + e.startEpochMs;
                assertEquals(e.startEpochMs, a.startEpochMs, what + " start");
                assertEquals(e.endEpochMs, a.endEpochMs, what + " end");
                assertEquals(e.open, a.open, what + " open");
                assertEquals(e.high, a.high, what + " high");
                assertEquals(e.low, a.low, what + " low");
                assertEquals(e.close, a.close, what + " close");
                assertEquals(e.volume, a.volume, what + " volume");
                assertEquals(7, a.instrumentId);
            }
            total += expected.size();
        }
        assertEquals(total, rec.closed.size());
        for (int i = 1; i < rec.closed.size(); i++) {
            final Candle p = rec.closed.get(i - 1);
            final Candle c = rec.closed.get(i);
            assertTrue(p.endEpochMs < c.endEpochMs || (p.endEpochMs == c.endEpochMs && p.timeframe.compareTo(c.timeframe) < 0),
                "closes in time order, shorter frames first, at close #" + i);
        }
        assertEquals(0, book.outOfOrderTicks());
        assertTrue(book.outOfSessionTicks() > 0, "the files' 09:08/09:09 and after-15:30 bars were kept out");
    }

    /** The backtest's bar-to-tick translation, in miniature. */
    static void replay(final MinuteBars bars, final CandleBook book, final int id) {
        long day = Long.MIN_VALUE;
        long vtt = 0;
        boolean closeTimerSent = false;
        for (int i = 0; i < bars.size(); i++) {
            final long start = bars.startEpochMs[i];
            final long barDay = MarketClock.istEpochDay(start);
            if (barDay != day) {
                if (day != Long.MIN_VALUE && !closeTimerSent) {
                    book.onTime(MarketClock.epochMsAt(day, MarketClock.SESSION_CLOSE_MINUTE));
                }
                day = barDay;
                vtt = 0;
                closeTimerSent = false;
            }
            final long closeAt = MarketClock.epochMsAt(day, MarketClock.SESSION_CLOSE_MINUTE);
            if (!closeTimerSent && start >= closeAt) {
                book.onTime(closeAt);
                closeTimerSent = true;
            }
            final boolean up = bars.close[i] >= bars.open[i];
            final long[] prices = {bars.open[i], up ? bars.low[i] : bars.high[i], up ? bars.high[i] : bars.low[i], bars.close[i]};
            final long part = bars.volume[i] / 4;
            for (int k = 0; k < 4; k++) {
                final long ltq = k == 3 ? bars.volume[i] - 3 * part : part;
                vtt += ltq;
                final long t = start + k * 15_000L;
                book.onTick(id, t, prices[k], t, ltq, vtt);
            }
        }
        if (!closeTimerSent) {
            book.onTime(MarketClock.epochMsAt(day, MarketClock.SESSION_CLOSE_MINUTE));
        }
        book.onTime(bars.startEpochMs[bars.size() - 1] + MarketClock.MS_PER_MINUTE);
    }

    /** Session bars grouped straight into frame buckets: the expected candles. */
    static List<Candle> aggregate(final MinuteBars bars, final Timeframe tf) {
        final List<Candle> out = new ArrayList<>();
        Candle cur = null;
        for (int i = 0; i < bars.size(); i++) {
            final long t = bars.startEpochMs[i];
            final long msOfDay = MarketClock.istMillisOfDay(t);
            if (msOfDay < SESSION_OPEN_MS || msOfDay >= SESSION_CLOSE_MS) {
                continue;
            }
            final long dayStart = t - msOfDay;
            final long start;
            final long end;
            if (tf.isIntraday()) {
                final long len = tf.minutes * MarketClock.MS_PER_MINUTE;
                start = dayStart + SESSION_OPEN_MS + (msOfDay - SESSION_OPEN_MS) / len * len;
                end = Math.min(start + len, dayStart + SESSION_CLOSE_MS);
            } else {
                start = dayStart + SESSION_OPEN_MS;
                end = dayStart + SESSION_CLOSE_MS;
            }
            if (cur == null || cur.startEpochMs != start) {
                cur = new Candle();
                cur.timeframe = tf;
                cur.startEpochMs = start;
                cur.endEpochMs = end;
                cur.open = bars.open[i];
                cur.high = bars.high[i];
                cur.low = bars.low[i];
                out.add(cur);
            }
            cur.high = Math.max(cur.high, bars.high[i]);
            cur.low = Math.min(cur.low, bars.low[i]);
            cur.close = bars.close[i];
            cur.volume += bars.volume[i];
        }
        return out;
    }
}
