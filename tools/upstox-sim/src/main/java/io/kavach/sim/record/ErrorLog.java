package io.kavach.sim.record;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulator's one error handler: every unexpected exception on its loop (a handler, the
 * scenario driver) lands here with where it happened, instead of vanishing with a closed
 * connection. A peer that goes away (an IOException) is expected and not recorded. Tests can
 * assert it stays empty.
 *
 * <p>Thread-safe: the loop appends, tests read.
 */
public final class ErrorLog {
    private final List<String> errors = new CopyOnWriteArrayList<>();

    public void record(final String where, final Throwable error) {
        if (!(error instanceof java.io.IOException)) {
            errors.add(where + ": " + error);
        }
    }

    public List<String> all() {
        return List.copyOf(errors);
    }
}
