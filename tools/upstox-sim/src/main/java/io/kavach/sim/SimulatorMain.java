package io.kavach.sim;

import io.kavach.config.time.MarketClock;
import io.kavach.sim.auth.FeedKind;
import io.kavach.sim.scenario.BarScenario;
import io.kavach.sim.scenario.RandomWalkScenario;
import io.kavach.sim.scenario.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * {@code java -jar upstox-sim.jar --port 0 …}: starts the simulator and prints one line,
 * {@code upstox-sim api=<url> order=<url> ws=<url>}, then serves until killed (or, with
 * {@code --exit-when-done}, until the scenario ends).
 *
 * <p>Runs on the main thread; the simulator runs on its own threads.
 */
@Command(name = "upstox-sim", mixinStandardHelpOptions = true, sortOptions = false,
    description = "An Upstox-compatible server on loopback: authorize, market feed V3, portfolio feed, order REST, faults.")
public final class SimulatorMain implements Callable<Integer> {

    @Option(names = "--host", description = "bind address (default ${DEFAULT-VALUE})")
    String host = SimulatorConfig.DEFAULT_HOST;
    @Option(names = "--port", description = "API host port, 0 = any free port (default ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--order-port", description = "order host port, 0 = any free port (default ${DEFAULT-VALUE})")
    int orderPort;
    @Option(names = "--tls", description = "serve https/wss with a fresh self-signed certificate")
    boolean tls;
    @Option(names = "--cert-out", description = "with --tls: write the certificate (PEM) here for clients to trust")
    Path certOut;
    @Option(names = "--token", description = "TOKEN=USER_ID accepted as a bearer token (repeatable; default sim-token=SIMUSER)")
    List<String> tokens = new ArrayList<>();
    @Option(names = "--scenario", description = "bars | random | quiet (default ${DEFAULT-VALUE})")
    String scenario = "bars";
    @Option(names = "--from", description = "bars: first IST date to play (default ${DEFAULT-VALUE})")
    LocalDate from = SimulatorConfig.DEFAULT_BAR_DATE;
    @Option(names = "--to", description = "bars: last IST date to play (default: same as --from)")
    LocalDate to;
    @Option(names = "--speed", description = "market-time speed-up, or 'max' (default ${DEFAULT-VALUE})")
    String speed = "1";
    @Option(names = "--max-paced-gap-ms", description = "longest market-time gap paced in full (default ${DEFAULT-VALUE})")
    long maxPacedGapMs = SimulatorConfig.DEFAULT_MAX_PACED_GAP_MS;
    @Option(names = "--instruments", description = "random: number of instruments (default ${DEFAULT-VALUE})")
    int instruments = 10;
    @Option(names = "--tick-rate", description = "random: ticks per second of market time (default ${DEFAULT-VALUE})")
    double tickRate = 100;
    @Option(names = "--seed", description = "random: seed (default ${DEFAULT-VALUE})")
    long seed = 1;
    @Option(names = "--max-ticks", description = "random: stop after this many ticks, 0 = never (default ${DEFAULT-VALUE})")
    long maxTicks;
    @Option(names = "--start", description = "random/quiet: IST start time on the --from date (default ${DEFAULT-VALUE})")
    LocalTime start = LocalTime.of(9, 15);
    @Option(names = "--paused", description = "start with the scenario paused (nothing ticks)")
    boolean paused;
    @Option(names = "--ping-interval-ms", description = "server WebSocket ping when idle (default ${DEFAULT-VALUE})")
    long pingIntervalMs = SimulatorConfig.DEFAULT_PING_INTERVAL_MS;
    @Option(names = "--order-step-delay-ms", description = "wall time between order status steps (default ${DEFAULT-VALUE})")
    long orderStepDelayMs = SimulatorConfig.DEFAULT_ORDER_STEP_DELAY_MS;
    @Option(names = "--partial-fills", description = "fill at most the touch or print quantity per match")
    boolean partialFills;
    @Option(names = "--no-rate-limits", description = "do not answer calls over Upstox's limits with 429")
    boolean noRateLimits;
    @Option(names = "--exit-when-done", description = "exit once the scenario has no more ticks")
    boolean exitWhenDone;
    @Option(names = "--fault-authorize-401", description = "fault: the first N authorize calls (each feed) get 401")
    int authorize401;
    @Option(names = "--fault-order-429", description = "fault: the first N order calls get 429")
    int order429;
    @Option(names = "--fault-malformed-frames", description = "fault: the first N market feed data frames are garbage")
    int malformedFrames;
    @Option(names = "--fault-lag-ms", description = "fault: delay every market feed frame by this many ms")
    long lagMs;
    @Option(names = "--fault-drop-feeds-every-s", description = "fault: drop every feed connection every N seconds of wall time")
    long dropEverySeconds;

    public static void main(final String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        final SimulatorConfig.Builder b = SimulatorConfig.builder().host(host).apiPort(port).orderPort(orderPort).tls(tls)
            .scenario(scenarioSupplier()).speed("max".equalsIgnoreCase(speed) ? Double.POSITIVE_INFINITY : Double.parseDouble(speed))
            .maxPacedGapMs(maxPacedGapMs).startPaused(paused).pingIntervalMs(pingIntervalMs)
            .orderStepDelayMs(orderStepDelayMs).enforceRateLimits(!noRateLimits).partialFills(partialFills);
        for (String t : tokens) {
            final int eq = t.indexOf('=');
            if (eq <= 0 || eq == t.length() - 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--token must be TOKEN=USER_ID, got a value without '='");
            }
            b.token(t.substring(0, eq), t.substring(eq + 1));
        }
        final UpstoxSimulator sim = UpstoxSimulator.start(b.build());
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "upstox-sim-shutdown"));
        if (authorize401 > 0) {
            sim.faults().failAuthorize(FeedKind.MARKET, authorize401).failAuthorize(FeedKind.PORTFOLIO, authorize401);
        }
        if (order429 > 0) {
            sim.faults().tooManyRequests(order429);
        }
        if (malformedFrames > 0) {
            sim.faults().malformedFrames(FeedKind.MARKET, malformedFrames);
        }
        if (lagMs > 0) {
            sim.faults().lagFeed(FeedKind.MARKET, lagMs);
        }
        if (tls && certOut != null) {
            Files.writeString(certOut, sim.certificatePem(), StandardCharsets.US_ASCII);
        }
        final PrintStream out = System.out;
        out.println("upstox-sim api=" + sim.apiBaseUrl() + " order=" + sim.orderBaseUrl()
            + " ws=" + (tls ? "wss" : "ws") + "://" + host + ":" + sim.apiPort());
        out.flush();
        if (dropEverySeconds > 0) {
            final Thread dropper = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(dropEverySeconds * 1000);
                        sim.faults().dropConnections(FeedKind.MARKET).dropConnections(FeedKind.PORTFOLIO);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "upstox-sim-dropper");
            dropper.setDaemon(true);
            dropper.start();
        }
        if (exitWhenDone) {
            while (!sim.awaitScenarioEnd(Duration.ofSeconds(1))) {
                // keep serving
            }
            out.println("upstox-sim scenario done: " + sim.ticksPlayed() + " ticks");
            sim.close();
            return 0;
        }
        new CountDownLatch(1).await();
        return 0;
    }

    private Supplier<Scenario> scenarioSupplier() {
        final LocalDate last = to == null ? from : to;
        final long startMs = MarketClock.epochMsAt(from.toEpochDay(), start.getHour() * 60 + start.getMinute());
        return switch (scenario) {
            case "bars" -> () -> {
                final BarScenario bars = BarScenario.shipped(from, last);
                bars.badLines().forEach(System.err::println);
                return bars;
            };
            case "random" -> () -> new RandomWalkScenario(seed, RandomWalkScenario.defaultKeys(instruments), tickRate, startMs, maxTicks);
            case "quiet" -> () -> Scenario.quiet(startMs, List.of());
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                "--scenario must be bars, random or quiet, got '" + scenario + "'");
        };
    }
}
