package io.kavach.engine.backtest;

import io.kavach.config.time.MarketClock;
import io.kavach.engine.event.TimerType;
import io.kavach.engine.ring.InputPublisher;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * Turns one-minute bars into the ticks a live feed would have delivered and publishes them through
 * the ring like live data. Each bar becomes four ticks at its start +0 s (open), +15 s, +30 s and
 * +45 s (close); the middle two are the low then the high when close ≥ open, else the high then the
 * low. The bar's volume is split over the four ticks (remainder on the close) and carried as a
 * cumulative day volume ({@code vtt}), so candles rebuilt from the ticks hold the bar's volume.
 *
 * <p>Several instruments are interleaved by tick time (every instrument's +0 s tick of a minute, then
 * every +15 s tick, …), so event time never runs backwards. A {@link TimerType#SESSION_CLOSE} timer at
 * 15:30 IST closes each day's last candles, and an {@link TimerType#END_OF_INPUT} timer at the next IST
 * midnight after the last bar flushes everything still open.
 *
 * <p>Threading: runs on the single writer thread (the backtest's main thread).
 */
public final class BarTickSource {
    public static final int PROGRESS_EVERY_TICKS = 1 << 16;
    private static final long[] OFFSETS_MS = {0, 15_000, 30_000, 45_000};

    private final List<BarFile> files;
    private final int[] instrumentIds;
    private final int[] cursor;
    private final long[] dayVolume;
    private final long[] volumeDay;
    private long ticks;
    private long timers;
    private TickObserver observer;

    /** {@code instrumentIds[i]} is the ring id of the instrument whose bars are {@code files.get(i)}. */
    public BarTickSource(final List<BarFile> files, final int[] instrumentIds) {
        if (files.size() != instrumentIds.length) {
            throw new IllegalArgumentException("one instrument id per bar file");
        }
        this.files = files;
        this.instrumentIds = instrumentIds;
        this.cursor = new int[files.size()];
        this.dayVolume = new long[files.size()];
        this.volumeDay = new long[files.size()];
    }

    /**
     * Publishes every bar of every file, in time order, then the end-of-input timer. {@code progress}
     * hears the number of ticks published so far every {@value #PROGRESS_EVERY_TICKS} ticks.
     */
    public void publishAll(final InputPublisher publisher, final LongConsumer progress) {
        publishAll(publisher, progress, null);
    }

    /** Hears each tick right after it was published, on the publishing thread (paper execution hooks in here). */
    @FunctionalInterface
    public interface TickObserver {
        void afterTick(int instrumentId, long eventTimeEpochMs, long price);
    }

    /** As {@link #publishAll(InputPublisher, LongConsumer)}, telling {@code observer} (may be null) about every tick. */
    public void publishAll(final InputPublisher publisher, final LongConsumer progress, final TickObserver observer) {
        this.observer = observer;
        long sessionCloseDone = Long.MIN_VALUE;
        long lastMinute = Long.MIN_VALUE;
        while (true) {
            final long minute = nextMinute();
            if (minute == Long.MAX_VALUE) {
                break;
            }
            // a session-close timer for every day whose 15:30 lies between the previous minute and this one
            if (lastMinute != Long.MIN_VALUE) {
                sessionCloseDone = closeSessionsUpTo(publisher, lastMinute, minute, sessionCloseDone);
            }
            for (int k = 0; k < OFFSETS_MS.length; k++) {
                for (int f = 0; f < files.size(); f++) {
                    final int i = cursor[f];
                    final BarFile bars = files.get(f);
                    if (i < bars.count() && bars.startEpochMs(i) == minute) {
                        publishTick(publisher, progress, f, bars, i, k, minute + OFFSETS_MS[k]);
                    }
                }
            }
            for (int f = 0; f < files.size(); f++) {
                final BarFile bars = files.get(f);
                if (cursor[f] < bars.count() && bars.startEpochMs(cursor[f]) == minute) {
                    cursor[f]++;
                }
            }
            lastMinute = minute;
        }
        if (lastMinute != Long.MIN_VALUE) {
            final long day = MarketClock.istEpochDay(lastMinute);
            final long close = MarketClock.epochMsAt(day, MarketClock.SESSION_CLOSE_MINUTE);
            if (lastMinute < close && sessionCloseDone < close) {
                publisher.publishTimer(close, TimerType.SESSION_CLOSE);
                timers++;
            }
            publisher.publishTimer(MarketClock.istMidnightEpochMs(day + 1), TimerType.END_OF_INPUT);
            timers++;
        }
    }

    private long closeSessionsUpTo(final InputPublisher publisher, final long previousMinute, final long minute,
                                   final long sessionCloseDone) {
        long done = sessionCloseDone;
        for (long day = MarketClock.istEpochDay(previousMinute); day <= MarketClock.istEpochDay(minute); day++) {
            final long close = MarketClock.epochMsAt(day, MarketClock.SESSION_CLOSE_MINUTE);
            if (close > previousMinute && close <= minute && close > done) {
                publisher.publishTimer(close, TimerType.SESSION_CLOSE);
                timers++;
                done = close;
            }
        }
        return done;
    }

    private void publishTick(final InputPublisher publisher, final LongConsumer progress, final int f, final BarFile bars, final int i, final int k,
                             final long timeMs) {
        final boolean up = bars.close(i) >= bars.open(i);
        final long price;
        switch (k) {
            case 0: price = bars.open(i); break;
            case 1: price = up ? bars.low(i) : bars.high(i); break;
            case 2: price = up ? bars.high(i) : bars.low(i); break;
            default: price = bars.close(i); break;
        }
        final long vol = bars.volume(i);
        final long qty = k < 3 ? vol / 4 : vol - 3 * (vol / 4);
        final long day = MarketClock.istEpochDay(timeMs);
        if (volumeDay[f] != day) {
            volumeDay[f] = day;
            dayVolume[f] = 0;
        }
        dayVolume[f] += qty;
        publisher.publishTrade(instrumentIds[f], timeMs, price, qty, dayVolume[f], 0);
        if (observer != null) {
            observer.afterTick(instrumentIds[f], timeMs, price);
        }
        if ((++ticks & (PROGRESS_EVERY_TICKS - 1)) == 0) {
            progress.accept(ticks);
        }
    }

    private long nextMinute() {
        long min = Long.MAX_VALUE;
        for (int f = 0; f < files.size(); f++) {
            final BarFile bars = files.get(f);
            if (cursor[f] < bars.count()) {
                min = Math.min(min, bars.startEpochMs(cursor[f]));
            }
        }
        return min;
    }

    public long ticksPublished() {
        return ticks;
    }

    public long timersPublished() {
        return timers;
    }
}
