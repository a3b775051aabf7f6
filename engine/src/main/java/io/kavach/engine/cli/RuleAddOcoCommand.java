package io.kavach.engine.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavach.config.instrument.Instrument;
import io.kavach.store.Store;
import io.kavach.store.rule.RuleRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kavach rule add-oco}: a stop-loss and a target as two one-shot price rules that cancel each
 * other ({@code also_cancel_rules}), so the engine fires exactly one of them even when both levels
 * cross in the same tick. Both are written in one transaction.
 *
 * <p>Threading: the command's thread.
 */
@Command(name = "add-oco", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Add a stop-loss and a target that cancel each other (one-cancels-other). Example:",
        "  kavach rule add-oco --symbol RELIANCE --qty 10 --product I --sl 2400 --target 2700 --expires today"})
final class RuleAddOcoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptions store;
    @Mixin
    InstrumentOptions instruments;

    @Option(names = "--symbol", required = true, paramLabel = "SYM", description = "Instrument by trading symbol or instrument key.")
    String symbol;
    @Option(names = "--qty", required = true, description = "Quantity to exit.")
    long qty;
    @Option(names = "--product", required = true, description = "I (intraday) or D (delivery).")
    String product;
    @Option(names = "--sl", required = true, paramLabel = "PRICE", description = "Stop-loss level.")
    BigDecimal stop;
    @Option(names = "--target", required = true, paramLabel = "PRICE", description = "Target level.")
    BigDecimal target;
    @Option(names = "--position", defaultValue = "long", description = "The position protected: long (default; exits SELL) or short (exits BUY).")
    String position;
    @Option(names = "--linked-trade", paramLabel = "ID", description = "Trade the pair protects.")
    String linkedTrade;
    @Option(names = "--expires", paramLabel = "WHEN", defaultValue = "never", description = "As for 'rule add' (default never).")
    String expires;
    @Option(names = "--name", description = "Name prefix (default: OCO SYMBOL).")
    String name;
    @Option(names = "--user", defaultValue = "1", description = "Owning user id (default ${DEFAULT-VALUE}).")
    int userId;
    @Option(names = "--json", description = "Print the two rules as a JSON array.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        final Instant now = Instant.now(); // wall clock: the CLI is outside the engine
        RuleJson.oneOf(position, "--position", java.util.Set.of("long", "short"));
        RuleJson.oneOf(product, "--product", java.util.Set.of("I", "D"));
        RuleJson.positive(qty, "--qty");
        RuleJson.positivePrice(stop, "--sl");
        RuleJson.positivePrice(target, "--target");
        final boolean isLong = "long".equals(position);
        if (isLong && target.compareTo(stop) <= 0) {
            throw new BadInputException("--target " + target.toPlainString() + " is not above --sl " + stop.toPlainString()
                + ": for a long position the target must be above the stop (use --position short for a short)");
        }
        if (!isLong && target.compareTo(stop) >= 0) {
            throw new BadInputException("--target " + target.toPlainString() + " is not below --sl " + stop.toPlainString()
                + ": for a short position the target must be below the stop");
        }
        final Instant expiresAt = RuleJson.expiry(expires, now);
        final Instrument instrument = instruments.resolve(store.homeDir(), symbol, "--symbol");
        final String prefix = name != null ? name : "OCO " + instrument.tradingSymbol();
        final ObjectNode stopLeg = leg(prefix + " stop-loss", instrument, isLong ? "lte" : "gte", stop, isLong, expiresAt);
        final ObjectNode targetLeg = leg(prefix + " target", instrument, isLong ? "gte" : "lte", target, isLong, expiresAt);
        try (Store s = store.open()) {
            final List<RuleRow> added = new RuleInserter(instruments.master(store.homeDir()), now).add(s, List.of(stopLeg, targetLeg), java.util.Arrays.asList(expiresAt, expiresAt), List.of(),
                (drafts, ids) -> {
                    ((ObjectNode) drafts.get(0).get("action_config")).putArray("also_cancel_rules").add(ids[1]);
                    ((ObjectNode) drafts.get(1).get("action_config")).putArray("also_cancel_rules").add(ids[0]);
                });
            RulePrinter.printAdded(spec.commandLine().getOut(), added, json);
        }
        return KavachMain.EXIT_OK;
    }

    private ObjectNode leg(final String legName, final Instrument instrument, final String condition, final BigDecimal level,
                           final boolean isLong, final Instant expiresAt) {
        final ObjectNode rule = RuleJson.object();
        rule.put("user_id", userId);
        rule.put("name", legName);
        rule.put("enabled", true);
        rule.put("trigger_type", "price");
        final ObjectNode t = rule.putObject("trigger_config");
        t.put("condition", condition);
        t.put("price", level);
        t.put("reference", "ltp");
        rule.put("action_type", "place_order");
        final ObjectNode a = rule.putObject("action_config");
        a.put("instrument_token", instrument.instrumentKey());
        a.put("transaction_type", isLong ? "SELL" : "BUY");
        a.put("quantity", qty);
        a.put("order_type", "MARKET");
        a.put("product", product);
        a.put("validity", "DAY");
        a.put("reduce_only", true); // an exit: never more than the live position, nothing when flat
        rule.put("instrument_token", instrument.instrumentKey());
        rule.put("symbol", instrument.tradingSymbol());
        rule.put("linked_trade_id", linkedTrade);
        rule.putNull("linked_order_id");
        rule.put("fire_count", 0);
        rule.put("max_fires", 1);
        rule.put("expires_at", RuleJson.iso(expiresAt));
        return rule;
    }
}
