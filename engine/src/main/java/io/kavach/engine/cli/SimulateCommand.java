package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kavach simulate}: pushes one price into a paper engine loaded with the store's active
 * rules and the stored positions, and shows what would fire and which orders would go out. Nothing
 * is sent and nothing is written.
 *
 * <p>Threading: the command's thread.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Push a price into a paper engine with the active rules and show what would fire (nothing is sent or written).",
        "A first price crosses nothing: give --from for crosses_above/crosses_below. Exits are reduce-only: without a",
        "position (stored, or --position) they show as SKIPPED_FLAT."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Mixin
    InstrumentOptions instruments;

    @Option(names = "--symbol", required = true, paramLabel = "SYM", description = "Instrument by trading symbol or instrument key.")
    String symbol;
    @Option(names = "--price", required = true, paramLabel = "P", description = "The price (LTP) pushed.")
    BigDecimal price;
    @Option(names = "--from", paramLabel = "P0", description = "The price before it (so crosses can fire).")
    BigDecimal from;
    @Option(names = "--position", paramLabel = "QTY", description = "Hold this signed quantity of --symbol instead of the stored position.")
    Long position;
    @Option(names = "--product", defaultValue = "I", description = "Product of --position: I (default) or D.")
    String product;
    @Option(names = "--user", defaultValue = "1", description = "User of --position (default ${DEFAULT-VALUE}).")
    int userId;
    @Option(names = "--at", paramLabel = "WHEN", description = "When the price comes: HH:MM (today, IST) or ISO date-time with offset. Default: now.")
    String at;
    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException, SQLException {
        RuleJson.positivePrice(price, "--price");
        RuleJson.positivePrice(from, "--from");
        RuleJson.oneOf(product, "--product", java.util.Set.of("I", "D"));
        final Instant now = at == null ? Instant.now() : RuleJson.instant(at, "--at", Instant.now()); // wall clock: outside the engine
        final Instrument instrument = instruments.resolve(store.homeDir(), symbol, "--symbol");
        final List<RuleRow> rules;
        final List<PositionRow> positions;
        try (Store s = store.open()) {
            rules = s.withDsl(dsl -> new RuleRepository().list(dsl, false, now));
            positions = s.withDsl(dsl -> new PositionRepository().all(dsl));
        }
        final long t = now.toEpochMilli();
        final PaperEvaluation paper = new PaperEvaluation(instruments.master(store.homeDir()), rules, t);
        final int id = paper.instrumentId(instrument.instrumentKey());
        PaperPositions.load(paper, positions, position == null ? null : instrument.instrumentKey(), t - 1);
        if (position != null && position != 0) {
            paper.position(userId, id, "D".equals(product) ? io.kavach.order.OrderCodes.PRODUCT_D : io.kavach.order.OrderCodes.PRODUCT_I,
                position, Prices.toFixed(price.doubleValue()), t - 1);
        }
        if (from != null) {
            paper.tick(id, Prices.toFixed(from.doubleValue()), t - 1, false);
        }
        paper.tick(id, Prices.toFixed(price.doubleValue()), t, true);

        final ObjectNode result = RuleJson.object();
        result.put("symbol", instrument.tradingSymbol());
        result.put("instrument", instrument.instrumentKey());
        result.put("price", price);
        if (from != null) {
            result.put("from", from);
        }
        result.put("at", RuleJson.iso(now));
        result.put("rules_loaded", paper.loaded());
        final var skipped = result.putArray("skipped");
        paper.skipped().forEach(skipped::add);
        result.set("fires", paper.fires());
        PaperReport.print(spec.commandLine().getOut(), result, json,
            "simulate " + instrument.tradingSymbol() + " at " + price.toPlainString() + (from == null ? "" : " (from " + from.toPlainString() + ")")
                + ", " + RuleJson.iso(now) + ": " + result.get("rules_loaded").asInt() + " rules loaded");
        return KavachMain.EXIT_OK;
    }
}
