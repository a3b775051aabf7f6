package io.kavach.sim;

import io.kavach.sim.http.RateLimiter;
import io.kavach.sim.scenario.BarScenario;
import io.kavach.sim.scenario.Scenario;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How to start an {@link UpstoxSimulator}. Names carry their units; every default is a constant.
 * Build with {@link #builder()}; a config is immutable and can start several simulators (the
 * scenario comes from a supplier, so each start gets a fresh one).
 */
public final class SimulatorConfig {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_TOKEN = "sim-token";
    public static final String DEFAULT_USER_ID = "SIMUSER";
    public static final double DEFAULT_SPEED = 1.0;
    /** Longest market-time gap paced in full (nights and long gaps are paced as this). */
    public static final long DEFAULT_MAX_PACED_GAP_MS = 60_000;
    /** Upstox does not document its ping interval; 5 s keeps a 10 s client watchdog quiet. */
    public static final long DEFAULT_PING_INTERVAL_MS = 5_000;
    public static final long DEFAULT_CODE_LIFETIME_MS = 60_000;
    public static final long DEFAULT_ORDER_STEP_DELAY_MS = 0;
    public static final LocalDate DEFAULT_BAR_DATE = LocalDate.of(2023, 1, 2);

    final String host;
    final int apiPort;
    final int orderPort;
    final boolean tls;
    final Map<String, String> tokens;
    final Supplier<Scenario> scenario;
    final double speed;
    final long maxPacedGapMs;
    final boolean startPaused;
    final long pingIntervalMs;
    final long codeLifetimeMs;
    final long orderStepDelayMs;
    final boolean enforceRateLimits;
    final boolean partialFills;
    final RateLimiter.Limits orderCallLimits;
    final RateLimiter.Limits otherCallLimits;

    private SimulatorConfig(final Builder b) {
        host = b.host;
        apiPort = b.apiPort;
        orderPort = b.orderPort;
        tls = b.tls;
        tokens = Map.copyOf(b.tokens);
        scenario = b.scenario;
        speed = b.speed;
        maxPacedGapMs = b.maxPacedGapMs;
        startPaused = b.startPaused;
        pingIntervalMs = b.pingIntervalMs;
        codeLifetimeMs = b.codeLifetimeMs;
        orderStepDelayMs = b.orderStepDelayMs;
        enforceRateLimits = b.enforceRateLimits;
        partialFills = b.partialFills;
        orderCallLimits = b.orderCallLimits;
        otherCallLimits = b.otherCallLimits;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int apiPort;
        private int orderPort;
        private boolean tls;
        private final Map<String, String> tokens = new LinkedHashMap<>();
        private Supplier<Scenario> scenario = () -> BarScenario.shipped(DEFAULT_BAR_DATE, DEFAULT_BAR_DATE);
        private double speed = DEFAULT_SPEED;
        private long maxPacedGapMs = DEFAULT_MAX_PACED_GAP_MS;
        private boolean startPaused;
        private long pingIntervalMs = DEFAULT_PING_INTERVAL_MS;
        private long codeLifetimeMs = DEFAULT_CODE_LIFETIME_MS;
        private long orderStepDelayMs = DEFAULT_ORDER_STEP_DELAY_MS;
        private boolean enforceRateLimits = true;
        private boolean partialFills;
        private RateLimiter.Limits orderCallLimits = RateLimiter.Limits.UPSTOX_ORDER_CALLS;
        private RateLimiter.Limits otherCallLimits = RateLimiter.Limits.UPSTOX_OTHER_CALLS;

        /** Bind address; loopback by default (the simulator never listens beyond it unless told). */
        public Builder host(final String host) {
            this.host = host;
            return this;
        }

        /** Port of the API host (authorize, feeds, reads); 0 picks a free one. */
        public Builder apiPort(final int port) {
            this.apiPort = port;
            return this;
        }

        /** Port of the order host (v3 place/modify/cancel); 0 picks a free one. */
        public Builder orderPort(final int port) {
            this.orderPort = port;
            return this;
        }

        /** Serve https/wss with a fresh self-signed certificate. */
        public Builder tls(final boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Accept {@code token} as {@code userId}'s access token (call again for more users). */
        public Builder token(final String token, final String userId) {
            tokens.put(token, userId);
            return this;
        }

        public Builder scenario(final Supplier<Scenario> scenario) {
            this.scenario = scenario;
            return this;
        }

        /** Market-time speed-up; {@code Double.POSITIVE_INFINITY} plays as fast as the clients read. */
        public Builder speed(final double speed) {
            this.speed = speed;
            return this;
        }

        public Builder maxPacedGapMs(final long ms) {
            this.maxPacedGapMs = ms;
            return this;
        }

        /** Start with the scenario paused: nothing ticks until {@code resume()} or {@code step(n)}. */
        public Builder startPaused(final boolean paused) {
            this.startPaused = paused;
            return this;
        }

        public Builder pingIntervalMs(final long ms) {
            this.pingIntervalMs = ms;
            return this;
        }

        public Builder codeLifetimeMs(final long ms) {
            this.codeLifetimeMs = ms;
            return this;
        }

        /** Wall time between an order's status steps; 0 = each step in the next loop task. */
        public Builder orderStepDelayMs(final long ms) {
            this.orderStepDelayMs = ms;
            return this;
        }

        /** Answer calls over Upstox's per-user limits with 429 (on by default). */
        public Builder enforceRateLimits(final boolean enforce) {
            this.enforceRateLimits = enforce;
            return this;
        }

        /** Fill at most the touch quantity or the print's quantity per match (off: whole fills). */
        public Builder partialFills(final boolean partial) {
            this.partialFills = partial;
            return this;
        }

        public Builder orderCallLimits(final RateLimiter.Limits limits) {
            this.orderCallLimits = limits;
            return this;
        }

        public Builder otherCallLimits(final RateLimiter.Limits limits) {
            this.otherCallLimits = limits;
            return this;
        }

        public SimulatorConfig build() {
            if (tokens.isEmpty()) {
                tokens.put(DEFAULT_TOKEN, DEFAULT_USER_ID);
            }
            if (!(speed > 0)) {
                throw new IllegalArgumentException("speed must be > 0, got " + speed);
            }
            if (pingIntervalMs <= 0) {
                throw new IllegalArgumentException("pingIntervalMs must be > 0, got " + pingIntervalMs);
            }
            return new SimulatorConfig(this);
        }
    }
}
