package io.kavach.engine.cli;

import io.kavach.store.Store;
import io.kavach.store.rule.RuleRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code kavach rule list}: the rules in the store (deleted ones left out).
 *
 * <p>Threading: the command's thread.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List rules (deleted ones are not shown).")
final class RuleListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Option(names = "--active", description = "Only rules that can still fire: enabled, not used up, not expired.")
    boolean active;
    @Option(names = "--json", description = "A JSON array of rules in the nf-monitor model, each with \"active\".")
    boolean json;

    @Override
    public Integer call() throws IOException, SQLException {
        final Instant now = Instant.now(); // wall clock: the CLI is outside the engine
        try (Store s = store.open()) {
            RulePrinter.printList(spec.commandLine().getOut(), s.withDsl(dsl -> new RuleRepository().list(dsl, active, now)), json, now);
        }
        return KavachMain.EXIT_OK;
    }
}
