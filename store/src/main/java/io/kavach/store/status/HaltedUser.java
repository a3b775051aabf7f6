package io.kavach.store.status;

import java.time.Instant;

/** A user in the HALTED state (daily loss limit or kill switch): entries refused, exits allowed. */
public record HaltedUser(int userId, String name, Instant haltedAt, String reason) {
}
