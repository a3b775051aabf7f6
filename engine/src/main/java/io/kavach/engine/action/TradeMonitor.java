package io.kavach.engine.action;

import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketCalendar;
import io.kavach.engine.candle.Candle;
import io.kavach.engine.candle.CandleListener;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.position.PositionBook;
import io.kavach.engine.risk.RiskGuard;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.IndicatorSource;
import io.kavach.engine.rule.RuleCommand;
import io.kavach.engine.rule.RuleDefinition;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.rule.RuleParser;
import io.kavach.engine.rule.RuleRejectedException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rules part of the logic step, wired in the order the step needs: positions are marked and
 * risk checked first (so a tick that breaches the loss limit already halts the entries it would
 * fire), then the rules evaluate and their fires become intents; order updates reach positions
 * before order-status rules, so a bracket's exits see the entry's fill. Time (time rules, expiries,
 * the risk day) advances with market ticks, candle closes and TIMER events only.
 *
 * <p>Threading: owned by the logic thread; {@link #onEvent} is the hot path, rule commands and
 * {@link #addRules} the cold path.
 */
public final class TradeMonitor implements CandleListener {
    private final RuleEngine rules;
    private final ActionExecutor actions;
    private final PositionBook positions = new PositionBook();
    private final RiskGuard risk;
    private final RuleParser parser;
    /** Input sequence of the last event handled; read by the writer thread for lockstep paper trading. */
    private final AtomicLong handledSequence = new AtomicLong(-1);
    private long ruleAddCommands;
    private long rejectedCommands;
    private String lastRejection;

    public TradeMonitor(final InstrumentRegistry instruments, final Map<String, String> symbolToKey, final MarketCalendar calendar,
                        final IndicatorSource indicators, final RiskLimits defaultLimits, final long timeRuleGraceMs,
                        final OrderOutbox outbox, final MonitorLogSink monitorLog) {
        this.risk = new RiskGuard(defaultLimits);
        this.actions = new ActionExecutor(positions, risk, outbox, monitorLog);
        this.rules = new RuleEngine(calendar, timeRuleGraceMs, actions, indicators, Math.max(16, instruments.size()));
        this.parser = new RuleParser(instruments, symbolToKey, indicators);
    }

    public void onEvent(final InputEvent e) {
        switch (e.kind) {
            case EventKind.MARKET_TICK:
                actions.onMarketTick(e);
                rules.onMarketTick(e);
                break;
            case EventKind.ORDER_UPDATE:
                actions.onOrderUpdate(e);
                rules.onOrderUpdate(e);
                break;
            case EventKind.RULE_COMMAND:
                onRuleCommand(e);
                break;
            case EventKind.TIMER:
                rules.onTime(e.eventTimeEpochMs);
                break;
            default:
                // the clock follows market data and journaled timers only: gateways stamp other
                // events with their own clocks, which must not move time rules or expiries
                break;
        }
        handledSequence.lazySet(e.sequence);
    }

    /** The input sequence of the last event {@link #onEvent} finished; safe to read from any thread. */
    public long handledSequence() {
        return handledSequence.get();
    }

    @Override
    public void onCandleClosed(final Candle candle) {
        rules.onCandleClosed(candle);
    }

    /** Validates and activates a rules JSON (cold path); all-or-nothing. */
    public List<RuleDefinition> addRules(final String json) throws RuleRejectedException {
        return addRules(json, rules.nowEpochMs());
    }

    /**
     * As {@link #addRules(String)}, checking expiries against {@code nowEpochMs} (a backtest loads its
     * rules before the first event: it passes the first bar's time).
     */
    public List<RuleDefinition> addRules(final String json, final long nowEpochMs) throws RuleRejectedException {
        final List<RuleDefinition> defs = parser.parse(json, Math.max(nowEpochMs, rules.nowEpochMs()), rules::contains);
        for (RuleDefinition d : defs) {
            rules.add(d);
        }
        return defs;
    }

    private void onRuleCommand(final InputEvent e) {
        switch (e.command) {
            case RuleCommand.ADD:
                ruleAddCommands++;
                try {
                    addRules(new String(e.payload, 0, e.payloadLength, StandardCharsets.UTF_8));
                } catch (RuleRejectedException ex) {
                    reject(ex.getMessage());
                }
                break;
            case RuleCommand.DELETE:
                if (!rules.remove(e.ruleId)) {
                    reject("rule_id: expected an existing rule, got " + e.ruleId);
                }
                break;
            case RuleCommand.ENABLE:
                if (!rules.enable(e.ruleId)) {
                    reject("rule_id: expected an existing rule that is not spent or expired, got " + e.ruleId);
                }
                break;
            case RuleCommand.DISABLE:
                if (!rules.disable(e.ruleId)) {
                    reject("rule_id: expected an existing rule, got " + e.ruleId);
                }
                break;
            case RuleCommand.RISK_LIMITS:
                try {
                    risk.setDefaults(RiskLimits.fromPayload(e.payload, e.payloadLength));
                } catch (final IllegalArgumentException bad) {
                    reject(bad.getMessage());
                }
                break;
            default:
                reject("command: expected a RuleCommand code, got " + e.command);
                break;
        }
    }

    private void reject(final String message) {
        rejectedCommands++;
        lastRejection = message;
    }

    /** RULE_COMMAND ADDs handled, refused ones included (a restart asks whether the day's journal added rules). */
    public long ruleAddCommands() {
        return ruleAddCommands;
    }

    public long rejectedCommands() {
        return rejectedCommands;
    }

    public String lastRejection() {
        return lastRejection;
    }

    /** Cold path: who hears fills. */
    public void setFillHandler(final FillHandler handler) {
        actions.setFillHandler(handler);
    }

    public RuleEngine rules() {
        return rules;
    }

    public PositionBook positions() {
        return positions;
    }

    public RiskGuard risk() {
        return risk;
    }
}
