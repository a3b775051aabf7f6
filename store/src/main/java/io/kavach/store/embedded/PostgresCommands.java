package io.kavach.store.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code initdb} and {@code pg_ctl} from the unpacked binaries.
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb}/{@code postgres} check {@code geteuid() == 0}),
 * and we run as root on the trading host and in CI. As root the commands run inside a new user
 * namespace ({@code unshare --user --map-user=<nobody> --map-group=<nogroup>}): inside it the process's
 * effective uid is {@code nobody}, so PostgreSQL's check passes, while the kernel still sees the
 * files as root's (root is the only id mapped), so the data directory can stay under root's own
 * 0700 home and nothing has to be chown'ed. The mapped id must exist in /etc/passwd because initdb
 * looks its name up. Signals still reach the server from a later {@code pg_ctl stop} because the
 * kernel compares real uids, which are all root.
 *
 * <p>Threading: stateless apart from the resolved prefix; used by whichever thread starts or stops
 * the server.
 */
final class PostgresCommands {
    static final long COMMAND_TIMEOUT_MS = 120_000;

    private final Path binDir;
    private final List<String> prefix;

    PostgresCommands(final Path installDir) {
        this.binDir = installDir.resolve("bin");
        this.prefix = isRoot() ? userNamespacePrefix() : List.of();
    }

    boolean runsInUserNamespace() {
        return !prefix.isEmpty();
    }

    void initdb(final Path dataDir, final String superuser, final Path passwordFile, final Path logFile) throws IOException {
        run(logFile, List.of(bin("initdb"), "-D", dataDir.toString(), "-U", superuser, "-A", "scram-sha-256",
            "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C"));
    }

    void start(final Path dataDir, final int port, final Path serverLog, final Path logFile) throws IOException {
        final String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
        run(logFile, List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-l", serverLog.toString(), "-o", options,
            "-w", "-t", "60", "start"));
    }

    void stop(final Path dataDir, final Path logFile) throws IOException {
        run(logFile, List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
    }

    /** The binaries' major version (e.g. "17"), from {@code pg_ctl --version}. */
    String majorVersion(final Path logFile) throws IOException {
        final Process p = new ProcessBuilder(bin("pg_ctl"), "--version").redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(out);
        if (!m.find()) {
            throw new IOException("cannot tell the PostgreSQL version of " + binDir + " from '" + out + "'");
        }
        return m.group(1);
    }

    private String bin(final String name) {
        return binDir.resolve(name).toString();
    }

    private void run(final Path logFile, final List<String> command) throws IOException {
        final List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        final ProcessBuilder builder = new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().remove("PGPASSWORD");
        final Process process = builder.start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + COMMAND_TIMEOUT_MS + " ms; see " + logFile);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while running " + command.get(0), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(Path.of(command.get(0)).getFileName() + " " + command.get(command.size() - 1)
                + " failed with exit code " + process.exitValue() + (runsInUserNamespace()
                ? " (run as root through 'unshare --user'; if user namespaces are disabled here, run as a non-root user or use --db-url)"
                : "") + "; see " + logFile + ":\n" + tail(logFile));
        }
    }

    private static String tail(final Path logFile) {
        try {
            final List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (final IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static boolean isRoot() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (final IOException e) {
            // not Linux: fall through to the user name
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> userNamespacePrefix() {
        int uid = 65534;
        int gid = 65534;
        try {
            for (final String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                final String[] f = line.split(":");
                if (f.length > 3 && "nobody".equals(f[0])) {
                    uid = Integer.parseInt(f[2]);
                    gid = Integer.parseInt(f[3]);
                    break;
                }
            }
        } catch (final IOException | NumberFormatException e) {
            // keep the conventional overflow ids
        }
        return List.of("unshare", "--user", "--map-user=" + uid, "--map-group=" + gid);
    }
}
