package io.kavach.feed.connection;

/**
 * Where a feed connection gets the user's Upstox access token. Implementations read a file, an
 * environment variable or run a configured command; the token is a secret and must never reach a
 * log, an exception message or {@code toString()}.
 *
 * <p>Threading: called on the connection's event loop; implementations must not block for long (a
 * slow command should be run elsewhere and its result cached).
 */
public interface TokenSource {
    /** The token to use now, or {@code null} when none is available. */
    String currentToken();

    /**
     * Called after the broker refused {@link #currentToken()} (HTTP 401 / UDAPI100050): reload from the
     * source and return the token now in force, which equals the refused one when nothing fresher
     * exists, or {@code null}.
     */
    String reload();
}
