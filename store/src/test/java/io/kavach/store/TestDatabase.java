package io.kavach.store;

import io.kavach.store.embedded.EmbeddedPostgresServer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded PostgreSQL for tests, with a fresh database per test: one server for the whole test
 * JVM (home under target/, stopped at JVM exit), so the binaries are unpacked and initdb runs once.
 * Tests that stop it (restart, outage) start it again before they end.
 */
public final class TestDatabase implements AutoCloseable {
    public static final Path SHARED_HOME = Path.of("target", "kavach-test-home").toAbsolutePath();
    private static TestDatabase shared;

    private final EmbeddedPostgresServer server;
    private int databases;

    private TestDatabase(final EmbeddedPostgresServer server) {
        this.server = server;
    }

    public static synchronized TestDatabase shared() throws Exception {
        if (shared == null) {
            freshData();
            shared = start(SHARED_HOME);
        }
        return shared;
    }

    /** Every test JVM runs initdb (the first-start path); the unpacked binaries are kept. */
    private static void freshData() throws Exception {
        final Path base = SHARED_HOME.resolve("postgres");
        if (java.nio.file.Files.exists(base.resolve("data"))) {
            final Path pid = base.resolve("data/postmaster.pid");
            if (java.nio.file.Files.exists(pid) && ProcessHandle.of(Long.parseLong(java.nio.file.Files.readAllLines(pid).get(0).trim()))
                .map(ProcessHandle::isAlive).orElse(false)) {
                EmbeddedPostgresServer.startOrAttach(SHARED_HOME).stop(); // a server left by a killed run
            }
            try (var paths = java.nio.file.Files.walk(base.resolve("data"))) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            java.nio.file.Files.deleteIfExists(base.resolve("password"));
        }
    }

    public static TestDatabase start(final Path home) throws Exception {
        return new TestDatabase(EmbeddedPostgresServer.startOrAttach(home));
    }

    public EmbeddedPostgresServer server() {
        return server;
    }

    /** An empty database (no schema). */
    public DatabaseEndpoint freshDatabase() throws SQLException {
        final String name = "test_" + (++databases) + "_" + ProcessHandle.current().pid();
        try (Connection c = server.endpoint().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        final DatabaseEndpoint main = server.endpoint();
        return new DatabaseEndpoint(main.jdbcUrl().replace("/" + EmbeddedPostgresServer.DATABASE, "/" + name),
            main.user(), passwordOf(main));
    }

    /** A fresh database migrated to the newest schema. */
    public DatabaseEndpoint migratedDatabase() throws SQLException {
        final DatabaseEndpoint endpoint = freshDatabase();
        Store.migrate(endpoint, null);
        return endpoint;
    }

    private String passwordOf(final DatabaseEndpoint endpoint) {
        try {
            return java.nio.file.Files.readString(server.dataDirectory().getParent().resolve("password")).trim();
        } catch (final java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
