package io.kavach.sim.auth;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Single-use WebSocket codes: the authorize endpoints issue one per call, the upgrade consumes it.
 * A code is refused when reused, unknown, issued for the other feed, or older than its lifetime.
 *
 * <p>Owned by the simulator's event loop.
 */
public final class AuthorizeCodes {

    /** What an authorize call granted: whose feed, which feed, and (portfolio) which update types. */
    public record Grant(String userId, FeedKind kind, Set<String> updateTypes, long issuedNanos) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> codes = new HashMap<>();
    private final long lifetimeNanos;

    public AuthorizeCodes(final long lifetimeMs) {
        this.lifetimeNanos = lifetimeMs * 1_000_000L;
    }

    public String issue(final String userId, final FeedKind kind, final Set<String> updateTypes) {
        final byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        final String code = HexFormat.of().formatHex(bytes);
        codes.put(code, new Grant(userId, kind, updateTypes, System.nanoTime())); // wall clock: code lifetime
        return code;
    }

    /** Consumes a code; null when it cannot open {@code kind} now (the request log shows the refusal). */
    public Grant consume(final String code, final FeedKind kind) {
        final Grant g = code == null ? null : codes.remove(code);
        if (g == null || g.kind != kind || System.nanoTime() - g.issuedNanos > lifetimeNanos) {
            return null;
        }
        return g;
    }
}
