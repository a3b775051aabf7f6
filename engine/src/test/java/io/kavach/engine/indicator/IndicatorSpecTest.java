package io.kavach.engine.indicator;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndicatorSpecTest {

    @Test
    void shouldParseTheBacktestListKeepingEachSpecAsGivenAsItsKey() {
        final List<IndicatorSpec> specs = IndicatorSpec.parseList("rsi:14, ema:9,macd:12:26:9,vwap,bollinger:20:2.5");
        assertEquals(List.of("rsi:14", "ema:9", "macd:12:26:9", "vwap", "bollinger:20:2.5"), specs.stream().map(IndicatorSpec::key).toList());
        assertInstanceOf(RsiIndicator.class, specs.get(0).create());
        assertInstanceOf(MacdIndicator.class, specs.get(2).create());
        assertEquals(3, specs.get(2).create().outputs());
        assertEquals("signal", specs.get(2).create().outputName(1));
        assertNotSame(specs.get(0).create(), specs.get(0).create(), "a fresh indicator per instrument");
    }

    @Test
    void shouldFillMissingParametersWithDefaults() {
        final Indicator macd = IndicatorSpec.parse("macd").create();
        final Indicator explicit = new MacdIndicator(12, 26, 9);
        final io.kavach.engine.candle.Candle c = new io.kavach.engine.candle.Candle();
        for (int i = 0; i < 50; i++) {
            c.close = 1_000_000L * (100 + i % 7);
            macd.onCandle(c);
            explicit.onCandle(c);
        }
        assertEquals(explicit.value(2), macd.value(2));
    }

    @Test
    void shouldRejectBadSpecsNamingTheBadPartAndWhatWasExpected() {
        assertMessage("indicator 2 of 'rsi:14,foo:3': 'foo:3': unknown indicator 'foo': expected one of rsi, macd", () -> IndicatorSpec.parseList("rsi:14,foo:3"));
        assertMessage("'rsi:abc': parameter 1 'abc' is not a number: expected rsi:period", () -> IndicatorSpec.parse("rsi:abc"));
        assertMessage("'rsi:0': rsi: parameter 'period' must be a whole number >= 1, was 0.0", () -> IndicatorSpec.parse("rsi:0"));
        assertMessage("'ema:9.5': ema: parameter 'period' must be a whole number >= 1, was 9.5", () -> IndicatorSpec.parse("ema:9.5"));
        assertMessage("'macd:26:12:9': macd: fast period (26) must be shorter than slow period (12)", () -> IndicatorSpec.parse("macd:26:12:9"));
        assertMessage("'vwap:5': vwap: too many parameters (1): expected at most 0", () -> IndicatorSpec.parse("vwap:5"));
        assertMessage("'bollinger:20:-1': bollinger: parameter 'k' must be a finite number > 0, was -1.0", () -> IndicatorSpec.parse("bollinger:20:-1"));
        assertMessage("indicator 2 of 'rsi:14,': empty indicator spec", () -> IndicatorSpec.parseList("rsi:14,"));
        assertMessage("indicator 'ema:9' is listed twice", () -> IndicatorSpec.parseList("ema:9,ema:9"));
        assertMessage("indicator list is empty", () -> IndicatorSpec.parseList(" "));
        assertMessage("'foo:x': unknown indicator 'foo': expected one of", () -> IndicatorSpec.parse("foo:x"));
    }

    @Test
    void shouldCreateIndicatorsFromRuleJsonNamesAndParams() {
        final Map<String, Object> params = new LinkedHashMap<>();
        params.put("period", 14);
        assertInstanceOf(RsiIndicator.class, Indicators.create("rsi", params));
        assertInstanceOf(SuperTrendIndicator.class, Indicators.create("supertrend", Map.of("period", 7, "multiplier", 2.5)));
        assertInstanceOf(EmaCrossoverIndicator.class, Indicators.create("ema_crossover", Map.of("fast", "5", "slow", 13)));
        assertInstanceOf(VolumeSpikeIndicator.class, Indicators.create("volume_spike", null));
        for (String name : Indicators.NAMES.split(", ")) {
            assertTrue(Indicators.create(name, Map.of()).outputs() >= 1, name);
        }
        assertMessage("rsi: unknown parameter 'peroid': expected one of period", () -> Indicators.create("rsi", Map.of("peroid", 14)));
        assertMessage("macd: parameter 'slow' must be a number, was 'x'", () -> Indicators.create("macd", Map.of("slow", "x")));
        assertMessage("vwap: unknown parameter 'period': expected no parameters", () -> Indicators.create("vwap", Map.of("period", 3)));
        assertMessage("unknown indicator 'stoch': expected one of", () -> Indicators.create("stoch", Map.of()));
    }

    private static void assertMessage(final String expectedStart, final org.junit.jupiter.api.function.Executable call) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(expectedStart), "message was: " + e.getMessage());
    }
}
