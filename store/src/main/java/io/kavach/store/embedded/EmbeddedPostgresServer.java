package io.kavach.store.embedded;

import io.kavach.store.DatabaseEndpoint;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default store: a PostgreSQL server whose data lives under the engine's home directory
 * ({@code <home>/postgres/data}) and so survives restarts. If a server for that directory is already
 * running (the engine runs and a CLI command comes in), it is attached to, not started again; only
 * the process that started the server stops it.
 *
 * <p>The server listens on 127.0.0.1 only, with a generated password (scram-sha-256) kept in
 * {@code <home>/postgres/password} (mode 600), which is read to connect and never logged. The port
 * is remembered in {@code <home>/postgres/port} and reused while it is free.
 *
 * <p>Threading: started and stopped by the bootstrap thread (and the JVM's shutdown hook); the
 * {@link #endpoint()} it hands out is immutable.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String SUPERUSER = "kavach";
    public static final String DATABASE = "kavach";
    private static final ReentrantLock START_LOCK = new ReentrantLock();

    private final Path baseDir;
    private final Path dataDir;
    private final Path passwordFile;
    private final Path commandLog;
    private final PostgresCommands commands;
    private volatile int port;
    private volatile boolean owned;
    private Thread shutdownHook;

    private EmbeddedPostgresServer(final Path homeDir) throws IOException {
        this.baseDir = homeDir.toAbsolutePath().resolve("postgres");
        Files.createDirectories(baseDir);
        this.dataDir = baseDir.resolve("data");
        this.passwordFile = baseDir.resolve("password");
        this.commandLog = baseDir.resolve("commands.log");
        this.commands = new PostgresCommands(PostgresBinaries.unpack(baseDir));
    }

    /** Attaches to the server of {@code homeDir} if one runs, else initialises (first time) and starts it. */
    public static EmbeddedPostgresServer startOrAttach(final Path homeDir) throws IOException {
        final EmbeddedPostgresServer server = new EmbeddedPostgresServer(homeDir);
        server.ensureRunning();
        return server;
    }

    /**
     * Makes sure the server runs: attaches if it does, starts it otherwise. Called at start and by
     * tests that stop the server to simulate an outage.
     */
    public void ensureRunning() throws IOException {
        START_LOCK.lock();
        try (FileChannel lockChannel = FileChannel.open(baseDir.resolve("start.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            final int running = runningPort();
            if (running > 0) {
                port = running;
                return;
            }
            final boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
            if (fresh) {
                initialise();
            } else {
                requireSameMajorVersion();
            }
            port = choosePort();
            commands.start(dataDir, port, baseDir.resolve("server.log"), commandLog);
            markOwned();
            if (fresh) {
                createDatabase();
            }
        } finally {
            START_LOCK.unlock();
        }
    }

    /** A data directory of another major version cannot be started: say so instead of pg_ctl's bare failure. */
    private void requireSameMajorVersion() throws IOException {
        final String data = Files.readString(dataDir.resolve("PG_VERSION"), StandardCharsets.UTF_8).trim();
        final String binaries = commands.majorVersion(commandLog);
        if (!data.equals(binaries)) {
            throw new IOException("The embedded database " + dataDir + " was created by PostgreSQL " + data + ", but this Kavach runs "
                + "PostgreSQL " + binaries + ". Upgrade it with pg_upgrade (or pg_dump/pg_restore), move it aside to start empty, "
                + "or use --db-url.");
        }
    }

    public DatabaseEndpoint endpoint() {
        return new DatabaseEndpoint("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, SUPERUSER, readPassword());
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    /** True if this process started the server (and so stops it on close). */
    public boolean ownsServer() {
        return owned;
    }

    /** Whether the server ran as root through a user namespace (see {@link PostgresCommands}). */
    public boolean runsInUserNamespace() {
        return commands.runsInUserNamespace();
    }

    /** Stops the server if this process started it; a server merely attached to is left running. */
    @Override
    public void close() throws IOException {
        if (!owned) {
            return;
        }
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (final IllegalStateException e) {
                // already shutting down: the hook is what called us
            }
        }
    }

    /** Stops the server now, whoever started it (an outage, in tests). */
    public void stop() throws IOException {
        START_LOCK.lock();
        try {
            if (runningPort() > 0) {
                commands.stop(dataDir, commandLog);
            }
            owned = false;
        } finally {
            START_LOCK.unlock();
        }
    }

    private void markOwned() {
        owned = true;
        if (shutdownHook == null) {
            shutdownHook = new Thread(() -> {
                try {
                    if (owned) {
                        stop();
                    }
                } catch (final IOException e) {
                    System.err.println("kavach: could not stop the embedded PostgreSQL: " + e.getMessage());
                }
            }, "kavach-embedded-postgres-stop");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    private void initialise() throws IOException {
        if (Files.exists(dataDir)) {
            PostgresBinaries.deleteTree(dataDir); // an initdb that died half-way leaves no PG_VERSION
        }
        if (!Files.exists(passwordFile)) {
            final byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            final String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        }
        commands.initdb(dataDir, SUPERUSER, passwordFile, commandLog);
    }

    private void createDatabase() throws IOException {
        final DatabaseEndpoint admin = new DatabaseEndpoint("jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, readPassword());
        try (Connection c = admin.connect();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE DATABASE " + DATABASE);
                    }
                }
            }
        } catch (final SQLException e) {
            throw new IOException("Could not create database " + DATABASE + " in the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private String readPassword() {
        try {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        } catch (final IOException e) {
            throw new IllegalStateException("Cannot read the embedded PostgreSQL password file " + passwordFile, e);
        }
    }

    /** The port of a live server for our data directory, or 0. */
    private int runningPort() {
        final Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return 0;
        }
        try {
            final List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return 0;
            }
            final long pid = Long.parseLong(lines.get(0).trim());
            final int filePort = Integer.parseInt(lines.get(3).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && accepts(filePort)) {
                return filePort;
            }
            return 0;
        } catch (final IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static boolean accepts(final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    private int choosePort() throws IOException {
        final Path portFile = baseDir.resolve("port");
        if (Files.exists(portFile)) {
            try {
                final int previous = Integer.parseInt(Files.readString(portFile).trim());
                if (isFree(previous)) {
                    return previous;
                }
            } catch (final NumberFormatException e) {
                // rewritten below
            }
        }
        final int fresh;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fresh = socket.getLocalPort();
        }
        Files.writeString(portFile, fresh + "\n");
        return fresh;
    }

    private static boolean isFree(final int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
