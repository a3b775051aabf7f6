package io.kavach.engine.live;

/**
 * Where the live engine tells a person that something needs attention (a paused feed, a refused
 * token, an order warning). The default prints to stderr; the store's status row and the CLI read the
 * latest ones.
 */
public interface LiveAlerts {
    void warn(String message);

    void alert(String message);

    LiveAlerts STDERR = new LiveAlerts() {
        @Override
        public void warn(final String message) {
            System.err.println("kavach: warning: " + message);
        }

        @Override
        public void alert(final String message) {
            System.err.println("kavach: ALERT: " + message);
        }
    };
}
