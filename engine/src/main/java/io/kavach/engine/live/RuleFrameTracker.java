package io.kavach.engine.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.engine.LogicHandler;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.backtest.BacktestRules;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.rule.LiveRule;
import io.kavach.engine.rule.RuleCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Candles are built only for tracked (instrument, timeframe) pairs, so an indicator rule added by a
 * RULE_COMMAND while running (from the store) needs its frames tracked, as the rules known at start
 * are. After each ADD it tracks the frames of the rules the command added. Replaying the journal does
 * the same at the same input, so a replay builds the same candles.
 *
 * <p>Threading: the logic thread (a step listener); rule commands are the cold path, ticks cost a
 * kind check.
 */
public final class RuleFrameTracker implements LogicHandler.StepListener {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TradeMonitor monitor;
    private final CandleBook candles;

    public RuleFrameTracker(final TradeMonitor monitor, final CandleBook candles) {
        this.monitor = monitor;
        this.candles = candles;
    }

    @Override
    public void onStepDone(final InputEvent e) {
        if (e.kind != EventKind.RULE_COMMAND || e.command != RuleCommand.ADD) {
            return;
        }
        final JsonNode tree;
        try {
            tree = JSON.readTree(new String(e.payload, 0, e.payloadLength, StandardCharsets.UTF_8));
        } catch (final IOException refused) {
            return; // the monitor refused and counted it
        }
        for (final JsonNode n : tree.isArray() ? tree : List.of(tree)) {
            final LiveRule rule = n.hasNonNull("id") ? monitor.rules().rule(n.get("id").asLong()) : null;
            if (rule != null) {
                BacktestRules.trackIndicatorTimeframes(rule.definition().trigger(), candles);
            }
        }
    }
}
