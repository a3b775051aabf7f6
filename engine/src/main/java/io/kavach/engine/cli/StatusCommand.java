package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.store.Store;
import io.kavach.store.status.HaltedUser;
import io.kavach.store.status.HeartbeatProcessor;
import io.kavach.store.status.ServiceStatus;
import io.kavach.store.status.ServiceStatusRepository;
import io.kavach.store.rule.RuleRepository;
import io.kavach.store.writer.JournalPosition;
import io.kavach.store.writer.StoreWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code kavach status}: the engine's heartbeat (state, connections, lag, counters), halted users,
 * and the store (rules, watermark). An engine whose heartbeat is older than two heartbeat intervals
 * is reported as not running.
 *
 * <p>Threading: the command's thread.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Engine heartbeat, connections, lag, counters, halted users, and the store.")
public final class StatusCommand implements Callable<Integer> {
    public static final long STALE_AFTER_MS = 2 * HeartbeatProcessor.DEFAULT_INTERVAL_MS;

    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException, SQLException {
        final Instant now = Instant.now(); // wall clock: the CLI is outside the engine
        final ObjectNode status = RuleJson.object();
        try (Store s = store.open()) {
            s.withDsl(dsl -> {
                final ServiceStatusRepository repo = new ServiceStatusRepository();
                final Optional<ServiceStatus> engine = repo.find(dsl, ServiceStatusRepository.ENGINE_SERVICE);
                final ObjectNode e = status.putObject("engine");
                if (engine.isEmpty()) {
                    e.put("running", false);
                    e.put("state", "never started");
                } else {
                    final ServiceStatus st = engine.get();
                    final long ageMs = Duration.between(st.heartbeatAt(), now).toMillis();
                    e.put("running", !"stopped".equals(st.state()) && ageMs <= STALE_AFTER_MS);
                    e.put("state", ageMs > STALE_AFTER_MS && !"stopped".equals(st.state()) ? "not responding (" + st.state() + ")" : st.state());
                    e.put("instance_id", st.instanceId());
                    e.put("host", st.host());
                    e.put("pid", st.pid());
                    e.put("version", st.version());
                    e.put("started_at", RuleJson.iso(st.startedAt()));
                    e.put("heartbeat_at", RuleJson.iso(st.heartbeatAt()));
                    e.put("heartbeat_age_ms", ageMs);
                    e.put("market_feed", st.marketFeedState());
                    e.put("portfolio_feed", st.portfolioFeedState());
                    if (st.lagMs() == null) {
                        e.putNull("lag_ms");
                    } else {
                        e.put("lag_ms", st.lagMs());
                    }
                    if (st.journalSeq() == null) {
                        e.putNull("journal_seq");
                    } else {
                        e.put("journal_seq", st.journalSeq());
                    }
                    e.set("counters", RuleJson.rawObject(st.countersJson(), "service_status.counters"));
                }
                final ArrayNode halted = status.putArray("halted_users");
                for (final HaltedUser u : repo.haltedUsers(dsl)) {
                    final ObjectNode h = halted.addObject();
                    h.put("user_id", u.userId());
                    h.put("name", u.name());
                    h.put("halted_at", RuleJson.iso(u.haltedAt()));
                    h.put("reason", u.reason());
                }
                final ObjectNode st = status.putObject("store");
                st.put("database", s.config().toString());
                final RuleRepository rules = new RuleRepository();
                st.put("rules", rules.list(dsl, false, now).size());
                st.put("active_rules", rules.list(dsl, true, now).size());
                final long watermark = StoreWriter.readWatermark(dsl);
                final ObjectNode w = st.putObject("watermark");
                if (watermark == JournalPosition.NONE) {
                    w.putNull("journal_day");
                    w.putNull("journal_seq");
                } else {
                    w.put("journal_day", java.time.LocalDate.ofEpochDay(JournalPosition.day(watermark)).toString());
                    w.put("journal_seq", JournalPosition.sequence(watermark));
                }
                return null;
            });
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(RulePrinter.write(status));
        } else {
            final JsonNode e = status.get("engine");
            out.println("engine:   " + e.get("state").asText() + (e.has("heartbeat_at")
                ? " (heartbeat " + e.get("heartbeat_at").asText() + ", " + e.get("heartbeat_age_ms").asLong() / 1000 + " s ago, pid "
                + e.get("pid").asLong() + " on " + e.get("host").asText() + ")" : ""));
            if (e.has("market_feed")) {
                out.println("feeds:    market " + e.get("market_feed").asText("-") + ", portfolio " + e.get("portfolio_feed").asText("-"));
                out.println("lag:      " + (e.get("lag_ms").isNull() ? "-" : e.get("lag_ms").asLong() + " ms")
                    + ", journal seq " + (e.get("journal_seq").isNull() ? "-" : e.get("journal_seq").asLong()));
                out.println("counters: " + e.get("counters"));
            }
            final JsonNode halted = status.get("halted_users");
            out.println("halted:   " + (halted.isEmpty() ? "none" : ""));
            halted.forEach(h -> out.println("  user " + h.get("user_id").asInt() + " (" + h.get("name").asText() + ") since "
                + h.get("halted_at").asText() + ": " + h.get("reason").asText()));
            final JsonNode st = status.get("store");
            out.println("store:    " + st.get("database").asText() + "; " + st.get("active_rules").asInt() + " active of "
                + st.get("rules").asInt() + " rules; rows written through journal "
                + (st.get("watermark").get("journal_day").isNull() ? "(nothing yet)"
                : st.get("watermark").get("journal_day").asText() + " #" + st.get("watermark").get("journal_seq").asLong()));
        }
        out.flush();
        return KavachMain.EXIT_OK;
    }
}
