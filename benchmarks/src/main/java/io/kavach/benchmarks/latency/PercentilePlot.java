package io.kavach.benchmarks.latency;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The percentile distribution as HdrHistogram plots it: latency (log scale, µs) against percentile
 * on a "nines" axis (x = 1 / (1 − p)), one line per offered rate, with the target levels drawn in.
 * Headless AWT into a PNG; no plotting library.
 *
 * <p>Threading: the harness's main thread, after the runs.
 */
final class PercentilePlot {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final double MAX_NINES = 6; // up to 99.9999%
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)};

    private PercentilePlot() {
    }

    /** [percentile, latency ns] pairs along the distribution, five steps per halving of the tail. */
    static List<double[]> distribution(final Histogram h) {
        final List<double[]> points = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            points.add(new double[]{v.getPercentileLevelIteratedTo(), h.highestEquivalentValue(v.getValueIteratedTo())});
            if (v.getPercentileLevelIteratedTo() >= 100.0) {
                break;
            }
        }
        return points;
    }

    static void write(final File png, final String title, final List<TickToIntentLatency.RateResult> results,
                      final long targetP99Nanos, final long targetP9999Nanos) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double maxUs = targetP9999Nanos / 1_000.0;
        double minUs = 1.0;
        for (TickToIntentLatency.RateResult r : results) {
            maxUs = Math.max(maxUs, r.histogram().getMaxValue() / 1_000.0);
            minUs = Math.min(minUs, Math.max(0.01, r.histogram().getMinValue() / 1_000.0));
        }
        final double yLo = Math.floor(Math.log10(minUs));
        final double yHi = Math.ceil(Math.log10(maxUs * 1.05));
        final BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        final int plotW = WIDTH - LEFT - RIGHT;
        final int plotH = HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        // grid: nines on x, decades on y
        for (int n = 0; n <= MAX_NINES; n++) {
            final int x = LEFT + (int) (plotW * n / MAX_NINES);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.setColor(Color.DARK_GRAY);
            final String label = n == 0 ? "0%" : n == 1 ? "90%" : "99" + (n > 2 ? "." + "9".repeat(n - 2) : "") + "%";
            g.drawString(label, n == MAX_NINES ? x - 55 : x - 15, TOP + plotH + 18);
        }
        for (double d = yLo; d <= yHi; d++) {
            final int y = yPixel(d, yLo, yHi, plotH);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(formatUs(Math.pow(10, d)), 8, y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("percentile", LEFT + plotW / 2 - 30, HEIGHT - 25);
        g.drawString("latency µs", 8, TOP - 8);
        // targets
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        g.setColor(Color.GRAY);
        final int p99x = LEFT + (int) (plotW * 2 / MAX_NINES);
        final int p9999x = LEFT + (int) (plotW * 4 / MAX_NINES);
        final int t99 = yPixel(Math.log10(targetP99Nanos / 1_000.0), yLo, yHi, plotH);
        final int t9999 = yPixel(Math.log10(targetP9999Nanos / 1_000.0), yLo, yHi, plotH);
        g.drawLine(LEFT, t99, p99x, t99);
        g.drawLine(p99x, t99, p99x, TOP + plotH);
        g.drawLine(LEFT, t9999, p9999x, t9999);
        g.drawLine(p9999x, t9999, p9999x, TOP + plotH);
        g.drawString("target p99 ≤ " + formatUs(targetP99Nanos / 1_000.0) + " µs @100k/s", LEFT + 6, t99 - 4);
        g.drawString("target p99.99 ≤ " + formatUs(targetP9999Nanos / 1_000.0) + " µs @100k/s", LEFT + 6, t9999 - 4);
        // lines
        g.setStroke(new BasicStroke(2f));
        // legend bottom right, where a percentile curve (rising to the right) rarely passes
        int legendY = TOP + plotH - 18 * results.size() + 6;
        g.setColor(Color.WHITE);
        g.fillRect(LEFT + plotW - 548, legendY - 16, 544, 18 * results.size() + 4);
        for (int k = 0; k < results.size(); k++) {
            final TickToIntentLatency.RateResult r = results.get(k);
            g.setColor(COLORS[k % COLORS.length]);
            int px = -1;
            int py = -1;
            for (double[] p : distribution(r.histogram())) {
                final double nines = p[0] >= 100.0 ? MAX_NINES : Math.min(MAX_NINES, Math.log10(1.0 / (1.0 - p[0] / 100.0)));
                final int x = LEFT + (int) (plotW * nines / MAX_NINES);
                final int y = yPixel(Math.log10(Math.max(p[1], 1) / 1_000.0), yLo, yHi, plotH);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            final Histogram h = r.histogram();
            g.drawLine(LEFT + plotW - 540, legendY - 4, LEFT + plotW - 515, legendY - 4);
            g.drawString(String.format(Locale.ROOT, "%,d/s: p50 %s p99 %s p99.99 %s max %s µs", r.offeredPerSecond(),
                formatUs(h.getValueAtPercentile(50) / 1e3), formatUs(h.getValueAtPercentile(99) / 1e3),
                formatUs(h.getValueAtPercentile(99.99) / 1e3), formatUs(h.getMaxValue() / 1e3)), LEFT + plotW - 510, legendY);
            legendY += 18;
        }
        g.dispose();
        ImageIO.write(img, "png", png);
    }

    private static int yPixel(final double log10Us, final double yLo, final double yHi, final int plotH) {
        final double f = (Math.max(yLo, Math.min(yHi, log10Us)) - yLo) / (yHi - yLo);
        return TOP + plotH - (int) Math.round(f * plotH);
    }

    private static String formatUs(final double us) {
        return us >= 100 ? String.format(Locale.ROOT, "%,.0f", us) : us >= 1 ? String.format(Locale.ROOT, "%.1f", us) : String.format(Locale.ROOT, "%.2f", us);
    }
}
