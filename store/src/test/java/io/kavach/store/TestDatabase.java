package io.kavach.store;

import io.kavach.store.embedded.EmbeddedPostgresServer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded PostgreSQL for tests, with a fresh database per test. {@link #shared()} is one server for
 * the whole test JVM (under target/, stopped at JVM exit); tests that stop their server to simulate an
 * outage {@link #start start} their own.
 */
public final class TestDatabase implements AutoCloseable {
    private static TestDatabase shared;

    private final EmbeddedPostgresServer server;
    private int databases;

    private TestDatabase(final EmbeddedPostgresServer server) {
        this.server = server;
    }

    public static synchronized TestDatabase shared() throws Exception {
        if (shared == null) {
            shared = start(Path.of("target", "kavach-test-home"));
        }
        return shared;
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
