package io.kavach.replay;

import io.kavach.config.time.MarketClock;
import io.kavach.engine.journal.JournalReplaySource;
import io.kavach.engine.journal.RunManifest;
import io.kavach.engine.ring.RingErrorHandler;
import io.kavach.journal.JournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code replay}: puts a journal back through the engine's handlers (side effects suppressed: the
 * replay calls the logic stage directly on this thread, with no journal stage and no order outbox), writes the same output
 * lines as the run that made the journal, shows progress with events/s on stderr and ends with the
 * SHA-256 of its output on stdout. {@code --diff A B} names the first divergence of two runs.
 *
 * <p>Wall-clock reads here pace the replay and measure throughput; the engine's logic never sees them.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replays a journal through the engine at any speed and prints the SHA-256 of its output; --diff A B names where two runs diverge.")
public final class ReplayCommand implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;
    static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal root (holds one folder per IST day and kavach-run.properties).")
    Path journal;

    @Option(names = "--from", paramLabel = "TIME", description = "Replay events at or after this time: 2023-01-02T09:15 (IST), an ISO time with offset, a date, or epoch ms.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Replay events before this time (same forms as --from).")
    String to;

    @Option(names = "--speed", defaultValue = "max", description = "1x, 10x, 100x (any Nx: event-time gaps divided by N) or max (default ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--rules", paramLabel = "FILE", description = "Rules to evaluate instead of the journaled run's (a what-if: fills still come from the journal).")
    Path rules;

    @Option(names = "--out", paramLabel = "FILE", description = "Output JSON-lines file, or - for stdout.")
    String out;

    @Option(names = "--diff", arity = "2", paramLabel = "RUN", description = "Compare two journals (directories) or two outputs (files) and name the first divergence.")
    List<Path> diff;

    @Override
    public Integer call() throws IOException {
        final PrintStream err = System.err;
        if (diff != null) {
            final String divergence = RunDiff.firstDivergence(diff.get(0), diff.get(1));
            if (divergence == null) {
                System.out.println("identical: " + diff.get(0) + " and " + diff.get(1));
                return EXIT_OK;
            }
            System.out.println(divergence);
            return EXIT_FAILURE;
        }
        if (journal == null || out == null) {
            throw new IllegalArgumentException("--journal DIR and --out FILE are required (or --diff A B)");
        }
        if (!Files.isDirectory(journal)) {
            throw new IllegalArgumentException("--journal " + journal + ": no such directory");
        }
        if (rules != null && !Files.isReadable(rules)) {
            throw new IllegalArgumentException("--rules " + rules + ": no such readable file");
        }
        final ReplaySpeed pace = ReplaySpeed.parse(speed);
        final long fromMs = from == null ? Long.MIN_VALUE : ReplayTimes.parseEpochMs(from);
        final long toMs = to == null ? Long.MAX_VALUE : ReplayTimes.parseEpochMs(to);
        if (fromMs >= toMs) {
            throw new IllegalArgumentException("--from must be before --to");
        }
        final RunManifest manifest = RunManifest.read(journal);

        final long[] damage = {0};
        final DigestingOutputStream digest = new DigestingOutputStream(open(out));
        final ReplayPipeline pipeline = ReplayPipeline.open(manifest, journal, rules, digest);
        final long startNanos = System.nanoTime();
        final RingErrorHandler errors = new RingErrorHandler("logic");
        final long published;
        try (JournalReader reader = new JournalReader(journal,
            fromMs == Long.MIN_VALUE ? Long.MIN_VALUE : MarketClock.istEpochDay(fromMs),
            toMs == Long.MAX_VALUE ? Long.MAX_VALUE : MarketClock.istEpochDay(toMs - 1),
            message -> {
                damage[0]++;
                err.println("replay: journal damage: " + message);
            })) {
            final JournalReplaySource source = new JournalReplaySource(pipeline.logic(), errors, fromMs, toMs,
                pace.isMax() ? JournalReplaySource.EventPacer.FLAT_OUT : new WallClockPacer(pace.factor(), System::nanoTime));
            final long[] lastReport = {startNanos};
            published = source.replay(reader, (events, eventTimeMs) -> {
                final long now = System.nanoTime();
                if (now - lastReport[0] >= PROGRESS_EVERY_NANOS) {
                    lastReport[0] = now;
                    err.printf("replay: %d events, at %s, %.0f events/s%n", events,
                        io.kavach.engine.output.IstTimestamps.iso(eventTimeMs), events / ((now - startNanos) / 1e9));
                }
            });
        }
        pipeline.finish();
        final double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        err.printf("replay: %d events at %s speed in %.3f s (%.0f events/s), %d output lines, %d journal damage reports, %d stage errors%n",
            published, pace, seconds, published / seconds, pipeline.linesWritten(), damage[0], errors.errors());
        System.out.println("sha256 " + digest.hexDigest() + "  " + out);
        return errors.errors() == 0 ? EXIT_OK : EXIT_FAILURE;
    }

    private static OutputStream open(final String out) throws IOException {
        if ("-".equals(out)) {
            // stdout stays open after the output: the digest line follows it
            return new BufferedOutputStream(new java.io.FilterOutputStream(System.out) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            }, 1 << 16);
        }
        final Path path = Path.of(out);
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    }
}
