package io.kavach.benchmarks.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the rules file for issue 3's backtest target (a month of NIFTY and BANKNIFTY one-minute
 * bars with 1,000 rules in under 2 s): {@code count} price rules, half per index, conditions lte,
 * gte, crosses_above and crosses_below in turn, levels spread uniformly over the index's January
 * 2023 range (seeded), one-shot MARKET orders of one lot. {@code benchmarks/run} times
 * {@code ./kavach backtest} over it.
 * <pre>java -cp benchmarks.jar io.kavach.benchmarks.backtest.BacktestRuleFile OUT.json [count]</pre>
 */
public final class BacktestRuleFile {
    private static final String[] CONDITIONS = {"lte", "gte", "crosses_above", "crosses_below"};
    private static final String[] KEYS = {"NSE_INDEX|Nifty 50", "NSE_INDEX|Nifty Bank"};
    private static final double[] LOW = {17_400, 39_500};
    private static final double[] HIGH = {18_300, 43_600};
    private static final int[] LOT = {50, 25};

    private BacktestRuleFile() {
    }

    public static void main(final String[] args) throws IOException {
        final int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        final Random random = new Random(1_000);
        final StringBuilder json = new StringBuilder(count * 300).append("[\n");
        for (int r = 0; r < count; r++) {
            final int i = r & 1;
            final double level = Math.round((LOW[i] + (HIGH[i] - LOW[i]) * random.nextDouble()) * 20) / 20.0;
            json.append(r == 0 ? "" : ",\n").append(String.format(Locale.ROOT,
                "{\"id\":%d,\"user_id\":1,\"instrument_token\":\"%s\",\"trigger_type\":\"price\",\"trigger_config\":{\"condition\":\"%s\",\"price\":%.2f},"
                    + "\"action_type\":\"place_order\",\"action_config\":{\"transaction_type\":\"%s\",\"quantity\":%d,\"order_type\":\"MARKET\",\"product\":\"I\"},"
                    + "\"max_fires\":1}",
                r + 1, KEYS[i], CONDITIONS[(r >> 1) & 3], level, (r >> 3 & 1) == 0 ? "BUY" : "SELL", LOT[i]));
        }
        json.append("\n]\n");
        Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
    }
}
