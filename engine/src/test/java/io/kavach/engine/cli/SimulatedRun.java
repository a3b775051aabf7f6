package io.kavach.engine.cli;

import io.kavach.config.time.MarketClock;
import io.kavach.sim.SimulatorConfig;
import io.kavach.sim.UpstoxSimulator;
import io.kavach.sim.scenario.BarScenario;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.kavach.engine.cli.CliTestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code kavach run} against the in-process simulator over loopback, as the run tests drive it: the
 * simulator paused on the shipped NIFTY bars of 2 Jan 2023 (ticks are injected one by one, so every
 * fire is pinned to a tick), a home with a rules file and a token file, and the engine's stderr kept
 * for assertions while still printed. The run's market clock is the simulator's (package-private
 * hooks of {@link RunCommand}). Threading: the test's thread.
 */
final class SimulatedRun implements AutoCloseable {
    static final String NIFTY = BarScenario.NIFTY_50_KEY;
    static final long DAY = LocalDate.of(2023, 1, 2).toEpochDay();
    /** Rule 201: buys 50 NIFTY at or below 18,110 and arms 202. */
    static final String ENTRY_201 = """
          {"id": 201, "user_id": 1, "name": "Buy NIFTY at or below 18,110", "enabled": true, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "lte", "price": 18110.0, "reference": "ltp"},
           "action_type": "place_order",
           "action_config": {"transaction_type": "BUY", "quantity": 50, "order_type": "MARKET", "product": "I", "also_enable_rules": [202]},
           "max_fires": 1}""";
    /** Rule 202, off until 201 arms it: sells 50 NIFTY at or below 18,050; {@code %s} takes more action_config fields. */
    static final String STOP_LOSS_202 = """
          {"id": 202, "user_id": 1, "name": "Stop-loss: NIFTY at or below 18,050", "enabled": false, "instrument_token": "NSE_INDEX|Nifty 50",
           "trigger_type": "price", "trigger_config": {"condition": "lte", "price": 18050.0, "reference": "ltp"},
           "action_type": "place_order",
           "action_config": {"transaction_type": "SELL", "quantity": 50, "order_type": "MARKET", "product": "I"%s},
           "max_fires": 1}""";
    /** For {@link #STOP_LOSS_202}: the exit goes out even while the user is halted. */
    static final String REDUCE_ONLY = ", \"reduce_only\": true";
    /** 201 buys the dip and arms 202, a stop-loss below it. */
    static final String ENTRY_AND_STOP_LOSS = "[" + ENTRY_201 + "," + STOP_LOSS_202.formatted("") + "]";
    /** The embedded PostgreSQL starts before the engine goes live: slow on a busy machine. */
    private static final long LIVE_TIMEOUT_MS = 60_000;

    private final Path home;
    private final UpstoxSimulator sim;
    private final Path rules;
    private final Path tokenFile;
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream oldErr;

    private SimulatedRun(final Path home, final String rulesJson) throws IOException {
        this.home = home;
        this.sim = UpstoxSimulator.start(SimulatorConfig.builder()
            .scenario(() -> BarScenario.shipped(LocalDate.ofEpochDay(DAY), LocalDate.ofEpochDay(DAY))).startPaused(true).build());
        this.rules = home.resolve("rules.json");
        writeRules(rulesJson);
        this.tokenFile = Files.writeString(home.resolve("token"), SimulatorConfig.DEFAULT_TOKEN + "\n");
        this.oldErr = System.err;
        System.setErr(new PrintStream(new CliTestSupport.TeeStream(errBytes, oldErr), true, StandardCharsets.UTF_8));
    }

    /** Starts the simulator and writes {@code rulesJson} as the home's rules file. */
    static SimulatedRun open(final Path home, final String rulesJson) throws IOException {
        return new SimulatedRun(home, rulesJson);
    }

    UpstoxSimulator sim() {
        return sim;
    }

    /** Replaces the rules file the next {@link #start} reads. */
    void writeRules(final String rulesJson) throws IOException {
        Files.writeString(rules, rulesJson);
    }

    /** A NIFTY tick at {@code hour:minute} IST of the day. */
    void tick(final int hour, final int minute, final double price) {
        sim.tickAt(MarketClock.istMidnightEpochMs(DAY) + (hour * 60L + minute) * 60_000L, NIFTY, price, 1);
    }

    /**
     * Starts {@code kavach run --home HOME --rules RULES ARGS} on its own thread and waits until the
     * engine is up and subscribed to NIFTY (and, with {@code --mode live}, its portfolio feed is open).
     */
    /** The journal file each run prepares before going live: enough to prove it, small enough for a test's disk and memory; above the 80 MB Chronicle gives a new file, so the file size shows it. */
    static final long PREPARE_MB = 96;

    Running start(final String... args) throws InterruptedException {
        final RunCommand cmd = new RunCommand();
        cmd.clockMs = sim::marketTimeMs; // the simulator's market time is 2023, as in the demo
        cmd.marketHoursCheck = false;
        cmd.environment = Map.of("KAVACH_API_BASE_URL", sim.apiBaseUrl(), "KAVACH_ORDER_BASE_URL", sim.orderBaseUrl(),
            "KAVACH_TOKEN_FILE", tokenFile.toString(), "KAVACH_JOURNAL_PREPARE_MB", "" + PREPARE_MB);
        final List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--rules", rules.toString()));
        all.addAll(List.of(args));
        final boolean live = all.indexOf("--mode") >= 0 && "live".equals(all.get(all.indexOf("--mode") + 1));
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(cmd).execute(all.toArray(String[]::new)));
        awaitTrue(() -> exit.isDone() || (cmd.engine() != null && (!live || sim.portfolioFeed().connectionCount() >= 1)
            && sim.marketFeed().subscriptions().stream().anyMatch(m -> m.containsKey(NIFTY))), LIVE_TIMEOUT_MS, "the engine live and subscribed");
        assertFalse(exit.isDone(), "run ended early with " + (exit.isDone() ? exit.join() : null) + ": " + errText());
        return new Running(cmd, exit, sim);
    }

    /** What the engine wrote to stderr since {@link #open}. */
    String errText() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setErr(oldErr);
        sim.close();
    }

    /** One started {@code kavach run}. */
    record Running(RunCommand cmd, CompletableFuture<Integer> exit, UpstoxSimulator sim) {
        /** Stops the engine as SIGTERM does, waits until the simulator saw its feeds go, and returns its exit code. */
        int stop() throws Exception {
            cmd.stop();
            final int code = exit.get(20, TimeUnit.SECONDS);
            awaitTrue(() -> sim.marketFeed().connectionCount() == 0 && sim.portfolioFeed().connectionCount() == 0, 10_000, "feeds closed");
            return code;
        }
    }
}
