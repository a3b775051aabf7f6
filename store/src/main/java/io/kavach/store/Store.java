package io.kavach.store;

import io.kavach.store.embedded.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The store opened: the database reached (embedded server started or attached, or a real server),
 * the schema migrated to the newest version. Repositories and the writer take its {@link #endpoint()}.
 *
 * <p>Threading: opened and closed by the bootstrap thread; {@link #endpoint()} is safe anywhere.
 */
public final class Store implements AutoCloseable {
    public static final String MIGRATIONS_LOCATION = "classpath:db/migration";

    static {
        // jOOQ prints a banner and a "tip of the day" on first use; a trading host's log wants neither
        System.setProperty("org.jooq.no-logo", System.getProperty("org.jooq.no-logo", "true"));
        System.setProperty("org.jooq.no-tips", System.getProperty("org.jooq.no-tips", "true"));
    }

    private final StoreConfig config;
    private final EmbeddedPostgresServer embedded;
    private final DatabaseEndpoint endpoint;

    private Store(final StoreConfig config, final EmbeddedPostgresServer embedded, final DatabaseEndpoint endpoint) {
        this.config = config;
        this.embedded = embedded;
        this.endpoint = endpoint;
    }

    /** Reaches the database and migrates it to the newest schema. */
    public static Store open(final StoreConfig config) throws IOException {
        return open(config, System.getenv());
    }

    static Store open(final StoreConfig config, final Map<String, String> env) throws IOException {
        EmbeddedPostgresServer embedded = null;
        final DatabaseEndpoint endpoint;
        if (config.isEmbedded()) {
            embedded = EmbeddedPostgresServer.startOrAttach(config.homeDir());
            endpoint = embedded.endpoint();
        } else {
            endpoint = config.serverEndpoint(env);
        }
        try {
            migrate(endpoint, null);
        } catch (final RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw new IOException("Could not migrate the store schema at " + config + ": " + e.getMessage(), e);
        }
        return new Store(config, embedded, endpoint);
    }

    /** Applies the migrations up to {@code target} (null: all); returns the schema version reached. */
    public static String migrate(final DatabaseEndpoint endpoint, final String target) {
        final var configuration = Flyway.configure()
            .dataSource(endpoint.dataSource())
            .locations(MIGRATIONS_LOCATION);
        if (target != null) {
            configuration.target(MigrationVersion.fromVersion(target));
        }
        final Flyway flyway = configuration.load();
        flyway.migrate();
        return flyway.info().current().getVersion().getVersion();
    }

    public DatabaseEndpoint endpoint() {
        return endpoint;
    }

    public StoreConfig config() {
        return config;
    }

    public Optional<EmbeddedPostgresServer> embedded() {
        return Optional.ofNullable(embedded);
    }

    /** A jOOQ context over one connection; the caller closes the connection. */
    public static DSLContext dsl(final Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES);
    }

    /** Runs {@code work} on a fresh connection. */
    public <T> T withDsl(final SqlWork<T> work) throws SQLException {
        try (Connection c = endpoint.connect()) {
            return work.run(dsl(c));
        }
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** A unit of database work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(DSLContext dsl) throws SQLException;
    }
}
