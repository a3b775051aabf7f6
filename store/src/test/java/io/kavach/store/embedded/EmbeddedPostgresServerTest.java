package io.kavach.store.embedded;

import io.kavach.store.DatabaseEndpoint;
import io.kavach.store.Store;
import io.kavach.store.StoreConfig;
import io.kavach.store.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = TestDatabase.shared();
    }

    @AfterAll
    static void leaveItRunning() throws Exception {
        db.server().ensureRunning();
    }

    @Test
    void shouldRunAsRootThroughAUserNamespaceWithAPrivatePassword() throws Exception {
        final EmbeddedPostgresServer server = db.server();
        assertEquals(PostgresCommands.isRoot(), server.runsInUserNamespace());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(TestDatabase.SHARED_HOME.resolve("postgres/password"))));
        assertEquals("17", Files.readString(server.dataDirectory().resolve("PG_VERSION")).trim());
    }

    @Test
    void shouldAttachToARunningServerAndKeepDataAcrossAStopAndStart() throws Exception {
        final Path home = TestDatabase.SHARED_HOME;
        final int port = db.server().port();
        // a second process (here: a second open) attaches to the running server and does not stop it
        try (Store attached = Store.open(StoreConfig.embedded(home))) {
            assertFalse(attached.embedded().orElseThrow().ownsServer());
            assertEquals(port, attached.embedded().orElseThrow().port());
            exec(attached.endpoint(), "DROP TABLE IF EXISTS restart_probe", "CREATE TABLE restart_probe (v TEXT)", "INSERT INTO restart_probe VALUES ('kept')");
        }
        assertEquals("kept", query(db.server().endpoint(), "SELECT v FROM restart_probe"), "closing the attached store must not stop the server");

        db.server().stop();
        assertThrows(Exception.class, () -> db.server().endpoint().connect());
        try (Store restarted = Store.open(StoreConfig.embedded(home))) {
            assertTrue(restarted.embedded().orElseThrow().ownsServer(), "nothing ran: this open started the server");
            assertEquals(port, restarted.embedded().orElseThrow().port(), "the remembered port is reused");
            assertEquals("kept", query(restarted.endpoint(), "SELECT v FROM restart_probe"));
            assertEquals("3", query(restarted.endpoint(), "SELECT max(version::int) FROM flyway_schema_history"));
        }
        assertThrows(Exception.class, () -> db.server().endpoint().connect(), "its owner stopped it on close");
        db.server().ensureRunning();
    }

    @Test
    void shouldReachARealServerByUrlUserAndPasswordFileWithoutPrintingThePassword(@TempDir final Path otherHome) throws Exception {
        final DatabaseEndpoint target = db.freshDatabase();
        final Path passwordFile = TestDatabase.SHARED_HOME.resolve("postgres/password");
        final StoreConfig byUrl = StoreConfig.resolve(otherHome, target.jdbcUrl(), EmbeddedPostgresServer.SUPERUSER, passwordFile, Map.of());
        assertFalse(byUrl.isEmbedded());
        try (Store server = Store.open(byUrl)) {
            assertTrue(server.embedded().isEmpty());
            assertFalse(Files.exists(otherHome.resolve("postgres")), "no embedded server was started");
            assertEquals("3", query(server.endpoint(), "SELECT max(version::int) FROM flyway_schema_history"));
            final String password = Files.readString(passwordFile).trim();
            assertFalse(server.endpoint().toString().contains(password), "the password must never be printed");
            assertFalse(byUrl.toString().contains(password));
        }
    }

    @Test
    void shouldRefuseADataDirectoryOfAnotherMajorVersionWithAClearMessage(@TempDir final Path otherHome) throws Exception {
        Files.createDirectories(otherHome.resolve("postgres/data"));
        try (var installs = Files.list(TestDatabase.SHARED_HOME.resolve("postgres"))) {
            final Path install = installs.filter(p -> p.getFileName().toString().startsWith("pgsql-")).findFirst().orElseThrow();
            Files.createSymbolicLink(otherHome.resolve("postgres").resolve(install.getFileName()), install); // no second unpack
        }
        Files.writeString(otherHome.resolve("postgres/data/PG_VERSION"), "14\n");
        final Exception e = assertThrows(java.io.IOException.class, () -> EmbeddedPostgresServer.startOrAttach(otherHome));
        assertTrue(e.getMessage().contains("created by PostgreSQL 14, but this Kavach runs PostgreSQL 17"), e.getMessage());
    }

    @Test
    void shouldRefuseAWrongPasswordWithoutPrintingIt() throws Exception {
        final DatabaseEndpoint wrong = new DatabaseEndpoint(db.server().endpoint().jdbcUrl(), EmbeddedPostgresServer.SUPERUSER, "not-the-password-xyz");
        final Exception e = assertThrows(Exception.class, wrong::connect);
        assertFalse(String.valueOf(e.getMessage()).contains("not-the-password-xyz"));
        assertFalse(wrong.toString().contains("not-the-password-xyz"));
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
