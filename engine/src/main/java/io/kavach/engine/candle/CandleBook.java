package io.kavach.engine.candle;

import io.kavach.config.time.MarketClock;

import java.util.Arrays;

/**
 * Builds candles per instrument and {@link Timeframe} from ticks, in IST, and hands each closed
 * candle to the registered {@link CandleListener}s.
 *
 * <ul>
 *   <li>Intraday frames are anchored at the 09:15 session open (09:15, 09:20 … for 5m); a frame
 *       that does not divide the session is cut short by the 15:30 close (60m: … 15:15–15:30).</li>
 *   <li>A candle closes when event time reaches its (exclusive) end: a later tick of the same
 *       instrument, or {@link #onTime} for every instrument. Closes are delivered in end-time
 *       order, shorter timeframes first for one end time (on a timer, then instruments in the order
 *       they were first tracked).</li>
 *   <li>Volume is traded quantity: the increase of the day's cumulative volume ({@code vtt}) since
 *       the instrument's previous tick that IST day (first tick of the day: its {@code ltq}); when
 *       the tick has no {@code vtt}, its {@code ltq} if {@code ltt} advanced, else nothing.</li>
 *   <li>Ticks outside the continuous session [09:15, 15:30) stay out of intraday and daily candles
 *       unless configured otherwise; they still close candles whose end they pass.</li>
 *   <li>No empty candles for gaps; ticks older than a frame's current (or last closed) candle are
 *       counted in {@link #outOfOrderTicks()} and ignored for that frame; ticks with a price
 *       {@code <= 0} are counted in {@link #invalidPriceTicks()} and ignored.</li>
 * </ul>
 *
 * <p>Allocation-free per tick: {@link #track} and listener registration allocate (cold path);
 * ticks and timers never do. Listeners must not call back into {@link #onTick}/{@link #onTime}.
 *
 * <p>Threading: owned by the logic thread; not thread-safe.
 */
public final class CandleBook {
    /** Default: pre-open and after-close ticks do not enter intraday candles. */
    public static final boolean DEFAULT_INTRADAY_OUT_OF_SESSION = false;
    /** Default: the daily candle covers the continuous session only, closing at 15:30. */
    public static final boolean DEFAULT_DAILY_OUT_OF_SESSION = false;
    public static final int DEFAULT_EXPECTED_INSTRUMENTS = 64;

    private static final int FRAMES = Timeframe.count();
    private static final long SESSION_OPEN_MS = MarketClock.SESSION_OPEN_MINUTE * MarketClock.MS_PER_MINUTE;
    private static final long SESSION_CLOSE_MS = MarketClock.SESSION_CLOSE_MINUTE * MarketClock.MS_PER_MINUTE;
    private static final CandleListener[] NO_LISTENERS = new CandleListener[0];

    private final boolean intradayOutOfSession;
    private final boolean dailyOutOfSession;
    private InstrumentCandles[] byId;
    /** Ids with at least one tracked frame, in order of first tracking; what {@link #onTime} scans. */
    private int[] trackedIds = new int[16];
    private int trackedIdCount;
    private CandleListener[] listeners = NO_LISTENERS;

    private long ticks;
    private long outOfOrderTicks;
    private long outOfSessionTicks;
    private long invalidPriceTicks;
    private long candlesClosed;

    public CandleBook() {
        this(DEFAULT_EXPECTED_INSTRUMENTS, DEFAULT_INTRADAY_OUT_OF_SESSION, DEFAULT_DAILY_OUT_OF_SESSION);
    }

    /**
     * @param intradayOutOfSession true to build intraday candles from pre-open and after-close ticks
     *                             too (on the same 09:15-anchored grid before the open, on a grid
     *                             anchored at 15:30 after the close)
     * @param dailyOutOfSession    true to make the daily candle the whole IST day [00:00, 24:00),
     *                             closing at midnight, instead of the session [09:15, 15:30)
     */
    public CandleBook(final int expectedInstruments, final boolean intradayOutOfSession, final boolean dailyOutOfSession) {
        this.byId = new InstrumentCandles[Math.max(1, expectedInstruments)];
        this.intradayOutOfSession = intradayOutOfSession;
        this.dailyOutOfSession = dailyOutOfSession;
    }

    /** Starts building {@code timeframe} candles for {@code instrumentId}. Idempotent; cold path. */
    public void track(final int instrumentId, final Timeframe timeframe) {
        state(instrumentId).trackedMask |= 1 << timeframe.ordinal();
    }

    public boolean isTracked(final int instrumentId, final Timeframe timeframe) {
        return instrumentId >= 0 && instrumentId < byId.length && byId[instrumentId] != null
            && (byId[instrumentId].trackedMask & (1 << timeframe.ordinal())) != 0;
    }

    /** Receives every closed candle of every instrument and frame, after the per-instrument listeners. Cold path. */
    public void addListener(final CandleListener listener) {
        listeners = append(listeners, listener);
    }

    /** Tracks the frame and receives only its closed candles for that instrument. Cold path. */
    public void addListener(final int instrumentId, final Timeframe timeframe, final CandleListener listener) {
        track(instrumentId, timeframe);
        final InstrumentCandles s = byId[instrumentId];
        s.listeners[timeframe.ordinal()] = append(s.listeners[timeframe.ordinal()], listener);
    }

    /** The forming (not yet closed) candle, or null when none is open. Do not modify or retain it. */
    public Candle current(final int instrumentId, final Timeframe timeframe) {
        if (instrumentId < 0 || instrumentId >= byId.length || byId[instrumentId] == null) {
            return null;
        }
        final InstrumentCandles s = byId[instrumentId];
        return (s.openMask & 1 << timeframe.ordinal()) != 0 ? s.candles[timeframe.ordinal()] : null;
    }

    /**
     * One market tick. {@code price} is fixed point; {@code ltq}, {@code vtt} and {@code lttEpochMs}
     * are 0 when the tick does not carry them. Untracked instruments are ignored.
     */
    public void onTick(final int instrumentId, final long eventTimeEpochMs, final long price, final long lttEpochMs,
                       final long ltq, final long vtt) {
        if (instrumentId < 0 || instrumentId >= byId.length) {
            return;
        }
        final InstrumentCandles s = byId[instrumentId];
        if (s == null || s.trackedMask == 0) {
            return;
        }
        ticks++;
        if (price <= 0) {
            invalidPriceTicks++;
            return;
        }
        closeDue(s, eventTimeEpochMs);
        final long volume = tradedVolume(s, eventTimeEpochMs, lttEpochMs, ltq, vtt);

        // where the tick falls in its IST day matters only to a frame that opens a candle: most ticks open none
        long msOfDay = -1;
        long dayStart = 0;
        boolean inSession = false;
        boolean excluded = false;
        boolean outOfOrder = false;
        int mask = s.trackedMask;
        while (mask != 0) {
            final int f = Integer.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            final Candle c = s.candles[f];
            if ((s.openMask & 1 << f) != 0) {
                // closeDue left only candles ending after now, so start <= now means "this candle"
                if (eventTimeEpochMs >= c.startEpochMs) {
                    if (price > c.high) {
                        c.high = price;
                    }
                    if (price < c.low) {
                        c.low = price;
                    }
                    c.close = price;
                    c.volume += volume;
                    c.tickCount++;
                } else {
                    outOfOrder = true;
                }
                continue;
            }
            if (msOfDay < 0) {
                msOfDay = MarketClock.istMillisOfDay(eventTimeEpochMs);
                dayStart = eventTimeEpochMs - msOfDay;
                inSession = msOfDay >= SESSION_OPEN_MS && msOfDay < SESSION_CLOSE_MS;
            }
            final Timeframe tf = Timeframe.of(f);
            final long start;
            final long end;
            if (tf.isIntraday()) {
                if (!inSession && !intradayOutOfSession) {
                    excluded = true;
                    continue;
                }
                final long len = tf.minutes * MarketClock.MS_PER_MINUTE;
                if (inSession) {
                    start = dayStart + SESSION_OPEN_MS + (msOfDay - SESSION_OPEN_MS) / len * len;
                    end = Math.min(start + len, dayStart + SESSION_CLOSE_MS);
                } else if (msOfDay < SESSION_OPEN_MS) {
                    start = Math.max(dayStart, dayStart + SESSION_OPEN_MS + Math.floorDiv(msOfDay - SESSION_OPEN_MS, len) * len);
                    end = dayStart + SESSION_OPEN_MS + (Math.floorDiv(msOfDay - SESSION_OPEN_MS, len) + 1) * len;
                } else {
                    start = dayStart + SESSION_CLOSE_MS + (msOfDay - SESSION_CLOSE_MS) / len * len;
                    end = Math.min(start + len, dayStart + MarketClock.MS_PER_DAY);
                }
            } else if (dailyOutOfSession) {
                start = dayStart;
                end = dayStart + MarketClock.MS_PER_DAY;
            } else {
                if (!inSession) {
                    excluded = true;
                    continue;
                }
                start = dayStart + SESSION_OPEN_MS;
                end = dayStart + SESSION_CLOSE_MS;
            }
            if (eventTimeEpochMs < s.floorEpochMs[f]) {
                outOfOrder = true;
                continue;
            }
            s.openMask |= 1 << f;
            s.floorEpochMs[f] = start;
            if (end < s.earliestEndEpochMs) {
                s.earliestEndEpochMs = end;
            }
            c.startEpochMs = start;
            c.endEpochMs = end;
            c.open = price;
            c.high = price;
            c.low = price;
            c.close = price;
            c.volume = volume;
            c.tickCount = 1;
        }
        if (excluded) {
            outOfSessionTicks++;
        }
        if (outOfOrder) {
            outOfOrderTicks++;
        }
    }

    /** A journaled timer: closes every candle of every instrument whose end is at or before {@code eventTimeEpochMs}. */
    public void onTime(final long eventTimeEpochMs) {
        while (true) {
            long minEnd = Long.MAX_VALUE;
            for (int i = 0; i < trackedIdCount; i++) {
                minEnd = Math.min(minEnd, earliestDueEnd(byId[trackedIds[i]], eventTimeEpochMs));
            }
            if (minEnd == Long.MAX_VALUE) {
                return;
            }
            for (int f = 0; f < FRAMES; f++) {
                for (int i = 0; i < trackedIdCount; i++) {
                    final InstrumentCandles s = byId[trackedIds[i]];
                    if ((s.openMask & 1 << f) != 0 && s.candles[f].endEpochMs == minEnd) {
                        close(s, f);
                    }
                }
            }
        }
    }

    public long ticks() {
        return ticks;
    }

    public long outOfOrderTicks() {
        return outOfOrderTicks;
    }

    /** Ticks kept out of at least one tracked frame because they fell outside the session. */
    public long outOfSessionTicks() {
        return outOfSessionTicks;
    }

    public long invalidPriceTicks() {
        return invalidPriceTicks;
    }

    public long candlesClosed() {
        return candlesClosed;
    }

    private void closeDue(final InstrumentCandles s, final long nowEpochMs) {
        if (nowEpochMs < s.earliestEndEpochMs) {
            return;
        }
        long end;
        while ((end = earliestDueEnd(s, nowEpochMs)) != Long.MAX_VALUE) {
            for (int f = 0; f < FRAMES; f++) {
                if ((s.openMask & 1 << f) != 0 && s.candles[f].endEpochMs == end) {
                    close(s, f);
                }
            }
        }
    }

    private static long earliestDueEnd(final InstrumentCandles s, final long nowEpochMs) {
        if (nowEpochMs < s.earliestEndEpochMs) {
            return Long.MAX_VALUE;
        }
        long min = Long.MAX_VALUE;
        for (int f = 0; f < FRAMES; f++) {
            if ((s.openMask & 1 << f) != 0) {
                final long end = s.candles[f].endEpochMs;
                if (end <= nowEpochMs && end < min) {
                    min = end;
                }
            }
        }
        return min;
    }

    private void close(final InstrumentCandles s, final int f) {
        final Candle c = s.candles[f];
        s.openMask &= ~(1 << f);
        s.floorEpochMs[f] = c.endEpochMs;
        long earliest = Long.MAX_VALUE;
        for (int g = 0; g < FRAMES; g++) {
            if ((s.openMask & 1 << g) != 0 && s.candles[g].endEpochMs < earliest) {
                earliest = s.candles[g].endEpochMs;
            }
        }
        s.earliestEndEpochMs = earliest;
        candlesClosed++;
        final CandleListener[] own = s.listeners[f];
        for (int i = 0; i < own.length; i++) {
            own[i].onCandleClosed(c);
        }
        final CandleListener[] all = listeners;
        for (int i = 0; i < all.length; i++) {
            all[i].onCandleClosed(c);
        }
    }

    private static long tradedVolume(final InstrumentCandles s, final long eventTimeEpochMs, final long lttEpochMs,
                                     final long ltq, final long vtt) {
        if (eventTimeEpochMs < s.volumeDayStartEpochMs || eventTimeEpochMs >= s.volumeDayEndEpochMs) {
            // another IST day (a comparison per tick; the division only when the day changes)
            s.volumeDayStartEpochMs = MarketClock.istMidnightEpochMs(MarketClock.istEpochDay(eventTimeEpochMs));
            s.volumeDayEndEpochMs = s.volumeDayStartEpochMs + MarketClock.MS_PER_DAY;
            s.vttBase = 0;
            s.lastLttEpochMs = Long.MIN_VALUE;
        }
        long volume = 0;
        if (vtt > 0) {
            // vtt is cumulative: the max seen so far is the baseline, so an out-of-order or glitching
            // lower vtt adds nothing and does not make the next tick count twice.
            volume = s.vttBase == 0 ? Math.max(0, ltq) : Math.max(0, vtt - s.vttBase);
            s.vttBase = Math.max(s.vttBase, vtt);
        } else if (lttEpochMs > s.lastLttEpochMs && ltq > 0) {
            volume = ltq;
        }
        if (lttEpochMs > s.lastLttEpochMs) {
            s.lastLttEpochMs = lttEpochMs;
        }
        return volume;
    }

    private InstrumentCandles state(final int instrumentId) {
        if (instrumentId < 0) {
            throw new IllegalArgumentException("instrument id must be >= 0, was " + instrumentId);
        }
        if (instrumentId >= byId.length) {
            byId = Arrays.copyOf(byId, Math.max(instrumentId + 1, byId.length * 2));
        }
        InstrumentCandles s = byId[instrumentId];
        if (s == null) {
            s = new InstrumentCandles(instrumentId);
            byId[instrumentId] = s;
            if (trackedIdCount == trackedIds.length) {
                trackedIds = Arrays.copyOf(trackedIds, trackedIdCount * 2);
            }
            trackedIds[trackedIdCount++] = instrumentId;
        }
        return s;
    }

    private static CandleListener[] append(final CandleListener[] array, final CandleListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        final CandleListener[] grown = Arrays.copyOf(array, array.length + 1);
        grown[array.length] = listener;
        return grown;
    }

    /** Per-instrument state; arrays indexed by {@link Timeframe#ordinal()}. */
    private static final class InstrumentCandles {
        int trackedMask;
        final Candle[] candles = new Candle[FRAMES];
        /** Bit f set while frame f has a forming candle. */
        int openMask;
        /** Earliest event time a tick may have to enter the frame: current candle start, else last closed end. */
        final long[] floorEpochMs = new long[FRAMES];
        /** Smallest end among open candles (MAX_VALUE when none): most ticks close nothing and stop here. */
        long earliestEndEpochMs = Long.MAX_VALUE;
        final CandleListener[][] listeners = new CandleListener[FRAMES][];
        /** The IST day the volume baseline belongs to, [start, end); empty until the first tick. */
        long volumeDayStartEpochMs = Long.MAX_VALUE;
        long volumeDayEndEpochMs = Long.MIN_VALUE;
        long vttBase;
        long lastLttEpochMs = Long.MIN_VALUE;

        InstrumentCandles(final int instrumentId) {
            for (int f = 0; f < FRAMES; f++) {
                final Candle c = new Candle();
                c.instrumentId = instrumentId;
                c.timeframe = Timeframe.of(f);
                candles[f] = c;
                listeners[f] = NO_LISTENERS;
                floorEpochMs[f] = Long.MIN_VALUE;
            }
        }
    }
}
