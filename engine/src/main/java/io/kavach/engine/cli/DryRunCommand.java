package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.config.Prices;
import io.kavach.config.instrument.Instrument;
import io.kavach.store.Store;
import io.kavach.store.position.PositionRepository;
import io.kavach.store.position.PositionRow;
import io.kavach.store.rule.RuleRepository;
import io.kavach.store.rule.RuleRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code kavach dry-run}: evaluates the store's active rules against the current prices (the last
 * prices the engine stored with the positions, or {@code --price SYM=P}) and the stored positions,
 * in a paper engine; shows what would fire and which orders would go out, and acts on nothing.
 *
 * <p>Threading: the command's thread.
 */
@Command(name = "dry-run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Evaluate the active rules against current prices and positions; act on nothing.",
        "Prices: the last prices stored with the positions, overridden or completed by --price SYM=P.",
        "One price per instrument: state conditions (lte, gte, trailing stops) are evaluated; crosses need a move (see simulate --from)."})
public final class DryRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Mixin
    InstrumentOptions instruments;

    @Option(names = "--price", paramLabel = "SYM=P", description = "The current price of an instrument (repeatable).")
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    @Option(names = "--at", paramLabel = "WHEN", description = "Evaluate as of HH:MM (today, IST) or an ISO date-time with offset. Default: now.")
    String at;
    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException, SQLException {
        final Instant now = at == null ? Instant.now() : RuleJson.instant(at, "--at", Instant.now()); // wall clock: outside the engine
        final Map<String, Long> priceByKey = new LinkedHashMap<>();
        for (final Map.Entry<String, BigDecimal> p : prices.entrySet()) {
            final Instrument instrument = instruments.resolve(store.homeDir(), p.getKey(), "--price");
            priceByKey.put(instrument.instrumentKey(), Prices.toFixed(RuleJson.positivePrice(p.getValue(), "--price " + p.getKey()).doubleValue()));
        }
        final List<RuleRow> rules;
        final List<PositionRow> positions;
        try (Store s = store.open()) {
            rules = s.withDsl(dsl -> new RuleRepository().list(dsl, false, now));
            positions = s.withDsl(dsl -> new PositionRepository().all(dsl));
        }
        for (final PositionRow p : positions) {
            if (p.lastPrice() != null && p.lastPrice().signum() > 0) {
                priceByKey.putIfAbsent(p.instrumentToken(), Prices.toFixed(p.lastPrice().doubleValue()));
            }
        }
        final long t = now.toEpochMilli();
        final PaperEvaluation paper = new PaperEvaluation(instruments.master(store.homeDir()), rules, t);
        PaperPositions.load(paper, positions, null, t - 1);

        final TreeSet<String> noPrice = new TreeSet<>();
        for (final RuleRow r : rules) {
            if (r.active(now) && r.instrumentToken() != null && !priceByKey.containsKey(r.instrumentToken())) {
                noPrice.add(r.instrumentToken());
            }
        }
        final ObjectNode result = RuleJson.object();
        result.put("at", RuleJson.iso(now));
        result.put("rules_loaded", paper.loaded());
        final ObjectNode pricesUsed = result.putObject("prices");
        for (final Map.Entry<String, Long> p : priceByKey.entrySet()) {
            final int id = paper.instrumentId(p.getKey());
            if (id < 0) {
                noPrice.add(p.getKey());
                continue;
            }
            pricesUsed.put(p.getKey(), Prices.toDouble(p.getValue()));
            paper.tick(id, p.getValue(), t, true);
        }
        final ArrayNode missing = result.putArray("instruments_without_price");
        noPrice.forEach(missing::add);
        final ArrayNode skipped = result.putArray("skipped");
        paper.skipped().forEach(skipped::add);
        result.set("fires", paper.fires());
        PaperReport.print(spec.commandLine().getOut(), result, json,
            "dry-run at " + RuleJson.iso(now) + ": " + result.get("rules_loaded").asInt() + " rules, " + pricesUsed.size()
                + " prices" + (noPrice.isEmpty() ? "" : ", no price for " + String.join(", ", noPrice)));
        return KavachMain.EXIT_OK;
    }
}
