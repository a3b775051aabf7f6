package io.kavach.engine.cli;

import io.kavach.store.Store;
import io.kavach.store.rule.RuleRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;

/**
 * {@code kavach rule …}: add, list, enable, disable and delete rules in the store. A running engine
 * picks each change up within a second (PostgreSQL NOTIFY).
 *
 * <p>Threading: the command's thread.
 */
@Command(name = "rule", mixinStandardHelpOptions = true,
    description = "Manage rules in the store; a running engine picks changes up within a second.",
    subcommands = {RuleAddCommand.class, RuleAddOcoCommand.class, RuleListCommand.class})
public final class RuleCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a rule.")
    int enable(@Mixin final StoreOptions store, @Parameters(paramLabel = "ID", description = "Rule id.") final long id)
        throws IOException, SQLException {
        return change(store, id, "enabled", dsl -> new RuleRepository().setEnabled(dsl, id, true));
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a rule (it stays, and can be enabled again).")
    int disable(@Mixin final StoreOptions store, @Parameters(paramLabel = "ID", description = "Rule id.") final long id)
        throws IOException, SQLException {
        return change(store, id, "disabled", dsl -> new RuleRepository().setEnabled(dsl, id, false));
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a rule: it stops at once; its monitor log is kept.")
    int delete(@Mixin final StoreOptions store, @Parameters(paramLabel = "ID", description = "Rule id.") final long id)
        throws IOException, SQLException {
        return change(store, id, "deleted", dsl -> new RuleRepository().delete(dsl, id, Instant.now()));
    }

    private int change(final StoreOptions store, final long id, final String done, final Store.SqlWork<Boolean> work)
        throws IOException, SQLException {
        if (id <= 0) {
            throw new BadInputException("ID: expected a rule id above 0, got " + id);
        }
        try (Store s = store.open()) {
            if (!s.withDsl(work)) {
                throw new BadInputException("rule " + id + " does not exist" + ("deleted".equals(done) ? " (or was already deleted)" : " (or was deleted)"));
            }
        }
        spec.commandLine().getOut().println("rule " + id + " " + done);
        spec.commandLine().getOut().flush();
        return KavachMain.EXIT_OK;
    }
}
