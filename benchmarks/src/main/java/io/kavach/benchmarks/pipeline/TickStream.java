package io.kavach.benchmarks.pipeline;

import io.kavach.config.time.MarketClock;
import io.kavach.engine.pipeline.TickFrames;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.LocalDate;

/**
 * An endless, deterministic market: ticks round-robin over {@code instruments} (keys
 * {@code NSE_FO|43000…}), {@code stepMs} of session time apart ({@link #STEP_MS} by default), wrapping from 15:30 to the next
 * day's 09:15, prices on a seeded random walk in 0.05 steps. {@link #next()} rewrites and returns
 * the instrument's V3 frame ({@link TickFrames}); nothing is allocated per tick.
 *
 * <p>Threading: the publishing thread.
 */
public final class TickStream {
    public static final long STEP_MS = 25;
    private static final long SESSION_MS = (MarketClock.SESSION_CLOSE_MINUTE - MarketClock.SESSION_OPEN_MINUTE) * MarketClock.MS_PER_MINUTE;

    private final long stepMs;
    private final String[] keys;
    private final TickFrames frames;
    private final double[] price;
    private final long firstDay = LocalDate.of(2024, 1, 1).toEpochDay();
    private long n;
    private long random;
    private int instrument;
    private long time;

    public TickStream(final int instruments, final long seed) {
        this(instruments, seed, STEP_MS);
    }

    public TickStream(final int instruments, final long seed, final long stepMs) {
        this(instruments, seed, stepMs, true);
    }

    /** With {@code mixed} false, LTPC frames only; else LTPC and full_d5 frames alternate ({@link TickFrames}). */
    public TickStream(final int instruments, final long seed, final long stepMs, final boolean mixed) {
        this.stepMs = stepMs;
        keys = new String[instruments];
        price = new double[instruments];
        for (int i = 0; i < instruments; i++) {
            keys[i] = "NSE_FO|" + (43_000 + i);
            price[i] = 1_000 + 25 * i;
        }
        frames = new TickFrames(keys, mixed);
        random = seed == 0 ? 1 : seed;
    }

    public String[] keys() {
        return keys.clone();
    }

    /** The next tick's frame (valid until the next call for the same instrument). */
    public UnsafeBuffer next() {
        advance();
        return frames.frame(instrument, time, price[instrument]);
    }

    /**
     * Moves to the next tick without writing its frame: {@link #instrument()}, {@link #time()} and
     * {@link #price(int)} describe it (what a benchmark that starts after decode writes into its event).
     */
    public void advance() {
        final int i = (int) (n % keys.length);
        final long sessionMs = n * stepMs;
        n++;
        time = MarketClock.epochMsAt(firstDay + sessionMs / SESSION_MS, MarketClock.SESSION_OPEN_MINUTE) + sessionMs % SESSION_MS;
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        price[i] = Math.max(10.0, price[i] + ((random >>> 61) - 3.5) * 0.05);
        instrument = i;
    }

    /** The event time of the last tick, epoch ms. */
    public long time() {
        return time;
    }

    /** The instrument index of the frame {@link #next()} returned last. */
    public int instrument() {
        return instrument;
    }

    /** The price of instrument {@code i}'s last tick, in rupees. */
    public double price(final int i) {
        return price[i];
    }
}
