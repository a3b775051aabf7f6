package io.kavach.replay.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.engine.journal.JournalPlacement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine process is killed with SIGKILL at random moments, at least 20 times, and restarted each
 * time against the same simulator process (the broker). At the end: the same state hash as an
 * uninterrupted run against its own simulator, every expected fire at the broker exactly once, and
 * no tag on two orders.
 */
class CrashRecoveryTest {
    static final int TICKS = 40_000;
    static final int KILLS = 22;

    @TempDir
    Path dir;

    /**
     * The crashed sessions journal in {@code placement}; the uninterrupted reference in the other one, so
     * the same state in the end also shows that the placement changes nothing the journal or the logic holds.
     */
    @ParameterizedTest
    @EnumSource(JournalPlacement.class)
    void shouldEndWithTheUninterruptedStateAndEveryFireExactlyOnceAtTheBrokerAfterRepeatedSigkills(final JournalPlacement placement)
        throws Exception {
        final long seed = System.nanoTime();
        final JournalPlacement referencePlacement = placement == JournalPlacement.INLINE ? JournalPlacement.PARALLEL : JournalPlacement.INLINE;
        System.out.println("seed " + seed + ", crashed sessions journal " + placement.label + ", the reference " + referencePlacement.label);
        final Random random = new Random(seed);

        final String[] reference;
        final Map<String, Integer> referenceTags;
        try (Sim sim = Sim.start()) {
            final Process session = session(dir.resolve("reference-journal"), sim, seed, dir.resolve("reference.txt"), new StderrLog("reference"),
                referencePlacement);
            assertTrue(session.waitFor(180, TimeUnit.SECONDS), "reference session did not finish");
            assertEquals(0, session.exitValue(), "reference session failed");
            reference = Files.readString(dir.resolve("reference.txt")).trim().split(" ");
            referenceTags = sim.tagCounts();
        }
        System.out.println("reference state " + reference[0] + ", " + reference[1] + " fires, " + reference[2] + " inputs");
        assertTrue(Long.parseLong(reference[1]) >= 10, "the script should fire a fair number of intents: " + reference[1]);
        assertEquals(Integer.parseInt(reference[1]), referenceTags.size());

        try (Sim sim = Sim.start()) {
            final Path journal = dir.resolve("crash-journal");
            final Path result = dir.resolve("crash.txt");
            int kills = 0;
            int restarts = 0;
            while (kills < KILLS) {
                final StderrLog log = new StderrLog("crash-run-" + restarts);
                final Process session = session(journal, sim, seed, result, log, placement);
                restarts++;
                if (random.nextInt(5) == 0) {
                    Thread.sleep(random.nextInt(800));                    // during start-up / recovery
                } else {
                    log.awaitLine("crash-session: live", 60_000);
                    Thread.sleep(random.nextInt(1_500));                  // while live: ticks, intents, acks in flight
                }
                if (session.isAlive()) {
                    session.destroyForcibly();                           // SIGKILL on Linux
                    session.waitFor(30, TimeUnit.SECONDS);
                    kills++;
                } else {
                    assertEquals(0, session.exitValue(), "session ended on its own with a failure:\n" + log);
                    break; // the script finished before this kill; fewer kills would not prove anything
                }
            }
            assertTrue(kills >= 20, "only " + kills + " kills landed before the session finished; lengthen the script");
            final StderrLog last = new StderrLog("crash-final");
            final Process session = session(journal, sim, seed, result, last, placement);
            assertTrue(session.waitFor(180, TimeUnit.SECONDS), "final session did not finish:\n" + last);
            assertEquals(0, session.exitValue(), "final session failed:\n" + last);
            final String[] crashed = Files.readString(result).trim().split(" ");
            final Map<String, Integer> tags = sim.tagCounts();
            System.out.println("after " + kills + " kills and " + (restarts + 1) + " starts: state " + crashed[0] + ", " + crashed[1]
                + " fires, " + crashed[2] + " inputs; broker tags " + tags.size());

            assertEquals(reference[0], crashed[0], "state hash after crashes differs from the uninterrupted run (seed " + seed + ", " + placement.label + ")");
            assertEquals(reference[1], crashed[1]);
            assertEquals(reference[2], crashed[2], "inputs journaled (ticks + one intent and one ack per fire)");
            assertEquals(referenceTags.keySet(), tags.keySet(), "every expected fire at the broker, nothing else");
            tags.forEach((tag, count) -> assertEquals(1, count, "orders at the broker with tag " + tag));
        }
    }

    private static Process session(final Path journal, final Sim sim, final long seed, final Path result, final StderrLog log,
                                   final JournalPlacement placement) throws IOException {
        final List<String> command = java(CrashSessionMain.class.getName());
        command.add(journal.toString());
        command.add(sim.api);
        command.add(sim.order);
        command.add(Long.toString(seed));
        command.add(Integer.toString(TICKS));
        command.add(result.toString());
        command.add(placement.label);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        log.follow(process);
        return process;
    }

    static List<String> java(final String mainClass) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-")) {
                command.add(arg);
            }
        }
        command.add("-Xmx512m");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }

    /** The simulator in its own process: the broker. */
    static final class Sim implements AutoCloseable {
        final Process process;
        final String api;
        final String order;

        private Sim(final Process process, final String api, final String order) {
            this.process = process;
            this.api = api;
            this.order = order;
        }

        static Sim start() throws IOException {
            final List<String> command = java("io.kavach.sim.SimulatorMain");
            command.addAll(List.of("--port", "0", "--order-port", "0", "--scenario", "random", "--instruments", "3",
                "--from", "2026-11-20", "--start", "10:00", "--tick-rate", "1", "--seed", "7"));
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("upstox-sim api=")) {
                // start-up chatter
            }
            if (line == null) {
                throw new IllegalStateException("simulator did not start");
            }
            final String[] parts = line.split(" ");
            CompletableFuture.runAsync(() -> {
                try {
                    while (out.readLine() != null) {
                        // drain
                    }
                } catch (final IOException ignored) {
                    // process gone
                }
            });
            return new Sim(process, parts[1].substring("api=".length()), parts[2].substring("order=".length()));
        }

        /** Orders at the broker per tag, from its order book over REST. */
        Map<String, Integer> tagCounts() throws Exception {
            final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/v2/order/retrieve-all"))
                .header("Authorization", "Bearer sim-token").header("Accept", "application/json").timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            final Map<String, Integer> counts = new TreeMap<>();
            for (final JsonNode order : new ObjectMapper().readTree(response.body()).get("data")) {
                final String tag = order.path("tag").asText("");
                if (tag.startsWith("kv-crash-")) {
                    counts.merge(tag, 1, Integer::sum);
                }
            }
            return counts;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Collects a child's output and lets the test wait for a line. */
    static final class StderrLog {
        private final String name;
        private final StringBuffer text = new StringBuffer();
        private final AtomicBoolean closed = new AtomicBoolean();

        StderrLog(final String name) {
            this.name = name;
        }

        void follow(final Process process) {
            CompletableFuture.runAsync(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        text.append(line).append('\n');
                    }
                } catch (final IOException ignored) {
                    // killed
                } finally {
                    closed.set(true);
                }
            });
        }

        void awaitLine(final String prefix, final long timeoutMs) throws InterruptedException {
            final long deadline = System.currentTimeMillis() + timeoutMs;
            while (System.currentTimeMillis() < deadline && !closed.get()) {
                if (text.indexOf(prefix) >= 0) {
                    return;
                }
                Thread.sleep(5);
            }
        }

        @Override
        public String toString() {
            return name + ":\n" + text;
        }
    }
}
