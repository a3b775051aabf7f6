package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kavach.store.Store;
import io.kavach.store.StoreTime;
import io.kavach.store.log.MonitorLogRepository;
import io.kavach.store.log.MonitorLogRow;
import io.kavach.store.rule.RuleRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kavach logs}: the monitor log, newest fire first — what fired, on what market state, and
 * what the action did.
 *
 * <p>Threading: the command's thread.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Show the monitor log (rule fires), newest first.")
public final class LogsCommand implements Callable<Integer> {
    public static final int MAX_LIMIT = 10_000;

    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Option(names = "--rule", paramLabel = "ID", description = "Only this rule's fires.")
    Long ruleId;
    @Option(names = "--limit", defaultValue = "20", description = "At most this many rows (default ${DEFAULT-VALUE}).")
    int limit;
    @Option(names = "--json", description = "A JSON array of log rows.")
    boolean json;

    @Override
    public Integer call() throws IOException, SQLException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadInputException("--limit: expected 1 to " + MAX_LIMIT + ", got " + limit);
        }
        if (ruleId != null && ruleId <= 0) {
            throw new BadInputException("--rule: expected a rule id above 0, got " + ruleId);
        }
        final List<MonitorLogRow> rows;
        try (Store s = store.open()) {
            rows = s.withDsl(dsl -> {
                if (ruleId != null && new RuleRepository().find(dsl, ruleId).isEmpty()) {
                    throw new BadInputException("--rule: rule " + ruleId + " does not exist");
                }
                return new MonitorLogRepository().latest(dsl, ruleId, limit);
            });
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (json) {
            final ArrayNode a = RuleJson.array();
            rows.forEach(r -> a.add(r.toJsonNode()));
            out.println(RulePrinter.write(a));
        } else if (rows.isEmpty()) {
            out.println(ruleId == null ? "no fires yet" : "rule " + ruleId + " has not fired");
        } else {
            out.printf("%-25s %-6s %-14s %-20s %-5s %s%n", "FIRED_AT", "RULE", "TRIGGER", "ACTION", "TAKEN", "SNAPSHOT -> RESULT");
            for (final MonitorLogRow r : rows) {
                out.printf("%-25s %-6d %-14s %-20s %-5s %s -> %s%n", StoreTime.ist(r.firedAt()), r.ruleId(), r.triggerType(),
                    r.actionType(), r.actionTaken() ? "yes" : "no", r.toJsonNode().get("trigger_snapshot"), r.toJsonNode().get("action_result"));
            }
        }
        out.flush();
        return KavachMain.EXIT_OK;
    }
}
