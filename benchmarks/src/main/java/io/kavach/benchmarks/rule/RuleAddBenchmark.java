package io.kavach.benchmarks.rule;

import com.espertech.esper.runtime.client.EPDeployment;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.engine.rule.RuleDefinition;
import io.kavach.engine.rule.RuleEngine;
import io.kavach.engine.rule.RuleParser;
import io.kavach.engine.rule.RuleRejectedException;
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

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Adding or changing one price rule in an engine that already holds 10,000 (over 1,000 instruments):
 * {@code changeRule} replaces a rule by id with a new level (unindex + index), {@code addRule} adds a
 * new id and deletes it again (two changes per op), {@code parseValidateAndAdd} includes the JSON
 * validation a rule command goes through; {@code esperCompileAndDeploy} is the peer: compiling and
 * deploying one EPL statement (and undeploying it) in an Esper runtime holding the same 10,000.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class RuleAddBenchmark {
    private static final int VARIANTS = 1024;

    private PriceRuleSet set;
    private RuleEngine engine;
    private RuleParser parser;
    private RuleDefinition[] changes;
    private RuleDefinition[] additions;
    private String[] additionJson;
    private int next;

    /**
     * The Esper runtime holding the same 10,000 rules, built only for {@link #esperCompileAndDeploy}
     * (deploying 10,000 statements takes a minute here; the Kavach methods need none of it).
     */
    @State(Scope.Thread)
    public static class EsperState {
        EsperPriceRules esper;
        int next;

        @Setup
        public void setUp() {
            esper = new EsperPriceRules();
            esper.deployAll(new PriceRuleSet(PriceRulesVsEsperBenchmark.RULES, PriceRulesVsEsperBenchmark.INSTRUMENTS, 16));
        }

        @TearDown
        public void tearDown() {
            esper.destroy();
        }
    }

    @Setup
    public void setUp() throws RuleRejectedException {
        set = new PriceRuleSet(PriceRulesVsEsperBenchmark.RULES, PriceRulesVsEsperBenchmark.INSTRUMENTS, 16);
        engine = set.newEngine(f -> { });
        final InstrumentRegistry registry = set.registry;
        parser = new RuleParser(registry, Map.of());
        changes = new RuleDefinition[VARIANTS];
        additions = new RuleDefinition[VARIANTS];
        additionJson = new String[VARIANTS];
        for (int i = 0; i < VARIANTS; i++) {
            final int instrument = i % PriceRulesVsEsperBenchmark.INSTRUMENTS;
            final String condition = PriceRuleSet.CONDITIONS[i & 3];
            changes[i] = parse(PriceRuleSet.ruleJson(1 + (i * 7) % PriceRulesVsEsperBenchmark.RULES, instrument, condition, 95 + 0.05 * (i % 200)));
            additionJson[i] = PriceRuleSet.ruleJson(1_000_000 + i, instrument, condition, 95 + 0.05 * (i % 200));
            additions[i] = parse(additionJson[i]);
        }
    }

    private RuleDefinition parse(final String json) throws RuleRejectedException {
        final List<RuleDefinition> defs = parser.parse(json, 0, id -> true);
        return defs.get(0);
    }

    @Benchmark
    public Object changeRule() {
        return engine.add(changes[next++ & (VARIANTS - 1)]);
    }

    @Benchmark
    public boolean addRule() {
        final RuleDefinition d = additions[next++ & (VARIANTS - 1)];
        engine.add(d);
        return engine.remove(d.id());
    }

    @Benchmark
    public boolean parseValidateAndAdd() throws RuleRejectedException {
        final int i = next++ & (VARIANTS - 1);
        final RuleDefinition d = parser.parse(additionJson[i], engine.nowEpochMs(), engine::contains).get(0);
        engine.add(d);
        return engine.remove(d.id());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    public String esperCompileAndDeploy(final EsperState s) {
        final int i = s.next++ & (VARIANTS - 1);
        final EPDeployment d = s.esper.deploy(EsperPriceRules.epl(i % PriceRulesVsEsperBenchmark.INSTRUMENTS, PriceRuleSet.CONDITIONS[i & 3],
            95 + 0.05 * (i % 200)) + ";");
        s.esper.undeploy(d);
        return d.getDeploymentId();
    }
}
