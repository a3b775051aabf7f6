package io.kavach.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.util.Locale;

/**
 * Turns a JMH JSON result file into a Markdown table: benchmark, parameters, score ± error, unit,
 * and the GC profiler's normalised allocation (B/op) — the numbers BENCHMARKS.md quotes.
 * {@code java -cp benchmarks.jar io.kavach.benchmarks.BenchmarkSummary results.json}
 */
public final class BenchmarkSummary {
    private BenchmarkSummary() {
    }

    public static void main(final String[] args) throws IOException {
        final JsonNode runs = new ObjectMapper().readTree(new File(args[0]));
        System.out.println("| benchmark | params | score | error | unit | B/op |");
        System.out.println("|---|---|---:|---:|---|---:|");
        for (JsonNode run : runs) {
            final String name = run.get("benchmark").asText().replace("io.kavach.benchmarks.", "");
            final StringBuilder params = new StringBuilder();
            final JsonNode p = run.get("params");
            if (p != null) {
                p.fields().forEachRemaining(e -> params.append(params.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue().asText()));
            }
            final JsonNode primary = run.get("primaryMetric");
            final JsonNode secondary = run.get("secondaryMetrics");
            String alloc = "";
            if (secondary != null && secondary.has("·gc.alloc.rate.norm")) {
                alloc = String.format(Locale.ROOT, "%.3f", secondary.get("·gc.alloc.rate.norm").get("score").asDouble());
            } else if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
                alloc = String.format(Locale.ROOT, "%.3f", secondary.get("gc.alloc.rate.norm").get("score").asDouble());
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %s | %s |%n", name, params, primary.get("score").asDouble(),
                primary.get("scoreError").asDouble(), primary.get("scoreUnit").asText(), alloc);
        }
    }
}
