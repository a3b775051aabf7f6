package io.kavach.sim.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens the simulator accepts, each belonging to one user, optionally expiring at a
 * scenario market time (Upstox tokens die at 03:30 IST; tests pick their own moment).
 *
 * <p>Thread-safe: tests add and expire tokens from their own thread while the loop checks them.
 */
public final class AccessTokens {
    private record Grant(String userId, long expiresAtMarketTimeMs) {
    }

    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();

    /** Accepts {@code token} for {@code userId} from now on (replacing any earlier expiry). */
    public void add(final String token, final String userId) {
        tokens.put(token, new Grant(userId, Long.MAX_VALUE));
    }

    /** The token is refused once market time reaches {@code marketTimeMs}. */
    public void expireAt(final String token, final long marketTimeMs) {
        tokens.computeIfPresent(token, (t, g) -> new Grant(g.userId, marketTimeMs));
    }

    /** The token is refused from now on. */
    public void revoke(final String token) {
        tokens.remove(token);
    }

    /** The user a token belongs to, or null when it is unknown or expired at {@code marketTimeMs}. */
    public String userFor(final String token, final long marketTimeMs) {
        if (token == null) {
            return null;
        }
        final Grant g = tokens.get(token);
        return g == null || marketTimeMs >= g.expiresAtMarketTimeMs ? null : g.userId;
    }

    /** The user from an {@code Authorization: Bearer …} header value, or null. */
    public String userForHeader(final String authorization, final long marketTimeMs) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return userFor(authorization.substring(7).trim(), marketTimeMs);
    }
}
