package io.kavach.engine.risk;

import io.kavach.config.Prices;
import org.junit.jupiter.api.Test;

import static io.kavach.engine.rule.RuleFixtureTime.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RiskGuardTest {
    @Test
    void shouldHaltEntriesButAllowExitsAfterTheDailyLossLimitUntilTheNextDay() {
        final RiskGuard g = new RiskGuard(new RiskLimits(Prices.toFixed(1000), 0, false));
        assertFalse(g.onPnl(1, Prices.toFixed(-999), at("10:00:00")));
        assertTrue(g.onPnl(1, Prices.toFixed(-1000), at("10:01:00")));
        assertFalse(g.onPnl(1, Prices.toFixed(-1500), at("10:02:00")), "halts once");
        assertEquals(RiskGuard.REFUSED_HALTED, g.checkOrder(1, false, false, at("10:03:00")));
        assertEquals(RiskGuard.OK, g.checkOrder(1, true, false, at("10:03:00")));
        assertEquals(RiskGuard.OK, g.checkOrder(2, false, false, at("10:03:00")), "other users are unaffected");
        assertEquals(RiskGuard.OK, g.checkOrder(1, false, false, at("09:20:00") + 86_400_000L), "a new day lifts the halt");
        assertEquals(0, g.dayPnl(1), "the day's P&L restarts from the previous day's close");
    }

    @Test
    void shouldTellTheHaltHandlerOnceWhenAUserIsHaltedAndOnceWhenTheNextDayLiftsIt() {
        final RiskGuard g = new RiskGuard(new RiskLimits(Prices.toFixed(1000), 0, false));
        final java.util.List<String> changes = new java.util.ArrayList<>();
        g.setHaltHandler((user, halted, dayPnl, at) -> changes.add(user + " " + halted + " " + dayPnl + " " + at));
        g.onPnl(1, Prices.toFixed(-999), at("10:00:00"));
        assertEquals(java.util.List.of(), changes, "no change, no call");
        g.onPnl(1, Prices.toFixed(-1250), at("10:01:00"));
        g.onPnl(1, Prices.toFixed(-1500), at("10:02:00"));
        g.checkOrder(1, false, false, at("10:03:00"));
        assertEquals(java.util.List.of("1 true " + Prices.toFixed(-1250) + " " + at("10:01:00")), changes);
        g.checkOrder(1, false, false, at("09:20:00") + 86_400_000L);
        g.checkOrder(1, false, false, at("09:21:00") + 86_400_000L);
        assertEquals(java.util.List.of("1 true " + Prices.toFixed(-1250) + " " + at("10:01:00"),
            "1 false 0 " + (at("09:20:00") + 86_400_000L)), changes, "the first input of the next day lifts it, once");
        g.checkOrder(2, false, false, at("09:22:00") + 2 * 86_400_000L);
        assertEquals(2, changes.size(), "a user never halted has nothing to lift");
    }

    @Test
    void shouldApplyNewDefaultsFromNowOnKeepingTheDaysPnlAndAHaltInForce() {
        final RiskGuard g = new RiskGuard(RiskLimits.DEFAULT);
        assertFalse(g.onPnl(1, Prices.toFixed(-1500), at("10:00:00")), "no limit: no halt");
        g.onPnl(2, Prices.toFixed(-100), at("10:00:00"));
        g.setDefaults(new RiskLimits(Prices.toFixed(1000), RiskLimits.MAX_ORDERS_PER_MINUTE_DEFAULT, false));
        assertTrue(g.onPnl(1, Prices.toFixed(-1600), at("10:01:00")), "the day's loss so far counts against the new limit");
        assertFalse(g.onPnl(2, Prices.toFixed(-900), at("10:01:00")));

        g.setDefaults(new RiskLimits(Prices.toFixed(100_000), RiskLimits.MAX_ORDERS_PER_MINUTE_DEFAULT, false));
        assertEquals(RiskGuard.REFUSED_HALTED, g.checkOrder(1, false, false, at("10:02:00")), "a halt lasts the day, whatever the limit becomes");
        assertFalse(g.onPnl(2, Prices.toFixed(-1100), at("10:02:00")), "the raised limit holds for a user not halted");
        assertEquals(Prices.toFixed(100_000), g.defaults().dailyLossLimit());
    }

    @Test
    void shouldReadBackTheRiskLimitsCommandPayloadAndNameWhatIsWrongInABadOne() {
        final RiskLimits limits = new RiskLimits(Prices.toFixed(2500.5), 120, true);
        final byte[] payload = limits.payload();
        assertEquals(limits, RiskLimits.fromPayload(payload, payload.length));
        final byte[] bad = "{\"daily_loss_limit\":-1,\"max_orders_per_minute\":500,\"flatten_on_halt\":false}".getBytes();
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> RiskLimits.fromPayload(bad, bad.length));
        assertTrue(e.getMessage().contains("daily_loss_limit"), e.getMessage());
        final byte[] torn = java.util.Arrays.copyOf(payload, payload.length - 3);
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> RiskLimits.fromPayload(torn, torn.length)).getMessage().startsWith("risk limits:"));
    }

    @Test
    void shouldCapOrdersPerTrailingMinute() {
        final RiskGuard g = new RiskGuard(new RiskLimits(0, 3, false));
        final long t = at("10:00:00");
        assertEquals(RiskGuard.OK, g.checkOrder(1, false, false, t));
        assertEquals(RiskGuard.OK, g.checkOrder(1, false, false, t + 10_000));
        assertEquals(RiskGuard.OK, g.checkOrder(1, true, false, t + 20_000));
        assertEquals(RiskGuard.REFUSED_RATE_LIMIT, g.checkOrder(1, false, false, t + 59_999));
        assertEquals(RiskGuard.OK, g.checkOrder(1, false, false, t + 60_000));
        assertEquals(RiskGuard.REFUSED_RATE_LIMIT, g.checkOrder(1, false, false, t + 60_001));
    }

    @Test
    void shouldRefuseAllButCancellationsUnderTheKillSwitch() {
        final RiskGuard g = new RiskGuard(RiskLimits.DEFAULT);
        g.setKillSwitch(true);
        assertEquals(RiskGuard.REFUSED_KILL_SWITCH, g.checkOrder(1, false, false, at("10:00:00")));
        assertEquals(RiskGuard.REFUSED_KILL_SWITCH, g.checkOrder(1, true, false, at("10:00:00")));
        assertEquals(RiskGuard.OK, g.checkOrder(1, false, true, at("10:00:00")));
        g.setKillSwitch(false);
        g.setUserKillSwitch(2, true);
        assertEquals(RiskGuard.OK, g.checkOrder(1, false, false, at("10:00:00")));
        assertEquals(RiskGuard.REFUSED_KILL_SWITCH, g.checkOrder(2, false, false, at("10:00:00")));
    }
}
