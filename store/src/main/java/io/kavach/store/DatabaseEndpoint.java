package io.kavach.store;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the store's PostgreSQL is and how to log in. The password is held here only to open
 * connections: {@link #toString()} leaves it out, so it cannot reach a log or an exception message.
 *
 * <p>Threading: immutable, shared freely.
 */
public final class DatabaseEndpoint {
    /** Seconds a connection attempt may take before the caller treats the database as down. */
    public static final int DEFAULT_CONNECT_TIMEOUT_S = 5;

    private final String jdbcUrl;
    private final String user;
    private final String password;

    public DatabaseEndpoint(final String jdbcUrl, final String user, final String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database URL must start with jdbc:postgresql: (got "
                + (jdbcUrl == null ? "nothing" : redactUrl(jdbcUrl)) + ")");
        }
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public DataSource dataSource() {
        return dataSource("kavach");
    }

    /** @param applicationName shows in pg_stat_activity, so an operator sees which part holds which connection */
    public DataSource dataSource(final String applicationName) {
        final PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        if (user != null) {
            ds.setUser(user);
        }
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setConnectTimeout(DEFAULT_CONNECT_TIMEOUT_S);
        ds.setApplicationName(applicationName);
        return ds;
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    public Connection connect(final String applicationName) throws SQLException {
        return dataSource(applicationName).getConnection();
    }

    /** The URL with any {@code password=} query parameter masked, for messages. */
    public static String redactUrl(final String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return "DatabaseEndpoint{" + redactUrl(jdbcUrl) + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "}";
    }
}
