package io.kavach.sim;

import io.kavach.config.time.MarketClock;
import io.kavach.sim.scenario.InstrumentSpec;
import io.kavach.sim.scenario.Scenario;

import java.time.LocalDate;
import java.util.List;

/** Shared instruments and configs for the simulator tests. */
final class SimFixtures {
    static final String EQUITY = "NSE_EQ|INE002A01018";
    static final String INDEX = "NSE_INDEX|Nifty 50";
    static final String OPTION = "NSE_FO|43919";
    static final String TOKEN = SimulatorConfig.DEFAULT_TOKEN;
    static final String USER = SimulatorConfig.DEFAULT_USER_ID;
    /** 2023-01-02 09:15 IST, a trading Monday. */
    static final long OPEN_MS = MarketClock.epochMsAt(LocalDate.of(2023, 1, 2).toEpochDay(), MarketClock.SESSION_OPEN_MINUTE);

    private SimFixtures() {
    }

    /** A market that only moves when the test calls {@code tick}: RELIANCE 2,500, NIFTY 18,000, an option at 100. */
    static SimulatorConfig.Builder quietMarket() {
        return SimulatorConfig.builder().pingIntervalMs(200).scenario(() -> Scenario.quiet(OPEN_MS, List.of(
            InstrumentSpec.of(EQUITY, 2500.0), InstrumentSpec.of(INDEX, 18000.0), InstrumentSpec.of(OPTION, 100.0))));
    }

    static String authorize(final RestClient rest, final String path) throws Exception {
        final RestClient.Answer a = rest.get(path);
        if (a.status() != 200) {
            throw new AssertionError("authorize failed: " + a.status() + " " + a.raw());
        }
        return a.body().path("data").path("authorized_redirect_uri").asText();
    }

    static String authorizeMarket(final RestClient rest) throws Exception {
        return authorize(rest, "/v3/feed/market-data-feed/authorize");
    }

    static String authorizePortfolio(final RestClient rest) throws Exception {
        return authorize(rest, "/v2/feed/portfolio-stream-feed/authorize?update_types=order%2Cposition%2Cholding%2Cgtt_order");
    }
}
