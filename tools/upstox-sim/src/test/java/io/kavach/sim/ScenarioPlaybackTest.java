package io.kavach.sim;

import io.kavach.config.time.MarketClock;
import io.kavach.feed.proto.MarketDataFeedV3.Feed;
import io.kavach.feed.proto.MarketDataFeedV3.FeedResponse;
import io.kavach.feed.proto.MarketDataFeedV3.MarketStatus;
import io.kavach.feed.proto.MarketDataFeedV3.Type;
import io.kavach.sim.scenario.BarScenario;
import io.kavach.sim.scenario.RandomWalkScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.kavach.sim.MarketFeedTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScenarioPlaybackTest {

    @Test
    void shouldPlayARealDayOfBarsAtMaxSpeedAsLiveTicksInMarketTime() throws Exception {
        final LocalDate day = LocalDate.of(2023, 1, 2);
        try (UpstoxSimulator sim = UpstoxSimulator.start(SimulatorConfig.builder().startPaused(true)
            .speed(Double.POSITIVE_INFINITY).scenario(() -> BarScenario.shipped(day, day)).build());
             FeedClient feed = FeedClient.connect(new RestClient(sim, SimFixtures.TOKEN).http(),
                 SimFixtures.authorizeMarket(new RestClient(sim, SimFixtures.TOKEN)))) {
            final FeedResponse info = feed.nextFrame();
            assertEquals(Type.market_info, info.getType());
            assertEquals(MarketStatus.PRE_OPEN_START, info.getMarketInfo().getSegmentStatusMap().get("NSE_INDEX"));
            feed.sub("ltpc", BarScenario.NIFTY_50_KEY, BarScenario.NIFTY_BANK_KEY);
            assertEquals(Type.initial_feed, feed.nextFrame().getType());
            sim.resume();
            assertTrue(sim.awaitScenarioEnd(Duration.ofSeconds(30)));

            final List<Double> nifty = new ArrayList<>();
            final List<Long> niftyTimes = new ArrayList<>();
            final List<MarketStatus> statuses = new ArrayList<>();
            byte[] bytes;
            while ((bytes = feed.binary.poll(1, TimeUnit.SECONDS)) != null) {
                final FeedResponse r = FeedResponse.parseFrom(bytes);
                if (r.getType() == Type.market_info) {
                    statuses.add(r.getMarketInfo().getSegmentStatusMap().get("NSE_INDEX"));
                    continue;
                }
                assertEquals(Type.live_feed, r.getType());
                final Feed f = r.getFeedsMap().get(BarScenario.NIFTY_50_KEY);
                if (f != null) {
                    nifty.add(f.getLtpc().getLtp());
                    niftyTimes.add(f.getLtpc().getLtt());
                    assertEquals(r.getCurrentTs(), f.getLtpc().getLtt());
                }
            }
            assertEquals(378 * 4, nifty.size());
            // 09:16 bar 18133.65/18153.20/18117.05/18141.35 closed up: open, low, high, close
            final long bar0916 = MarketClock.epochMsAt(day.toEpochDay(), 9 * 60 + 16);
            final int i = niftyTimes.indexOf(bar0916);
            assertEquals(List.of(18133.65, 18117.05, 18153.2, 18141.35), nifty.subList(i, i + 4));
            assertEquals(List.of(bar0916, bar0916 + 15_000, bar0916 + 30_000, bar0916 + 45_000), niftyTimes.subList(i, i + 4));
            assertTrue(statuses.containsAll(List.of(MarketStatus.PRE_OPEN_END, MarketStatus.NORMAL_OPEN, MarketStatus.CLOSING_START)),
                statuses.toString());
        }
    }

    @Test
    void shouldPaceARandomWalkNoFasterThanTheChosenSpeed() throws Exception {
        final long seed = 7;
        System.out.println("random walk seed " + seed);
        // 200 ticks at 100/s of market time = 1.99 s of market time; at speed 10 that is at least 199 ms
        try (UpstoxSimulator sim = UpstoxSimulator.start(SimulatorConfig.builder().startPaused(true).speed(10)
            .scenario(() -> new RandomWalkScenario(seed, RandomWalkScenario.defaultKeys(3), 100, SimFixtures.OPEN_MS, 200)).build())) {
            final long started = System.nanoTime();
            sim.resume();
            assertTrue(sim.awaitScenarioEnd(Duration.ofSeconds(20)));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(199), "played faster than speed 10");
            assertEquals(200, sim.ticksPlayed());
            assertEquals(SimFixtures.OPEN_MS + 1_990, sim.marketTimeMs());
        }
    }

    @Test
    void shouldStepAPausedScenarioOneBatchAtATime() throws Exception {
        try (UpstoxSimulator sim = UpstoxSimulator.start(SimulatorConfig.builder().startPaused(true)
            .scenario(() -> new RandomWalkScenario(3, RandomWalkScenario.defaultKeys(1), 10, SimFixtures.OPEN_MS, 5)).build())) {
            Thread.sleep(100);
            assertEquals(0, sim.ticksPlayed());
            assertEquals(2, sim.step(2));
            assertEquals(2, sim.ticksPlayed());
            assertEquals(SimFixtures.OPEN_MS + 100, sim.marketTimeMs());
            assertEquals(3, sim.step(10));
            assertTrue(sim.awaitScenarioEnd(Duration.ofSeconds(1)));
        }
    }

    @Test
    void shouldPrintBaseUrlsFromTheCommandLineAndExitWhenTheScenarioEnds() {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        final int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = new CommandLine(new SimulatorMain()).execute("--port", "0", "--scenario", "random", "--instruments", "2",
                "--max-ticks", "50", "--speed", "max", "--exit-when-done");
        } finally {
            System.setOut(original);
        }
        final String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        assertTrue(out.matches("(?s)upstox-sim api=http://127\\.0\\.0\\.1:\\d+ order=http://127\\.0\\.0\\.1:\\d+ ws=ws://127\\.0\\.0\\.1:\\d+\n.*"), out);
        assertTrue(out.contains("scenario done: 50 ticks"), out);
    }

    @Test
    void shouldKeepConnectionsAliveWithPingsWhenTheMarketIsClosed() throws Exception {
        try (UpstoxSimulator sim = UpstoxSimulator.start(SimulatorConfig.builder().pingIntervalMs(100)
            .scenario(() -> io.kavach.sim.scenario.Scenario.quiet(SimFixtures.OPEN_MS - 3 * 3600_000L, List.of())).build());
             FeedClient feed = FeedClient.connect(new RestClient(sim, SimFixtures.TOKEN).http(),
                 SimFixtures.authorizeMarket(new RestClient(sim, SimFixtures.TOKEN)))) {
            assertEquals(MarketStatus.NORMAL_CLOSE, feed.nextFrame().getMarketInfo().getSegmentStatusMap().get("NSE_EQ"));
            waitFor(() -> feed.pings.get() >= 3);
            assertTrue(feed.binary.isEmpty(), "no application heartbeat, only WebSocket pings");
        }
    }
}
