package io.kavach.sim.scenario;

import io.kavach.sim.market.SimMarket;
import io.kavach.sim.record.ErrorLog;
import io.netty.channel.EventLoop;

import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Plays a {@link Scenario} into the {@link SimMarket} at {@code speed} times real time: a tick at
 * market time t is due on the wall clock (pace-start + paced(t) / speed), where gaps between ticks
 * longer than {@code maxPacedGapMs} (nights, missing minutes beyond it) are paced as that gap.
 * Ticks sharing one market time go out as one batch (one frame per client). Infinite speed plays as
 * fast as the clients read. Actions scheduled at a market time run once the market reaches it.
 *
 * <p>Reads the wall clock (System.nanoTime) only for pacing; event time is always the scenario's.
 * Owned by the simulator's event loop; the public methods hop onto it.
 */
public final class ScenarioDriver {
    /** Batches played per loop task before yielding to socket I/O. */
    private static final int BATCHES_PER_RUN = 256;
    private static final long BACKPRESSURE_RETRY_MS = 1;

    private record TimedAction(long marketTimeMs, long seq, Runnable action) {
    }

    private final EventLoop loop;
    private final ErrorLog errors;
    private final Scenario scenario;
    private final SimMarket market;
    private final BooleanSupplier clientsWritable;
    private final double speed;
    private final long maxPacedGapMs;
    private final Tick next = new Tick();
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private final PriorityQueue<TimedAction> actions = new PriorityQueue<>(
        (a, b) -> a.marketTimeMs != b.marketTimeMs ? Long.compare(a.marketTimeMs, b.marketTimeMs) : Long.compare(a.seq, b.seq));
    private long actionSeq;
    private boolean haveNext;
    private boolean paused;
    private boolean runScheduled;
    private long pacedMs;
    private long lastTickTimeMs = Long.MIN_VALUE;
    private long paceStartNanos;
    private long pacedAtStartMs;
    private long ticksPlayed;

    public ScenarioDriver(final EventLoop loop, final Scenario scenario, final SimMarket market,
                          final BooleanSupplier clientsWritable, final double speed, final long maxPacedGapMs,
                          final ErrorLog errors) {
        this.errors = errors;
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0 (Double.POSITIVE_INFINITY plays as fast as possible)");
        }
        this.loop = loop;
        this.scenario = scenario;
        this.market = market;
        this.clientsWritable = clientsWritable;
        this.speed = speed;
        this.maxPacedGapMs = maxPacedGapMs;
        market.addListener(new SimMarket.MarketListener() {
            @Override
            public void onBatch(final long marketTimeMs, final java.util.List<io.kavach.sim.market.SimInstrument> changed) {
            }

            @Override
            public void onMarketTime(final long marketTimeMs) {
                runDueActions(marketTimeMs);
            }
        });
    }

    /** Starts (or resumes) pacing from now. */
    public void start(final boolean startPaused) {
        loop.execute(() -> {
            paused = startPaused;
            restartPace();
            schedule(0);
        });
    }

    public void pause() {
        loop.execute(() -> paused = true);
    }

    public void resume() {
        loop.execute(() -> {
            if (paused) {
                paused = false;
                restartPace();
                schedule(0);
            }
        });
    }

    /** Plays the next {@code batches} batches now, whatever the pace; meant for a paused scenario. */
    public CompletableFuture<Integer> step(final int batches) {
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        loop.execute(() -> {
            int played = 0;
            while (played < batches && playOneBatch()) {
                played++;
            }
            restartPace();
            done.complete(played);
        });
        return done;
    }

    /** Runs {@code action} on the loop once market time reaches {@code marketTimeMs} (at once if it has). */
    public void atMarketTime(final long marketTimeMs, final Runnable action) {
        loop.execute(() -> {
            actions.add(new TimedAction(marketTimeMs, actionSeq++, action));
            runDueActions(market.marketTimeMs());
        });
    }

    /** Completes with the ticks played when the scenario has no more ticks. */
    public CompletableFuture<Long> finished() {
        return finished;
    }

    public long ticksPlayed() {
        return ticksPlayed;
    }

    private void runDueActions(final long marketTimeMs) {
        while (!actions.isEmpty() && actions.peek().marketTimeMs <= marketTimeMs) {
            actions.poll().action.run();
        }
    }

    private void restartPace() {
        paceStartNanos = System.nanoTime(); // wall clock for pacing only
        pacedAtStartMs = pacedMs;
    }

    private void schedule(final long delayNanos) {
        if (runScheduled || finished.isDone()) {
            return;
        }
        runScheduled = true;
        if (delayNanos <= 0) {
            loop.execute(this::run);
        } else {
            loop.schedule(this::run, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void run() {
        try {
            play();
        } catch (RuntimeException e) {
            errors.record("scenario driver at market time " + market.marketTimeMs(), e);
            schedule(0); // one bad batch must not stop the market
        }
    }

    private void play() {
        runScheduled = false;
        if (paused || finished.isDone()) {
            return;
        }
        if (!clientsWritable.getAsBoolean()) {
            schedule(TimeUnit.MILLISECONDS.toNanos(BACKPRESSURE_RETRY_MS));
            return;
        }
        final long now = System.nanoTime();
        for (int i = 0; i < BATCHES_PER_RUN; i++) {
            if (!peek()) {
                return;
            }
            final long due = dueNanos(next.marketTimeMs);
            if (due > now) {
                schedule(due - now);
                return;
            }
            playOneBatch();
        }
        schedule(0);
    }

    private boolean peek() {
        if (!haveNext) {
            haveNext = scenario.next(next);
            if (!haveNext) {
                finished.complete(ticksPlayed);
                return false;
            }
        }
        return true;
    }

    private long dueNanos(final long tickTimeMs) {
        final long paced = pacedMs + pacedGap(tickTimeMs);
        if (Double.isInfinite(speed)) {
            return Long.MIN_VALUE;
        }
        return paceStartNanos + (long) ((paced - pacedAtStartMs) * 1_000_000.0 / speed);
    }

    private long pacedGap(final long tickTimeMs) {
        return lastTickTimeMs == Long.MIN_VALUE ? 0 : Math.min(Math.max(0, tickTimeMs - lastTickTimeMs), maxPacedGapMs);
    }

    private boolean playOneBatch() {
        if (!peek()) {
            return false;
        }
        final long batchTime = next.marketTimeMs;
        pacedMs += pacedGap(batchTime);
        lastTickTimeMs = batchTime;
        market.beginBatch(batchTime);
        do {
            market.apply(next.instrumentKey, next.priceFixed, next.quantity);
            ticksPlayed++;
            haveNext = scenario.next(next);
        } while (haveNext && next.marketTimeMs == batchTime && !market.batchContains(next.instrumentKey));
        market.endBatch();
        if (!haveNext) {
            finished.complete(ticksPlayed);
        }
        return true;
    }
}
