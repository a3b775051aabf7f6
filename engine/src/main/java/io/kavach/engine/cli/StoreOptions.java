package io.kavach.engine.cli;

import io.kavach.store.Store;
import io.kavach.store.StoreConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the store is, for every command that reads or writes it: the embedded PostgreSQL under the
 * home directory by default, a real server with {@code --db-url}. The password is never a flag.
 *
 * <p>Threading: the command's thread.
 */
public final class StoreOptions {
    static {
        // A command prints its result, not Flyway's and the PostgreSQL launcher's start-up chatter
        // (slf4j-simple reads these once, when the first logger is made; a user's own setting wins).
        System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", System.getProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", System.getProperty("org.slf4j.simpleLogger.log.io.zonky", "warn"));
    }

    @Option(names = "--home", paramLabel = "DIR",
        description = "Engine home directory (embedded database, instruments.csv). Default: $KAVACH_HOME or ~/.kavach.")
    Path home;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
        description = "Use this PostgreSQL instead of the embedded one, e.g. jdbc:postgresql://db:5432/kavach. Default: $KAVACH_DB_URL.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user for --db-url. Default: $KAVACH_DB_USER.")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE",
        description = "File holding the database password for --db-url. Default: $KAVACH_DB_PASSWORD.")
    Path dbPasswordFile;

    StoreConfig config() {
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new BadInputException("--db-url: expected a JDBC URL starting with jdbc:postgresql:, got '"
                + io.kavach.store.DatabaseEndpoint.redactUrl(dbUrl) + "'");
        }
        if (dbPasswordFile != null && !Files.isReadable(dbPasswordFile)) {
            throw new BadInputException("--db-password-file: cannot read " + dbPasswordFile);
        }
        if (dbUrl == null && (dbUser != null || dbPasswordFile != null)) {
            throw new BadInputException("--db-user and --db-password-file need --db-url (without it the embedded database is used)");
        }
        return StoreConfig.resolve(home, dbUrl, dbUser, dbPasswordFile, System.getenv());
    }

    /** Reaches the database (starting or attaching to the embedded one) and migrates it. */
    Store open() {
        try {
            return Store.open(config());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open the store (" + config() + "): " + e.getMessage(), e);
        }
    }

    Path homeDir() {
        return config().homeDir();
    }
}
