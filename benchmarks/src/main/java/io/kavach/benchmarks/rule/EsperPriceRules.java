package io.kavach.benchmarks.rule;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.DeploymentOptions;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPEventService;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import com.espertech.esper.runtime.client.UpdateListener;

/**
 * The peer: the same price rules as Esper 8.9 EPL filter statements, one statement per rule, over a
 * {@link Tick} event that carries the instrument's previous price (so crosses are plain filters).
 */
final class EsperPriceRules {
    /** The event Esper evaluates; a mutable bean reused for every send. */
    public static final class Tick {
        private int instrument;
        private double ltp;
        private double prev;

        public int getInstrument() {
            return instrument;
        }

        public double getLtp() {
            return ltp;
        }

        public double getPrev() {
            return prev;
        }

        void set(final int instrument, final double ltp, final double prev) {
            this.instrument = instrument;
            this.ltp = ltp;
            this.prev = prev;
        }
    }

    private static int runtimes;
    private final Configuration configuration = new Configuration();
    final EPRuntime runtime;
    private final EPEventService events;
    final Tick tick = new Tick();
    long fires;
    private final UpdateListener listener = (newEvents, oldEvents, statement, rt) -> fires += newEvents == null ? 0 : newEvents.length;

    EsperPriceRules() {
        configuration.getCommon().addEventType("Tick", Tick.class);
        configuration.getRuntime().getThreading().setInternalTimerEnabled(false);
        runtime = EPRuntimeProvider.getRuntime("kavach-bench-" + (runtimes++), configuration);
        events = runtime.getEventService();
    }

    static String epl(final int instrument, final String condition, final double level) {
        final String filter;
        switch (condition) {
            case "lte": filter = "ltp <= " + level; break;
            case "gte": filter = "ltp >= " + level; break;
            case "crosses_above": filter = "prev <= " + level + " and ltp > " + level; break;
            default: filter = "prev >= " + level + " and ltp < " + level; break;
        }
        return "select instrument from Tick(instrument = " + instrument + ", " + filter + ")";
    }

    /**
     * Compiles one parameterized statement per condition and deploys it once per rule with the rule's
     * instrument and level as substitution parameters (Esper's way to deploy many similar statements;
     * the values are constants of each deployment, so Esper's filter indexes apply); attaches the
     * counting listener to each.
     */
    void deployAll(final PriceRuleSet set) {
        final EPCompiled[] compiled = new EPCompiled[PriceRuleSet.CONDITIONS.length];
        for (int c = 0; c < compiled.length; c++) {
            compiled[c] = compile(parameterizedEpl(PriceRuleSet.CONDITIONS[c]));
        }
        for (int r = 0; r < set.ruleInstrument.length; r++) {
            final int instrument = set.ruleInstrument[r];
            final double level = set.ruleLevel[r];
            final DeploymentOptions options = new DeploymentOptions().setStatementSubstitutionParameter(ctx -> {
                ctx.setObject("ins", instrument);
                ctx.setObject("lvl", level);
            });
            try {
                for (EPStatement s : runtime.getDeploymentService().deploy(compiled[set.ruleCondition[r]], options).getStatements()) {
                    s.addListener(listener);
                }
            } catch (EPDeployException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static String parameterizedEpl(final String condition) {
        final String filter;
        switch (condition) {
            case "lte": filter = "ltp <= ?:lvl:double"; break;
            case "gte": filter = "ltp >= ?:lvl:double"; break;
            case "crosses_above": filter = "prev <= ?:lvl:double and ltp > ?:lvl:double"; break;
            default: filter = "prev >= ?:lvl:double and ltp < ?:lvl:double"; break;
        }
        return "select instrument from Tick(instrument = ?:ins:int, " + filter + ")";
    }

    private EPCompiled compile(final String epl) {
        try {
            return EPCompilerProvider.getCompiler().compile(epl, new CompilerArguments(configuration));
        } catch (EPCompileException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles and deploys one EPL module (the cost of adding a rule to Esper). */
    EPDeployment deploy(final String epl) {
        try {
            return runtime.getDeploymentService().deploy(compile(epl));
        } catch (EPDeployException e) {
            throw new IllegalStateException(e);
        }
    }

    void undeploy(final EPDeployment deployment) {
        try {
            runtime.getDeploymentService().undeploy(deployment.getDeploymentId());
        } catch (com.espertech.esper.runtime.client.EPUndeployException e) {
            throw new IllegalStateException(e);
        }
    }

    void send(final int instrument, final double ltp, final double prev) {
        tick.set(instrument, ltp, prev);
        events.sendEventBean(tick, "Tick");
    }

    void destroy() {
        runtime.destroy();
    }
}
