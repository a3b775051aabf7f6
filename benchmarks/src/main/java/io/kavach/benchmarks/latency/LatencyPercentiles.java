package io.kavach.benchmarks.latency;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/** The percentiles the latency harnesses report, as JSON-ready "p50" … "p99.99", "max" → ns. Threading: any. */
final class LatencyPercentiles {
    static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private LatencyPercentiles() {
    }

    static Map<String, Object> of(final Histogram h) {
        final Map<String, Object> p = new LinkedHashMap<>();
        for (double q : PERCENTILES) {
            p.put("p" + (q == Math.rint(q) ? String.valueOf((long) q) : String.valueOf(q)), h.getValueAtPercentile(q));
        }
        p.put("max", h.getMaxValue());
        return p;
    }
}
