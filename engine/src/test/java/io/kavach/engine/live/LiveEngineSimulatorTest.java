package io.kavach.engine.live;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.EngineSettings;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.candle.Timeframe;
import io.kavach.order.OrderMode;
import io.kavach.sim.SimulatorConfig;
import io.kavach.sim.UpstoxSimulator;
import io.kavach.sim.scenario.BarScenario;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveEngineSimulatorTest {
    @Test
    void shouldBuildTheSameCandlesFromTheSimulatorsFeedAsTheBarsHold() throws Exception {
        final LocalDate day = LocalDate.of(2023, 1, 2);
        try (UpstoxSimulator sim = UpstoxSimulator.start(SimulatorConfig.builder()
                .scenario(() -> BarScenario.shipped(day, day)).speed(Double.POSITIVE_INFINITY).startPaused(true).build())) {
            final InstrumentRegistry instruments = new InstrumentRegistry();
            final int nifty = instruments.register(BarScenario.NIFTY_50_KEY);
            final CandleBook candles = new CandleBook();
            final List<String> closed = new ArrayList<>();
            final AtomicInteger closedCount = new AtomicInteger();
            candles.addListener(nifty, Timeframe.M15, c -> {
                closed.add(c.startEpochMs + " " + c.open + " " + c.high + " " + c.low + " " + c.close);
                closedCount.incrementAndGet();
            });
            final LogicHandler logic = new LogicHandler(candles);
            final LiveSettings settings = new LiveSettings(sim.apiBaseUrl(), sim.orderBaseUrl(), null, null,
                TokenSources.fixed("sim-token"), OrderMode.DRY_RUN, 1, Map.of(BarScenario.NIFTY_50_KEY, "ltpc"),
                EngineSettings.defaults(), 1_000, false, sim::marketTimeMs);
            try (LiveEngine engine = LiveEngine.start(settings, instruments, MarketCalendar.nseDefault(), logic, null,
                    new IntentQueue(IntentQueue.CAPACITY_DEFAULT), 0, null)) {
                awaitTrue(() -> sim.marketFeed().connectionCount() == 1 && sim.marketFeed().subscriptions().stream().anyMatch(m -> !m.isEmpty()), 10_000);
                sim.resume();
                // a 15-minute candle closes at 15:30 only by a later tick; 24 of the day's 25 close on ticks
                awaitTrue(() -> closedCount.get() >= 24, 30_000);
            }
            assertTrue(closed.size() >= 24, "closed candles " + closed.size());
            assertEquals(0, sim.requests().orderEndpointRequests().size(), "dry-run sends nothing to the order host");
        }
    }

    static void awaitTrue(final java.util.function.BooleanSupplier condition, final long timeoutMs) throws InterruptedException {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeoutMs + " ms");
            }
            Thread.sleep(10);
        }
    }
}
