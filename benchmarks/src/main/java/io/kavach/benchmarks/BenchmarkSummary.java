package io.kavach.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file into the Markdown BENCHMARKS.md quotes: every run (benchmark,
 * parameters, score ± error, unit, the GC profiler's B/op), then Kavach against each peer from the
 * same run (protobuf-java {@code parseFrom}, ta4j {@code DoubleNum}, Esper) as a speed-up ratio.
 * {@code java -cp benchmarks.jar io.kavach.benchmarks.BenchmarkSummary results.json}
 */
public final class BenchmarkSummary {
    /** Ours against a peer: benchmark names relative to io.kavach.benchmarks; the target speed-up, 0 if none. */
    record Pair(String what, String ours, String peer, String peerName, double targetRatio) {
    }

    static final List<Pair> PAIRS = List.of(
        new Pair("decode one-instrument LTPC FeedResponse", "feed.MarketFeedDecodeBenchmark.decodeLtpc",
            "feed.MarketFeedDecodeBenchmark.parseFromLtpc", "protobuf-java parseFrom", 10),
        new Pair("decode one-instrument full_d5 FeedResponse", "feed.MarketFeedDecodeBenchmark.decodeFullD5",
            "feed.MarketFeedDecodeBenchmark.parseFromFullD5", "protobuf-java parseFrom", 0),
        new Pair("RSI(14)+EMA(9)+MACD per candle", "indicator.IndicatorUpdateBenchmark.kavach",
            "indicator.IndicatorUpdateBenchmark.ta4jDoubleNum", "ta4j DoubleNum", 20),
        new Pair("10k price rules over 1k instruments, per tick", "rule.PriceRulesVsEsperBenchmark.kavach",
            "rule.PriceRulesVsEsperBenchmark.esper", "Esper 8.9 EPL filters", 10),
        new Pair("change one rule (engine holding 10k)", "rule.RuleAddBenchmark.changeRule",
            "rule.RuleAddBenchmark.esperCompileAndDeploy", "Esper 8.9 compile+deploy", 0),
        new Pair("validate JSON + add one rule (engine holding 10k)", "rule.RuleAddBenchmark.parseValidateAndAdd",
            "rule.RuleAddBenchmark.esperCompileAndDeploy", "Esper 8.9 compile+deploy", 0));

    private BenchmarkSummary() {
    }

    /** One JMH run: score in its unit and B/op (NaN when the GC profiler was off). */
    record Run(String name, String params, double score, double error, String unit, double bytesPerOp) {
        boolean isTime() {
            return unit.contains("/op");
        }

        /** Nanoseconds per operation, whatever the unit. */
        double nanosPerOp() {
            final double scale = unit.startsWith("ns") ? 1 : unit.startsWith("us") ? 1e3 : unit.startsWith("ms") ? 1e6 : unit.startsWith("s/") ? 1e9 : Double.NaN;
            if (isTime()) {
                return score * scale;
            }
            final double perUnit = unit.endsWith("/ns") ? 1 : unit.endsWith("/us") ? 1e3 : unit.endsWith("/ms") ? 1e6 : unit.endsWith("/s") ? 1e9 : Double.NaN;
            return perUnit / score;
        }
    }

    public static void main(final String[] args) throws IOException {
        final List<Run> runs = read(new File(args[0]));
        System.out.println("| benchmark | params | score | error | unit | B/op |");
        System.out.println("|---|---|---:|---:|---|---:|");
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.name(), r.params(), number(r.score()), Double.isNaN(r.error()) ? "—" : number(r.error()), r.unit(),
                Double.isNaN(r.bytesPerOp()) ? "" : String.format(Locale.ROOT, "%.3f", r.bytesPerOp()));
        }
        System.out.println();
        System.out.println("| Kavach vs peer (same run) | params | Kavach ns/op | peer | peer ns/op | speed-up | target | B/op Kavach / peer |");
        System.out.println("|---|---|---:|---|---:|---:|---:|---|");
        for (Pair pair : PAIRS) {
            for (Run ours : runs) {
                if (!ours.name().equals(pair.ours())) {
                    continue;
                }
                for (Run peer : runs) {
                    if (peer.name().equals(pair.peer()) && peer.params().equals(ours.params())) {
                        final double ratio = peer.nanosPerOp() / ours.nanosPerOp();
                        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f× | %s | %s / %s |%n", pair.what(), ours.params(),
                            number(ours.nanosPerOp()), pair.peerName(), number(peer.nanosPerOp()), ratio,
                            pair.targetRatio() > 0 ? String.format(Locale.ROOT, "≥ %.0f× %s", pair.targetRatio(), ratio >= pair.targetRatio() ? "✅" : "❌") : "—",
                            bytes(ours.bytesPerOp()), bytes(peer.bytesPerOp()));
                    }
                }
            }
        }
    }

    static List<Run> read(final File file) throws IOException {
        final List<Run> out = new ArrayList<>();
        for (JsonNode run : new ObjectMapper().readTree(file)) {
            final String name = run.get("benchmark").asText().replace("io.kavach.benchmarks.", "");
            final Map<String, String> params = new LinkedHashMap<>();
            final JsonNode p = run.get("params");
            if (p != null) {
                p.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            final StringBuilder ps = new StringBuilder();
            params.forEach((k, v) -> ps.append(ps.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            final JsonNode primary = run.get("primaryMetric");
            final JsonNode secondary = run.get("secondaryMetrics");
            double alloc = Double.NaN;
            if (secondary != null) {
                final JsonNode norm = secondary.has("·gc.alloc.rate.norm") ? secondary.get("·gc.alloc.rate.norm") : secondary.get("gc.alloc.rate.norm");
                if (norm != null) {
                    alloc = norm.get("score").asDouble();
                }
            }
            out.add(new Run(name, ps.toString(), primary.get("score").asDouble(), primary.get("scoreError").asDouble(),
                primary.get("scoreUnit").asText(), alloc));
        }
        return out;
    }

    private static String number(final double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String bytes(final double v) {
        return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%.1f", v);
    }
}
