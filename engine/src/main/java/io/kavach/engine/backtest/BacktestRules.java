package io.kavach.engine.backtest;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.action.PaperExchange;
import io.kavach.engine.action.TradeMonitor;
import io.kavach.engine.candle.CandleBook;
import io.kavach.engine.cli.BadInputException;
import io.kavach.engine.indicator.Indicators;
import io.kavach.engine.output.JsonLines;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleDefinition;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.rule.RuleRejectedException;
import io.kavach.engine.rule.TriggerSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code backtest --rules}: loads and validates the rules file (all-or-nothing, every problem named
 * by its JSON path), builds the {@link TradeMonitor} the logic thread runs, tracks the candle
 * timeframes indicator rules need, and executes intents at an in-process paper broker in lockstep
 * with the bars (see {@link PaperExchange}): the publishing thread shows each tick to the broker,
 * then waits for the logic to decide, so the same bars and rules give the same fires and fills on
 * every run.
 *
 * <p>Threading: built on the main thread before the ring starts; {@link #afterTick} and
 * {@link #finish} run on the publishing thread; the monitor and report on the logic thread.
 */
public final class BacktestRules {
    private final TradeMonitor monitor;
    private final FireReport report;
    private final int ruleCount;
    private PaperExchange exchange;

    private BacktestRules(final TradeMonitor monitor, final FireReport report, final int ruleCount) {
        this.monitor = monitor;
        this.report = report;
        this.ruleCount = ruleCount;
    }

    /** Reads and activates the rules; a refused file is a {@link BadInputException} listing every problem. */
    public static BacktestRules load(final Path file, final InstrumentRegistry registry, final List<BarFile> bars, final int[] ids,
                                     final CandleBook candles, final JsonLines output) throws IOException {
        if (!Files.isReadable(file)) {
            throw new BadInputException("--rules " + file + ": no such readable file");
        }
        final String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new BadInputException("--rules " + file + ": not UTF-8 text");
        }
        return build("--rules " + file, json, registry, symbols(registry, bars, ids), activationEpochMs(bars), candles, output);
    }

    /**
     * The same rules, monitor and report for a replay of a journaled backtest: intents go nowhere
     * (side effects suppressed); fills arrive as the journaled ORDER_UPDATE inputs.
     */
    public static BacktestRules forReplay(final String source, final String json, final InstrumentRegistry registry,
                                          final Map<String, String> symbols, final long activationEpochMs, final CandleBook candles,
                                          final JsonLines output) {
        final BacktestRules rules = build(source, json, registry, symbols, activationEpochMs, candles, output);
        rules.report.setTarget(intent -> { });
        return rules;
    }

    private static BacktestRules build(final String source, final String json, final InstrumentRegistry registry,
                                       final Map<String, String> symbols, final long activationEpochMs, final CandleBook candles,
                                       final JsonLines output) {
        final FireReport report = new FireReport(registry, output);
        final TradeMonitor monitor = new TradeMonitor(registry, symbols, MarketCalendar.nseDefault(), Indicators::create,
            RiskLimits.DEFAULT, RuleEngine.TIME_RULE_GRACE_MS_DEFAULT, report, report);
        monitor.setFillHandler(report);
        final List<RuleDefinition> defs;
        try {
            defs = monitor.addRules(json, activationEpochMs);
        } catch (RuleRejectedException e) {
            throw new BadInputException(source + " refused, nothing activated:\n  " + String.join("\n  ", e.problems()));
        }
        for (RuleDefinition d : defs) {
            trackIndicatorTimeframes(d.trigger(), candles);
        }
        candles.addListener(monitor);
        return new BacktestRules(monitor, report, defs.size());
    }

    /** The bar symbol → instrument key map rules are parsed with (the symbols of the bar files). */
    public static Map<String, String> symbols(final InstrumentRegistry registry, final List<BarFile> bars, final int[] ids) {
        final Map<String, String> symbols = new HashMap<>();
        for (int i = 0; i < bars.size(); i++) {
            symbols.put(bars.get(i).symbol(), registry.keyOf(ids[i]));
        }
        return symbols;
    }

    /** When the rules become active: the first bar's start (0 without bars). */
    public static long activationEpochMs(final List<BarFile> bars) {
        long firstBar = Long.MAX_VALUE;
        for (BarFile b : bars) {
            if (b.count() > 0) {
                firstBar = Math.min(firstBar, b.startEpochMs(0));
            }
        }
        return firstBar == Long.MAX_VALUE ? 0 : firstBar;
    }

    /** Tracks on the candle book every timeframe an indicator trigger (also inside a compound) needs. */
    public static void trackIndicatorTimeframes(final TriggerSpec t, final CandleBook candles) {
        if (t instanceof TriggerSpec.Indicator ind) {
            candles.track(ind.instrumentId(), ind.timeframe());
        } else if (t instanceof TriggerSpec.Compound c) {
            for (TriggerSpec child : c.conditions()) {
                trackIndicatorTimeframes(child, candles);
            }
        }
    }

    public TradeMonitor monitor() {
        return monitor;
    }

    /** Connects the paper broker to the ring's publisher; before the first bar. */
    public void start(final InputPublisher publisher) {
        start(publisher, null);
    }

    /**
     * As {@link #start(InputPublisher)}; with a journal, intents are placed only once the journal has
     * caught up with the logic too (journal first for side effects).
     */
    public void start(final InputPublisher publisher, final java.util.function.LongSupplier journaledSequence) {
        final java.util.function.LongSupplier decided = journaledSequence == null ? monitor::handledSequence
            : () -> Math.min(monitor.handledSequence(), journaledSequence.getAsLong());
        exchange = new PaperExchange(publisher, decided, PaperExchange.QUEUE_CAPACITY_DEFAULT);
        report.setTarget(exchange);
    }

    /** Publishing thread, after each tick: the broker sees the tick, then the logic's decisions are placed. */
    public void afterTick(final int instrumentId, final long eventTimeEpochMs, final long price) {
        exchange.onTick(instrumentId, price, 0, 0, eventTimeEpochMs);
        exchange.settle(eventTimeEpochMs);
    }

    /** Publishing thread, after the last bar and timers: places what the final events decided. */
    public void finish() {
        exchange.settle(monitor.rules().nowEpochMs());
    }

    public String summary() {
        if (exchange == null) {
            return ruleCount + " rules, " + report.fires() + " fires, " + report.fills() + " fills (replayed), "
                + monitor.rules().missedTimeFires() + " missed time fires";
        }
        return ruleCount + " rules, " + report.fires() + " fires, " + report.fills() + " paper fills, "
            + exchange.broker().openOrders() + " orders still open, " + exchange.overflows() + " intent overflows, "
            + exchange.unknownOrders() + " modify/cancel of unknown orders, " + monitor.rules().missedTimeFires() + " missed time fires";
    }
}
