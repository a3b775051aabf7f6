package io.kavach.store.embedded;

import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import io.kavach.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedPostgresServerTest {
    @TempDir
    static Path home;

    @Test
    void shouldKeepDataAcrossRestartsAttachToARunningServerAndServeARealServerPathByUrl(@TempDir final Path otherHome) throws Exception {
        // first start: initdb + start (as root this goes through a user namespace)
        try (Store store = Store.open(StoreConfig.embedded(home))) {
            final EmbeddedPostgresServer server = store.embedded().orElseThrow();
            assertTrue(server.ownsServer());
            assertEquals(PostgresCommands.isRoot(), server.runsInUserNamespace());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("postgres/password"))));
            exec(store.endpoint(), "CREATE TABLE restart_probe (v TEXT)", "INSERT INTO restart_probe VALUES ('kept')");

            // a second process (here: a second open) attaches to the running server and does not stop it
            try (Store attached = Store.open(StoreConfig.embedded(home))) {
                assertFalse(attached.embedded().orElseThrow().ownsServer());
                assertEquals(server.port(), attached.embedded().orElseThrow().port());
            }
            assertEquals("kept", query(store.endpoint(), "SELECT v FROM restart_probe"), "closing the attached store must not stop the server");
        }

        // the server was stopped by its owner; a new start finds the data
        try (Store store = Store.open(StoreConfig.embedded(home))) {
            assertTrue(store.embedded().orElseThrow().ownsServer());
            assertEquals("kept", query(store.endpoint(), "SELECT v FROM restart_probe"));
            assertEquals("2", query(store.endpoint(), "SELECT max(version) FROM flyway_schema_history"));

            // the real-server path: a second PostgreSQL reached only by URL, user and password file
            try (EmbeddedPostgresServer other = EmbeddedPostgresServer.startOrAttach(otherHome)) {
                final DatabaseEndpoint direct = other.endpoint();
                final StoreConfig byUrl = StoreConfig.resolve(home, direct.jdbcUrl(), EmbeddedPostgresServer.SUPERUSER,
                    otherHome.resolve("postgres/password"), Map.of());
                assertFalse(byUrl.isEmbedded());
                try (Store server = Store.open(byUrl)) {
                    assertTrue(server.embedded().isEmpty());
                    assertEquals("2", query(server.endpoint(), "SELECT max(version) FROM flyway_schema_history"));
                    assertEquals("0", query(server.endpoint(), "SELECT count(*) FROM monitor_rule"));
                    assertFalse(server.endpoint().toString().contains(Files.readString(otherHome.resolve("postgres/password")).trim()),
                        "the password must never be printed");
                }
            }
        }
    }

    @Test
    void shouldRefuseAWrongPasswordWithoutPrintingIt(@TempDir final Path otherHome) throws Exception {
        try (EmbeddedPostgresServer other = EmbeddedPostgresServer.startOrAttach(otherHome)) {
            final DatabaseEndpoint wrong = new DatabaseEndpoint(other.endpoint().jdbcUrl(), EmbeddedPostgresServer.SUPERUSER, "not-the-password-xyz");
            final Exception e = assertThrows(Exception.class, wrong::connect);
            assertFalse(String.valueOf(e.getMessage()).contains("not-the-password-xyz"));
        }
    }

    private static void exec(final DatabaseEndpoint endpoint, final String... sql) throws Exception {
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            for (final String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static String query(final DatabaseEndpoint endpoint, final String sql) throws Exception {
        try (Connection c = endpoint.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
