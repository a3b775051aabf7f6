package io.kavach.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How to reach the store: the embedded default under the engine's home directory, or a real server
 * given by URL. The password of a real server comes from an environment variable or a file, never
 * from a command-line flag (flags show in {@code ps}), and is never printed.
 *
 * <p>Threading: immutable.
 */
public final class StoreConfig {
    /** Environment variable naming the engine's home directory (default {@code ~/.kavach}). */
    public static final String HOME_ENV = "KAVACH_HOME";
    public static final String DEFAULT_HOME_DIR_NAME = ".kavach";
    /** Environment variables for a real server: URL, user and password. */
    public static final String DB_URL_ENV = "KAVACH_DB_URL";
    public static final String DB_USER_ENV = "KAVACH_DB_USER";
    public static final String DB_PASSWORD_ENV = "KAVACH_DB_PASSWORD";

    private final Path homeDir;
    private final String dbUrl;
    private final String dbUser;
    private final Path dbPasswordFile;

    private StoreConfig(final Path homeDir, final String dbUrl, final String dbUser, final Path dbPasswordFile) {
        this.homeDir = homeDir;
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.dbPasswordFile = dbPasswordFile;
    }

    /** The embedded server with its data under {@code homeDir}. */
    public static StoreConfig embedded(final Path homeDir) {
        return new StoreConfig(homeDir, null, null, null);
    }

    /** A real server; the password is read from {@code passwordFile} if given, else from {@value #DB_PASSWORD_ENV}. */
    public static StoreConfig server(final Path homeDir, final String dbUrl, final String dbUser, final Path passwordFile) {
        return new StoreConfig(homeDir, dbUrl, dbUser, passwordFile);
    }

    /**
     * From flags with environment fallbacks: {@code home} else {@value #HOME_ENV} else {@code ~/.kavach};
     * {@code dbUrl} else {@value #DB_URL_ENV} (absent: embedded); {@code dbUser} else {@value #DB_USER_ENV}.
     */
    public static StoreConfig resolve(final Path home, final String dbUrl, final String dbUser, final Path passwordFile,
                                      final Map<String, String> env) {
        final Path homeDir = home != null ? home
            : env.get(HOME_ENV) != null ? Path.of(env.get(HOME_ENV))
            : Path.of(System.getProperty("user.home"), DEFAULT_HOME_DIR_NAME);
        final String url = dbUrl != null ? dbUrl : env.get(DB_URL_ENV);
        if (url == null) {
            return embedded(homeDir);
        }
        return server(homeDir, url, dbUser != null ? dbUser : env.get(DB_USER_ENV), passwordFile);
    }

    public Path homeDir() {
        return homeDir;
    }

    public boolean isEmbedded() {
        return dbUrl == null;
    }

    /** The endpoint of a real server (not for the embedded one, whose endpoint its server gives). */
    DatabaseEndpoint serverEndpoint(final Map<String, String> env) throws IOException {
        String password = null;
        if (dbPasswordFile != null) {
            password = Files.readString(dbPasswordFile, StandardCharsets.UTF_8).trim();
        } else if (env.get(DB_PASSWORD_ENV) != null) {
            password = env.get(DB_PASSWORD_ENV);
        }
        return new DatabaseEndpoint(dbUrl, dbUser, password);
    }

    @Override
    public String toString() {
        return isEmbedded() ? "embedded PostgreSQL under " + homeDir
            : "PostgreSQL at " + DatabaseEndpoint.redactUrl(dbUrl) + " as " + dbUser;
    }
}
