package io.kavach.engine.live;

import io.kavach.feed.connection.TokenSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where the user's Upstox access token comes from: a file (re-read on every reload, so replacing it
 * after the 03:30 IST rollover needs no restart), an environment variable, or a command that prints
 * it. The token is a secret: it never appears in a message, a log line or {@code toString()}.
 */
public final class TokenSources {
    private static final long COMMAND_TIMEOUT_MS = 10_000;

    private TokenSources() {
    }

    /** A fixed token (the simulator's, or a test's). */
    public static TokenSource fixed(final String token) {
        return new TokenSource() {
            @Override
            public String currentToken() {
                return token;
            }

            @Override
            public String reload() {
                return token;
            }

            @Override
            public String toString() {
                return "fixed token";
            }
        };
    }

    /** The first line of a file, re-read on reload. */
    public static TokenSource file(final Path path) {
        return new Cached("token file " + path) {
            @Override
            String read() throws IOException {
                return Files.exists(path) ? firstLine(Files.readString(path, StandardCharsets.UTF_8)) : null;
            }
        };
    }

    /** An environment variable, read again on reload. */
    public static TokenSource environment(final String name) {
        return new Cached("environment variable " + name) {
            @Override
            String read() {
                return firstLine(System.getenv(name));
            }
        };
    }

    /** The first line a command prints (run through {@code sh -c}), run again on reload. */
    public static TokenSource command(final String command) {
        return new Cached("token command") {
            @Override
            String read() throws IOException {
                final Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(false).start();
                try (InputStream out = p.getInputStream()) {
                    if (!p.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                        p.destroyForcibly();
                        throw new IOException("token command did not finish within " + COMMAND_TIMEOUT_MS + " ms");
                    }
                    if (p.exitValue() != 0) {
                        throw new IOException("token command exited with " + p.exitValue());
                    }
                    return firstLine(new String(out.readAllBytes(), StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while running the token command");
                }
            }
        };
    }

    private static String firstLine(final String text) {
        if (text == null) {
            return null;
        }
        final String line = text.strip().lines().findFirst().orElse("").strip();
        return line.isEmpty() ? null : line;
    }

    /** Reads once, then again on every {@link #reload()}; a failed read keeps the last token and says why (without it). */
    private abstract static class Cached implements TokenSource {
        private final String description;
        private String token;
        private boolean loaded;

        Cached(final String description) {
            this.description = description;
        }

        abstract String read() throws IOException;

        @Override
        public synchronized String currentToken() {
            if (!loaded) {
                reload();
            }
            return token;
        }

        @Override
        public synchronized String reload() {
            loaded = true;
            try {
                final String fresh = read();
                if (fresh != null) {
                    token = fresh;
                }
            } catch (IOException e) {
                System.err.println("kavach: could not read the access token from the " + description + ": " + e.getMessage());
            }
            return token;
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
