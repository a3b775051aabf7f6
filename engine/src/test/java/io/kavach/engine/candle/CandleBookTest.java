package io.kavach.engine.candle;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandleBookTest {
    private static final long DAY = LocalDate.of(2023, 1, 2).toEpochDay();
    private static final int A = 0;
    private static final int B = 1;

    /** Epoch ms of IST {@code hh:mm:ss} on {@code day}. */
    static long at(final long day, final String hhmmss) {
        final String[] p = hhmmss.split(":");
        return MarketClock.epochMsAt(day, Integer.parseInt(p[0]) * 60 + Integer.parseInt(p[1]))
            + (p.length > 2 ? Integer.parseInt(p[2]) * 1000L : 0);
    }

    static long at(final String hhmmss) {
        return at(DAY, hhmmss);
    }

    static long px(final double rupees) {
        return Prices.toFixed(rupees);
    }

    /** Records copies of closed candles. */
    static final class Recorder implements CandleListener {
        final List<Candle> closed = new ArrayList<>();

        @Override
        public void onCandleClosed(final Candle candle) {
            final Candle copy = new Candle();
            copy.copyFrom(candle);
            closed.add(copy);
        }

        List<Candle> of(final Timeframe tf) {
            final List<Candle> out = new ArrayList<>();
            for (Candle c : closed) {
                if (c.timeframe == tf) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    private static void tick(final CandleBook book, final int id, final String time, final double price) {
        book.onTick(id, at(time), px(price), at(time), 0, 0);
    }

    private static void assertCandle(final Candle c, final Timeframe tf, final String start, final String end,
                                     final double o, final double h, final double l, final double cl) {
        assertEquals(tf, c.timeframe);
        assertEquals(at(start), c.startEpochMs, "start of " + tf);
        assertEquals(at(end), c.endEpochMs, "end of " + tf);
        assertEquals(px(o), c.open, "open");
        assertEquals(px(h), c.high, "high");
        assertEquals(px(l), c.low, "low");
        assertEquals(px(cl), c.close, "close");
    }

    @Test
    void shouldAnchorFiveMinuteCandlesAtSessionOpenAndCloseOnTheFirstTickAtTheirEnd() {
        final CandleBook book = new CandleBook();
        final Recorder rec = new Recorder();
        book.addListener(A, Timeframe.M5, rec);
        tick(book, A, "09:15:00", 100);
        tick(book, A, "09:17:10", 103);
        tick(book, A, "09:18:00", 99);
        tick(book, A, "09:19:59", 101);
        assertTrue(rec.closed.isEmpty(), "nothing closes before 09:20");
        assertEquals(px(101), book.current(A, Timeframe.M5).close);
        tick(book, A, "09:20:00", 102);
        assertEquals(1, rec.closed.size());
        assertCandle(rec.closed.get(0), Timeframe.M5, "09:15", "09:20", 100, 103, 99, 101);
        assertEquals(4, rec.closed.get(0).tickCount);
        assertEquals(at("09:20"), book.current(A, Timeframe.M5).startEpochMs);
    }

    @Test
    void shouldCutTheLastSixtyMinuteCandleShortAtTheCloseAndCloseItOnTheTimer() {
        final CandleBook book = new CandleBook();
        final Recorder rec = new Recorder();
        book.addListener(A, Timeframe.M60, rec);
        book.addListener(A, Timeframe.D1, rec);
        tick(book, A, "09:15:00", 100);
        tick(book, A, "10:14:59", 110);
        tick(book, A, "10:15:00", 111);
        tick(book, A, "15:20:00", 90);
        tick(book, A, "15:29:59", 95);
        book.onTime(at("15:29:59"));
        assertEquals(2, rec.closed.size(), "09:15 and 10:15 hours closed by ticks, nothing by an early timer");
        assertCandle(rec.closed.get(0), Timeframe.M60, "09:15", "10:15", 100, 110, 100, 110);
        assertCandle(rec.closed.get(1), Timeframe.M60, "10:15", "11:15", 111, 111, 111, 111);
        book.onTime(at("15:30:00"));
        assertEquals(4, rec.closed.size());
        assertCandle(rec.closed.get(2), Timeframe.M60, "15:15", "15:30", 90, 95, 90, 95);
        assertCandle(rec.closed.get(3), Timeframe.D1, "09:15", "15:30", 100, 111, 90, 95);
        assertNull(book.current(A, Timeframe.M60));
    }

    @Test
    void shouldCloseOnATimerForAllInstrumentsInTimeOrderShorterFramesFirst() {
        final CandleBook book = new CandleBook();
        final Recorder rec = new Recorder();
        book.addListener(rec);
        for (int id : new int[]{B, A}) {
            book.track(id, Timeframe.M15);
            book.track(id, Timeframe.M1);
            book.track(id, Timeframe.M5);
        }
        tick(book, B, "09:29:10", 200);
        tick(book, A, "09:29:20", 100);
        book.onTime(at("09:30:00"));
        assertEquals(6, rec.closed.size());
        final Timeframe[] frames = {Timeframe.M1, Timeframe.M1, Timeframe.M5, Timeframe.M5, Timeframe.M15, Timeframe.M15};
        for (int i = 0; i < 6; i++) {
            final Candle c = rec.closed.get(i);
            assertEquals(frames[i], c.timeframe, "close #" + i);
            assertEquals(i % 2 == 0 ? B : A, c.instrumentId, "instruments in tracking order within a frame, close #" + i);
            assertEquals(at("09:30"), c.endEpochMs);
        }
        assertEquals(6, book.candlesClosed());
    }

    @Test
    void shouldDeliverTheClosesOfOneTickInEndTimeOrderShorterFramesFirst() {
        final CandleBook book = new CandleBook();
        final Recorder rec = new Recorder();
        book.addListener(rec);
        book.track(A, Timeframe.M10);
        book.track(A, Timeframe.M3);
        book.track(A, Timeframe.M5);
        book.track(A, Timeframe.M1);
        tick(book, A, "09:24:30", 100);
        tick(book, A, "09:40:00", 101); // passes every end: 1m 09:25, 3m 09:27, 5m 09:25, 10m 09:25
        final String[] order = {"1m@09:25", "5m@09:25", "10m@09:25", "3m@09:27"};
        assertEquals(order.length, rec.closed.size());
        for (int i = 0; i < order.length; i++) {
            final Candle c = rec.closed.get(i);
            final String end = order[i].substring(order[i].indexOf('@') + 1);
            assertEquals(order[i], c.timeframe.label + "@" + end);
            assertEquals(at(end), c.endEpochMs, order[i]);
        }
    }

    @Test
    void shouldProduceNoEmptyCandlesForMinutesWithoutTicks() {
        final CandleBook book = new CandleBook();
        final Recorder rec = new Recorder();
        book.addListener(A, Timeframe.M1, rec);
        tick(book, A, "09:16:05", 100);
        tick(book, A, "09:31:05", 101);
        book.onTime(at("09:40"));
        assertEquals(2, rec.closed.size(), "the 14 silent minutes make no candles");
        assertCandle(rec.closed.get(0), Timeframe.M1, "09:16", "09:17", 100, 100, 100, 100);
        assertCandle(rec.closed.get(1), Timeframe.M1, "09:31", "09:32", 101, 101, 101, 101);
    }

    @Test
    void shouldTakeVolumeFromVttIncreasesAndFromLtqOnlyWhenTheTradeIsNew() {
        final CandleBook book = new CandleBook();
        final Recorder rec = new Recorder();
        book.addListener(A, Timeframe.M1, rec);
        book.addListener(B, Timeframe.M1, rec);
        // A carries vtt: first tick of the day counts its ltq, then the vtt increase.
        book.onTick(A, at("09:15:01"), px(100), at("09:15:01"), 7, 5_000);
        book.onTick(A, at("09:15:02"), px(100), at("09:15:02"), 3, 5_030);
        book.onTick(A, at("09:15:03"), px(100), at("09:15:02"), 3, 5_030); // quote update, vtt unchanged
        book.onTick(A, at("09:15:04"), px(100), at("09:15:04"), 5, 5_010); // vtt went back: adds nothing
        book.onTick(A, at("09:15:05"), px(100), at("09:15:05"), 5, 5_040); // +10 over the highest vtt seen
        // B has no vtt: ltq when ltt advances, nothing for a repeat of the last trade.
        book.onTick(B, at("09:15:01"), px(50), at("09:15:01"), 4, 0);
        book.onTick(B, at("09:15:02"), px(50), at("09:15:01"), 4, 0);
        book.onTick(B, at("09:15:03"), px(50), at("09:15:03"), 6, 0);
        book.onTime(at("09:16"));
        assertEquals(7 + 30 + 0 + 0 + 10, rec.of(Timeframe.M1).get(0).volume);
        assertEquals(4 + 0 + 6, rec.of(Timeframe.M1).get(1).volume);
        // Next day the vtt baseline starts over: the first tick counts its ltq, not 20 - 5040.
        final long nextDay = DAY + 1;
        book.onTick(A, at(nextDay, "09:15:01"), px(100), at(nextDay, "09:15:01"), 20, 20);
        book.onTick(A, at(nextDay, "09:15:02"), px(100), at(nextDay, "09:15:02"), 5, 25);
        book.onTime(at(nextDay, "09:16"));
        assertEquals(25, rec.closed.get(2).volume);
    }

    @Test
    void shouldKeepPreOpenAndAfterCloseTicksOutOfIntradayAndDailyCandlesByDefault() {
        final CandleBook book = new CandleBook();
        final Recorder rec = new Recorder();
        book.addListener(A, Timeframe.M5, rec);
        book.addListener(A, Timeframe.D1, rec);
        book.onTick(A, at("09:09:00"), px(90), at("09:09:00"), 100, 100); // the pre-open bar
        assertNull(book.current(A, Timeframe.M5));
        assertNull(book.current(A, Timeframe.D1));
        book.onTick(A, at("09:16:00"), px(100), at("09:16:00"), 10, 110);
        book.onTick(A, at("15:29:00"), px(104), at("15:29:00"), 10, 120);
        book.onTick(A, at("15:31:00"), px(120), at("15:31:00"), 10, 130); // after the close: closes, joins nothing
        assertNull(book.current(A, Timeframe.M5));
        assertNull(book.current(A, Timeframe.D1));
        book.onTime(at("15:35:00"));
        final List<Candle> fives = rec.of(Timeframe.M5);
        assertEquals(2, fives.size());
        assertCandle(fives.get(0), Timeframe.M5, "09:15", "09:20", 100, 100, 100, 100);
        assertEquals(10, fives.get(0).volume, "pre-open volume stays out; the vtt baseline still moves");
        assertCandle(fives.get(1), Timeframe.M5, "15:25", "15:30", 104, 104, 104, 104);
        final Candle day = rec.of(Timeframe.D1).get(0);
        assertCandle(day, Timeframe.D1, "09:15", "15:30", 100, 104, 100, 104);
        assertEquals(20, day.volume);
        assertEquals(2, book.outOfSessionTicks());
    }

    @Test
    void shouldPutOutOfSessionTicksIntoCandlesWhenConfigured() {
        final CandleBook book = new CandleBook(4, true, true);
        final Recorder rec = new Recorder();
        book.addListener(rec);
        book.track(A, Timeframe.M5);
        book.track(A, Timeframe.M60);
        book.track(A, Timeframe.D1);
        tick(book, A, "09:09:00", 90);
        assertEquals(at("09:05"), book.current(A, Timeframe.M5).startEpochMs, "pre-open on the 09:15 grid");
        assertEquals(at("09:10"), book.current(A, Timeframe.M5).endEpochMs);
        assertEquals(at("08:15"), book.current(A, Timeframe.M60).startEpochMs);
        assertEquals(at("09:15"), book.current(A, Timeframe.M60).endEpochMs);
        assertEquals(at("00:00"), book.current(A, Timeframe.D1).startEpochMs, "extended daily candle is the IST day");
        tick(book, A, "09:16:00", 100);
        tick(book, A, "15:31:00", 120);
        assertEquals(at("15:30"), book.current(A, Timeframe.M5).startEpochMs, "after close on a 15:30 grid");
        assertEquals(at("15:30"), book.current(A, Timeframe.M60).startEpochMs);
        book.onTime(at(DAY + 1, "00:00"));
        final Candle day = rec.of(Timeframe.D1).get(0);
        assertEquals(at("00:00"), day.startEpochMs);
        assertEquals(at(DAY + 1, "00:00"), day.endEpochMs);
        assertEquals(px(90), day.open);
        assertEquals(px(120), day.high);
        assertEquals(px(90), day.low);
        assertEquals(px(120), day.close);
        assertEquals(0, book.outOfSessionTicks());
    }

    private static void assertCandleEnd(final Candle c, final long end) {
        assertEquals(end, c.endEpochMs);
    }

    @Test
    void shouldCountAndIgnoreTicksOlderThanTheCurrentCandle() {
        final CandleBook book = new CandleBook();
        final Recorder rec = new Recorder();
        book.addListener(rec);
        book.track(A, Timeframe.M1);
        book.track(A, Timeframe.M5);
        tick(book, A, "09:20:30", 100);
        tick(book, A, "09:19:00", 50); // before both current candles
        assertEquals(1, book.outOfOrderTicks());
        assertEquals(px(100), book.current(A, Timeframe.M1).low);
        assertEquals(px(100), book.current(A, Timeframe.M5).low);
        tick(book, A, "09:20:10", 101); // late but inside both current candles: fine
        assertEquals(1, book.outOfOrderTicks());
        assertEquals(px(101), book.current(A, Timeframe.M1).close);
        book.onTime(at("09:21:00"));
        assertEquals(1, rec.closed.size());
        tick(book, A, "09:20:50", 99); // its minute was closed by the timer; the 5m candle still takes it
        assertEquals(2, book.outOfOrderTicks());
        assertNull(book.current(A, Timeframe.M1));
        assertEquals(px(99), book.current(A, Timeframe.M5).low);
        assertCandleEnd(rec.closed.get(0), at("09:21"));
    }

    @Test
    void shouldIgnoreNonPositivePricesAndUntrackedInstruments() {
        final CandleBook book = new CandleBook();
        final Recorder rec = new Recorder();
        book.addListener(A, Timeframe.M1, rec);
        tick(book, A, "09:15:10", 100);
        book.onTick(A, at("09:15:20"), 0, at("09:15:20"), 5, 0);
        book.onTick(A, at("09:15:30"), -px(5), at("09:15:30"), 5, 0);
        tick(book, B, "09:15:30", 1);
        tick(book, 1_000_000, "09:15:30", 1);
        assertEquals(2, book.invalidPriceTicks());
        assertEquals(px(100), book.current(A, Timeframe.M1).low);
        assertNull(book.current(B, Timeframe.M1));
        assertTrue(!book.isTracked(A, Timeframe.M5) && book.isTracked(A, Timeframe.M1));
        assertSame(null, book.current(A, Timeframe.M5));
    }

    @Test
    void shouldCallInstrumentListenersBeforeGlobalOnesAndOnlyForTheirFrame() {
        final CandleBook book = new CandleBook();
        final List<String> calls = new ArrayList<>();
        book.addListener(c -> calls.add("global " + c.timeframe.label));
        book.addListener(A, Timeframe.M1, c -> calls.add("A 1m"));
        book.addListener(A, Timeframe.M3, c -> calls.add("A 3m"));
        tick(book, A, "09:15:00", 100);
        book.onTime(at("09:16:00"));
        assertEquals(List.of("A 1m", "global 1m"), calls);
        book.onTime(at("09:18:00"));
        assertEquals(List.of("A 1m", "global 1m", "A 3m", "global 3m"), calls);
    }
}
