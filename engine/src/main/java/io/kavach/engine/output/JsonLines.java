package io.kavach.engine.output;

import io.kavach.config.Prices;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the engine's output as JSON lines (one object per line) with deterministic formatting:
 * fixed-point prices as exact decimals, doubles via {@link Double#toString} (specified to the last
 * digit by the JLS, so identical on every JVM), non-finite doubles as {@code null}. Backtest and
 * replay share this writer, which is what makes their outputs byte-comparable.
 *
 * <p>Usage: {@code begin(); field("a").value(1); …; end();}. Threading: one owning thread (logic).
 */
public final class JsonLines implements AutoCloseable {
    private final OutputStream out;
    private final StringBuilder line = new StringBuilder(512);
    private final boolean[] needsComma = new boolean[16];
    private int depth;
    private long lines;
    private IOException failure;

    public JsonLines(final OutputStream out) {
        this.out = out;
    }

    public JsonLines begin() {
        line.setLength(0);
        depth = 0;
        return openObject();
    }

    public JsonLines openObject() {
        line.append('{');
        needsComma[++depth] = false;
        return this;
    }

    public JsonLines closeObject() {
        line.append('}');
        depth--;
        return this;
    }

    public JsonLines field(final String name) {
        if (needsComma[depth]) {
            line.append(',');
        }
        needsComma[depth] = true;
        line.append('"').append(name).append("\":");
        return this;
    }

    public JsonLines value(final long v) {
        line.append(v);
        return this;
    }

    public JsonLines value(final double v) {
        if (Double.isFinite(v)) {
            line.append(v);
        } else {
            line.append("null");
        }
        return this;
    }

    public JsonLines value(final boolean v) {
        line.append(v);
        return this;
    }

    public JsonLines nullValue() {
        line.append("null");
        return this;
    }

    /** A fixed-point price as an exact decimal with at least one fractional digit: 18131.7, 100.0. */
    public JsonLines price(final long fixed) {
        appendPrice(line, fixed);
        return this;
    }

    /** A string value, escaped per RFC 8259. */
    public JsonLines value(final CharSequence s) {
        if (s == null) {
            return nullValue();
        }
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"': line.append("\\\""); break;
                case '\\': line.append("\\\\"); break;
                case '\n': line.append("\\n"); break;
                case '\r': line.append("\\r"); break;
                case '\t': line.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
            }
        }
        line.append('"');
        return this;
    }

    /** An IST ISO-8601 timestamp string. */
    public JsonLines timestamp(final long epochMs) {
        line.append('"');
        IstTimestamps.appendIso(line, epochMs);
        line.append('"');
        return this;
    }

    /** Splices pre-rendered JSON (an object or array) as a value. */
    public JsonLines raw(final CharSequence json) {
        line.append(json);
        return this;
    }

    /**
     * Finishes the line and writes it. The first write failure (a closed pipe, a full disk) is kept
     * and every later line is dropped: the caller reports {@link #failure()} once instead of the
     * logic thread failing on every candle.
     */
    public void end() {
        closeObject();
        line.append('\n');
        if (failure != null) {
            return;
        }
        try {
            for (int i = 0; i < line.length(); i++) {
                final char c = line.charAt(i);
                if (c < 0x80) {
                    out.write(c);
                } else {
                    out.write(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            failure = e;
            return;
        }
        lines++;
    }

    /** The first write failure, or null. */
    public IOException failure() {
        return failure;
    }

    public long lines() {
        return lines;
    }

    @Override
    public void close() {
        try {
            out.flush();
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    public static void appendPrice(final StringBuilder sb, final long fixed) {
        long v = fixed;
        if (v < 0) {
            sb.append('-');
            v = -v;
        }
        sb.append(v / Prices.PRICE_SCALE).append('.');
        long frac = v % Prices.PRICE_SCALE;
        if (frac == 0) {
            sb.append('0');
            return;
        }
        long div = Prices.PRICE_SCALE / 10;
        while (frac != 0) {
            sb.append((char) ('0' + frac / div));
            frac %= div;
            div /= 10;
        }
    }
}
