package io.kavach.engine.rule;

import io.kavach.engine.candle.Timeframe;
import io.kavach.engine.indicator.Indicator;

import java.util.Arrays;

/**
 * One indicator instance per (instrument, timeframe, name+params), shared by every indicator leaf
 * that names it, with the previous closed-candle value for crosses.
 *
 * <p>Threading: owned by the logic thread.
 */
final class IndicatorFeed {
    final int instrumentId;
    final Timeframe timeframe;
    final String specKey;
    final Indicator indicator;
    double last = Double.NaN;
    boolean hasLast;
    TriggerNode[] leaves = new TriggerNode[4];
    int leafCount;

    IndicatorFeed(final int instrumentId, final Timeframe timeframe, final String specKey, final Indicator indicator) {
        this.instrumentId = instrumentId;
        this.timeframe = timeframe;
        this.specKey = specKey;
        this.indicator = indicator;
    }

    void add(final TriggerNode leaf) {
        if (leafCount == leaves.length) {
            leaves = Arrays.copyOf(leaves, leafCount * 2);
        }
        leaves[leafCount++] = leaf;
    }

    void remove(final TriggerNode leaf) {
        for (int i = 0; i < leafCount; i++) {
            if (leaves[i] == leaf) {
                System.arraycopy(leaves, i + 1, leaves, i, leafCount - i - 1);
                leaves[--leafCount] = null;
                return;
            }
        }
    }
}
