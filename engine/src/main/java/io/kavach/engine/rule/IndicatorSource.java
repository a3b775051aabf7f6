package io.kavach.engine.rule;

import io.kavach.engine.indicator.Indicator;

import java.util.Map;

/** Creates an indicator for an indicator trigger's name and params (cold path, when a rule is added). */
@FunctionalInterface
public interface IndicatorSource {
    /** @throws IllegalArgumentException when the name or params are not supported */
    Indicator create(String name, Map<String, Double> params);
}
