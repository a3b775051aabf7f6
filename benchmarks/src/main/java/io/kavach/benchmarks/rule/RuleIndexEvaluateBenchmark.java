package io.kavach.benchmarks.rule;

import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.rule.RuleEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One market tick through the indexed rule evaluator, for 1k / 10k / 100k price rules over 1,000
 * instruments: the per-tick cost should grow with log(rules) and the rules fired, not with the rules.
 * {@code fires} reports the average number of rules fired per tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RuleIndexEvaluateBenchmark {
    private static final int TICKS = 1 << 20;

    @Param({"1000", "10000", "100000"})
    int rules;

    private PriceRuleSet set;
    private RuleEngine engine;
    private final InputEvent event = new InputEvent();
    private int next;
    long fires;

    @Setup
    public void setUp() {
        set = new PriceRuleSet(rules, 1000, TICKS);
        engine = set.newEngine(f -> fires++);
        event.kind = EventKind.MARKET_TICK;
        event.clearTick();
    }

    @Benchmark
    public long evaluateTick() {
        final int t = next++ & (TICKS - 1);
        final InputEvent e = event;
        e.instrumentId = set.tickInstrument[t];
        e.ltp = set.tickPrice[t];
        // keep time moving forward across wraps of the tick array
        e.eventTimeEpochMs = set.tickTime[0] + next;
        engine.onMarketTick(e);
        return fires;
    }
}
