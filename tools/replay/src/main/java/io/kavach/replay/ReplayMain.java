package io.kavach.replay;

import picocli.CommandLine;

/**
 * Entry point of the replay tool ({@code ./kavach replay …}). Exit codes: 0 success (or no
 * divergence for {@code --diff}), 1 failure (or a divergence), 2 bad input.
 */
public final class ReplayMain {
    private ReplayMain() {
    }

    public static void main(final String[] args) {
        System.exit(run(args));
    }

    public static int run(final String... args) {
        return new CommandLine(new ReplayCommand())
            .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                if (ex instanceof IllegalArgumentException) {
                    cmd.getErr().println("replay: " + ex.getMessage());
                    return ReplayCommand.EXIT_BAD_INPUT;
                }
                cmd.getErr().println("replay failed: " + ex);
                return ReplayCommand.EXIT_FAILURE;
            })
            .execute(args);
    }
}
