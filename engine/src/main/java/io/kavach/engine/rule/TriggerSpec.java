package io.kavach.engine.rule;

import io.kavach.engine.candle.Timeframe;

import java.util.List;
import java.util.Map;

/**
 * A validated trigger, as parsed from a rule's {@code trigger_config} (cold path, immutable). Prices
 * are fixed point ({@link io.kavach.config.Prices#PRICE_SCALE}); instruments are registry ids.
 */
public sealed interface TriggerSpec {
    String type();

    /** {@code price}: a level on one reference price of one instrument. */
    record Price(int instrumentId, byte condition, long level, byte reference) implements TriggerSpec {
        public String type() {
            return "price";
        }
    }

    /** {@code time}: once per IST day at {@code minuteOfDay}; {@code dayMask} bit n = ISO day n (1 = Monday). */
    record Time(int minuteOfDay, int dayMask, boolean marketOnly) implements TriggerSpec {
        public String type() {
            return "time";
        }
    }

    /** {@code indicator}: a condition on an indicator's value at each close of a timeframe's candle. */
    record Indicator(int instrumentId, String indicator, Timeframe timeframe, byte condition, double value,
                     Map<String, Double> params, String specKey) implements TriggerSpec {
        public String type() {
            return "indicator";
        }
    }

    /**
     * {@code order_status}: an order reached a status. Keyed by the broker's {@code orderId}, or (our
     * extension, for orders a rule places itself) by {@code sourceRuleId}: any order placed by that rule.
     */
    record OrderStatus(String orderId, long sourceRuleId, byte status) implements TriggerSpec {
        public String type() {
            return "order_status";
        }
    }

    /** {@code compound}: an and/or tree of nested triggers. */
    record Compound(boolean and, List<TriggerSpec> conditions) implements TriggerSpec {
        public String type() {
            return "compound";
        }
    }

    /**
     * {@code trailing_stop}: {@code distance} is fixed-point points, or percent times 1e6 when
     * {@code percent}; {@code activationPrice} is -1 when the stop is active from the first price.
     */
    record TrailingStop(int instrumentId, boolean longSide, boolean percent, long distance, long activationPrice,
                        byte reference) implements TriggerSpec {
        public String type() {
            return "trailing_stop";
        }
    }
}
