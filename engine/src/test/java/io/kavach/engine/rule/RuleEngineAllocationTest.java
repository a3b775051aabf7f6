package io.kavach.engine.rule;

import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.event.InputEvent;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule engine's hot path allocates nothing in steady state: a million ticks over 10,000 rules, measured per thread. */
class RuleEngineAllocationTest {
    private long fires;

    @Test
    void shouldAllocateNothingPerTickInSteadyState() throws Exception {
        final int instruments = 100;
        final InstrumentRegistry registry = new InstrumentRegistry();
        for (int i = 0; i < instruments; i++) {
            registry.register("NSE_EQ|I" + i);
        }
        final RuleEngine engine = new RuleEngine(MarketCalendar.nseDefault(), RuleEngine.TIME_RULE_GRACE_MS_DEFAULT,
            f -> fires++, (n, p) -> new FakeIndicator(), instruments);
        final RuleParser parser = new RuleParser(registry, Map.of());
        final Random rnd = new Random(42);
        final String[] conditions = {"lte", "gte", "crosses_above", "crosses_below"};
        final StringBuilder json = new StringBuilder("[");
        for (int id = 1; id <= 10_000; id++) {
            final String ins = "NSE_EQ|I" + rnd.nextInt(instruments);
            json.append(id > 1 ? "," : "").append("{\"id\":").append(id).append(",\"user_id\":1,\"instrument_token\":\"").append(ins).append('"');
            if (id % 10 == 0) {
                json.append(",\"trigger_type\":\"compound\",\"trigger_config\":{\"operator\":\"and\",\"conditions\":[")
                    .append("{\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"gte\",\"price\":").append(90 + rnd.nextInt(20)).append("}},")
                    .append("{\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"crosses_below\",\"price\":").append(90 + rnd.nextInt(20)).append("}}]}");
            } else if (id % 10 == 1) {
                json.append(",\"trigger_type\":\"trailing_stop\",\"trigger_config\":{\"side\":\"long\",\"trail\":\"points\",\"distance\":2}");
            } else {
                json.append(",\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"").append(conditions[rnd.nextInt(4)])
                    .append("\",\"price\":").append(95 + 0.05 * rnd.nextInt(200)).append('}');
            }
            json.append(",\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"BUY\",\"quantity\":1,\"order_type\":\"MARKET\"}}");
        }
        json.append(']');
        parser.parse(json.append("").toString(), 0, x -> false).forEach(engine::add);

        final InputEvent e = new InputEvent();
        final long[] price = new long[instruments];
        java.util.Arrays.fill(price, Prices.toFixed(100));
        final long start = RuleFixture.at("09:15:00");
        final long[] time = {start};
        final Runnable step = () -> {
            final int ins = rnd.nextInt(instruments);
            price[ins] = Math.max(Prices.toFixed(90), Math.min(Prices.toFixed(110), price[ins] + Prices.toFixed(0.05) * (rnd.nextInt(21) - 10)));
            time[0] += 20;
            RuleFixture.fillTick(e, ins, Prices.toDouble(price[ins]), 0, 0, time[0]);
            engine.onMarketTick(e);
        };
        for (int i = 0; i < 200_000; i++) {
            step.run();
        }
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final long firesBefore = fires;
        final long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1_000_000; i++) {
            step.run();
        }
        final long allocated = mx.getThreadAllocatedBytes(thread) - before;
        assertTrue(fires - firesBefore > 100_000, "steady state must fire rules too, fired " + (fires - firesBefore));
        assertEquals(0, allocated, "bytes allocated by 1,000,000 ticks");
    }
}
