package io.kavach.benchmarks.rule;

import io.kavach.config.Prices;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.rule.RuleEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * 10,000 price rules over 1,000 instruments, the same seeded ticks: Kavach's indexed evaluator
 * against Esper 8.9 running the same rules as EPL filter statements, in the same run (ticks/s). The
 * set-up checks that both fire the same number of times on the first 200,000 ticks, so the two sides
 * do the same work. Esper generates and loads classes per statement, so its JIT warm-up is long:
 * keep the warm-up generous when running this.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class PriceRulesVsEsperBenchmark {
    static final int RULES = 10_000;
    static final int INSTRUMENTS = 1_000;
    private static final int TICKS = 1 << 20;
    private static final int CHECKED_TICKS = 200_000;

    private PriceRuleSet set;
    private RuleEngine kavach;
    private EsperPriceRules esper;
    private final InputEvent event = new InputEvent();
    private double[] ltp;
    private double[] prev;
    private int nextKavach;
    private int nextEsper;
    private long kavachFires;

    @Setup
    public void setUp() {
        set = new PriceRuleSet(RULES, INSTRUMENTS, TICKS);
        kavach = set.newEngine(f -> kavachFires++);
        esper = new EsperPriceRules();
        esper.deployAll(set);
        ltp = new double[TICKS];
        prev = new double[TICKS];
        for (int t = 0; t < TICKS; t++) {
            ltp[t] = Prices.toDouble(set.tickPrice[t]);
            prev[t] = Prices.toDouble(set.tickPrevious[t]);
        }
        event.kind = EventKind.MARKET_TICK;
        event.clearTick();
        // both start from every instrument at 100.0, then must agree on the first ticks
        for (int i = 0; i < INSTRUMENTS; i++) {
            event.instrumentId = i;
            event.ltp = Prices.toFixed(100);
            event.eventTimeEpochMs = set.tickTime[0] - 1;
            kavach.onMarketTick(event);
            esper.send(i, 100.0, 100.0);
        }
        kavachFires = 0;
        esper.fires = 0;
        for (int t = 0; t < CHECKED_TICKS; t++) {
            kavachTick();
            esperTick();
        }
        if (kavachFires != esper.fires || kavachFires == 0) {
            throw new IllegalStateException("Kavach fired " + kavachFires + " times, Esper " + esper.fires + ": not the same work");
        }
        System.out.println("\nsame work checked: both fired " + kavachFires + " times on " + CHECKED_TICKS + " ticks");
    }

    @TearDown
    public void tearDown() {
        esper.destroy();
    }

    private long kavachTick() {
        final int t = nextKavach++ & (TICKS - 1);
        final InputEvent e = event;
        e.instrumentId = set.tickInstrument[t];
        e.ltp = set.tickPrice[t];
        e.eventTimeEpochMs = set.tickTime[0] + nextKavach;
        kavach.onMarketTick(e);
        return kavachFires;
    }

    private long esperTick() {
        final int t = nextEsper++ & (TICKS - 1);
        esper.send(set.tickInstrument[t], ltp[t], prev[t]);
        return esper.fires;
    }

    @Benchmark
    public long kavach() {
        return kavachTick();
    }

    @Benchmark
    public long esper() {
        return esperTick();
    }
}
