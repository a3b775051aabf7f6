package io.kavach.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kavach} command line: every user-facing job is a subcommand. Exit codes: 0 success,
 * 2 bad input (picocli's usage errors and our own validation), 1 failure.
 */
@Command(name = "kavach", mixinStandardHelpOptions = true, version = "kavach 0.1.0",
    description = "Low-latency trade-monitoring engine for Indian markets on Upstox.",
    subcommands = {DemoCommand.class, RunCommand.class, OrdersCommand.class, BacktestCommand.class, RuleCommand.class, LogsCommand.class,
        StatusCommand.class, SimulateCommand.class, DryRunCommand.class, CommandLine.HelpCommand.class})
public final class KavachMain implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        disableNettyLeakSampling();
        System.exit(run(args));
    }

    /**
     * The runnable JAR samples no buffers for leaks unless {@code -Dio.netty.leakDetection.level} says
     * otherwise: Netty's default ({@code simple}) tracks one allocation in ~128, and the order request
     * buffer is one of them (gateway work p99 8.9 → 5.4 µs without it, order-gateway README). Tests
     * run {@code paranoid} (root pom) and call {@link #run}, not this.
     */
    private static void disableNettyLeakSampling() {
        if (System.getProperty("io.netty.leakDetection.level") == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(final String... args) {
        return new CommandLine(new KavachMain())
            .setExecutionExceptionHandler(KavachMain::onFailure)
            .execute(args);
    }

    private static int onFailure(final Exception ex, final CommandLine cmd, final CommandLine.ParseResult parsed) {
        if (ex instanceof BadInputException) {
            cmd.getErr().println("kavach: " + ex.getMessage());
            return EXIT_BAD_INPUT;
        }
        cmd.getErr().println("kavach: " + cmd.getCommandName() + " failed: " + ex);
        return EXIT_FAILURE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
