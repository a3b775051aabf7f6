package io.kavach.engine.rule;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.config.time.MarketClock;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A rule engine over two instruments with a recording fire handler, for tests. */
final class RuleFixture {
    static final String A = "NSE_EQ|INE002A01018";
    static final String B = "NSE_EQ|INE467B01029";

    /** A fire as recorded (copied out of the reused {@link Fire}). */
    record Recorded(long ruleId, int fireNumber, long timeMs, int instrumentId, long price, long level, double indicator) {
    }

    final InstrumentRegistry registry = new InstrumentRegistry();
    final int a = registry.register(A);
    final int b = registry.register(B);
    final RuleParser parser = new RuleParser(registry, Map.of("RELIANCE", A, "TCS", B));
    final List<Recorded> fires = new ArrayList<>();
    final RuleEngine engine;
    final InputEvent event = new InputEvent();

    RuleFixture() {
        this(RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, (name, params) -> new FakeIndicator());
    }

    RuleFixture(final long graceMs, final IndicatorSource source) {
        engine = new RuleEngine(MarketCalendar.nseDefault(), graceMs, f -> fires.add(new Recorded(f.definition.id(), f.fireNumber,
            f.fireTimeEpochMs, f.instrumentId, f.triggerPrice, f.triggerLevel, f.indicatorValue)), source, 4);
    }

    List<RuleDefinition> add(final String json) {
        try {
            final List<RuleDefinition> defs = parser.parse(json, engine.nowEpochMs(), engine::contains);
            defs.forEach(engine::add);
            return defs;
        } catch (RuleRejectedException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    void tick(final int instrument, final double ltp, final long timeMs) {
        tick(instrument, ltp, 0, 0, timeMs);
    }

    void tick(final int instrument, final double ltp, final double bid, final double ask, final long timeMs) {
        fillTick(event, instrument, ltp, bid, ask, timeMs);
        engine.onMarketTick(event);
    }

    static void fillTick(final InputEvent e, final int instrument, final double ltp, final double bid, final double ask, final long timeMs) {
        e.kind = EventKind.MARKET_TICK;
        e.clearTick();
        e.instrumentId = instrument;
        e.eventTimeEpochMs = timeMs;
        e.ltp = io.kavach.config.Prices.toFixed(ltp);
        if (bid > 0 || ask > 0) {
            e.depthLevels = 1;
            e.bidPrice[0] = io.kavach.config.Prices.toFixed(bid);
            e.askPrice[0] = io.kavach.config.Prices.toFixed(ask);
        }
    }

    List<Long> firedIds() {
        return fires.stream().map(Recorded::ruleId).toList();
    }

    /** Epoch ms of an IST local date and time. */
    static long ist(final LocalDate date, final String hhmmss) {
        final LocalTime t = LocalTime.parse(hhmmss);
        return MarketClock.istMidnightEpochMs(date.toEpochDay()) + t.toSecondOfDay() * 1000L;
    }

    static final LocalDate MON = LocalDate.of(2026, 11, 23);

    static long at(final String hhmmss) {
        return ist(MON, hhmmss);
    }

    static String priceRule(final long id, final String instrument, final String condition, final double price, final String extra) {
        return "{\"id\":" + id + ",\"user_id\":1,\"trigger_type\":\"price\",\"instrument_token\":\"" + instrument + "\","
            + "\"trigger_config\":{\"condition\":\"" + condition + "\",\"price\":" + price + "},"
            + "\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"SELL\",\"quantity\":1,\"order_type\":\"MARKET\""
            + (extra == null ? "" : "," + extra) + "}}";
    }
}
