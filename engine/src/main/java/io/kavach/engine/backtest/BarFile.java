package io.kavach.engine.backtest;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * One-minute bars loaded from a headerless CSV ({@code symbol,YYYYMMDD,HH:MM,open,high,low,close,volume,oi},
 * time = IST bar start), held as parallel primitive arrays sorted by start time. A line that does not
 * parse or contradicts itself (high below low, a negative or non-finite price, a duplicate minute) is
 * skipped and reported with its line number through the {@link BadInput} sink; every other line loads.
 *
 * <p>Threading: loaded on the backtest's reader thread (cold path), then read-only.
 */
public final class BarFile {
    /** Receives one message per rejected line. */
    @FunctionalInterface
    public interface BadInput {
        void reject(String message);
    }

    private final String source;
    private String symbol;
    private int count;
    private long[] startEpochMs = new long[1024];
    private long[] open = new long[1024];
    private long[] high = new long[1024];
    private long[] low = new long[1024];
    private long[] close = new long[1024];
    private long[] volume = new long[1024];

    private BarFile(final String source) {
        this.source = source;
    }

    public static BarFile load(final Path path, final BadInput bad) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(in, path.toString(), bad);
        }
    }

    public static BarFile parse(final BufferedReader in, final String source, final BadInput bad) throws IOException {
        final BarFile bars = new BarFile(source);
        int lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            final String problem = bars.addLine(line);
            if (problem != null) {
                bad.reject(source + " line " + lineNo + ": " + problem + " in '" + abbreviate(line) + "'");
            }
        }
        bars.sortAndDropDuplicates(bad);
        return bars;
    }

    /** Parses one line; returns null when added, else what is wrong with it. */
    private String addLine(final String line) {
        final String[] f = line.split(",", -1);
        if (f.length < 8) {
            return "expected 9 columns (symbol,date,time,open,high,low,close,volume,oi), found " + f.length;
        }
        final long start;
        try {
            start = parseStart(f[1].trim(), f[2].trim());
        } catch (IllegalArgumentException | DateTimeException e) {
            return e.getMessage();
        }
        final long[] px = new long[4];
        final String[] names = {"open", "high", "low", "close"};
        for (int i = 0; i < 4; i++) {
            final double v;
            try {
                v = Double.parseDouble(f[3 + i].trim());
            } catch (NumberFormatException e) {
                return names[i] + " '" + f[3 + i] + "' is not a number";
            }
            if (!Prices.isValidPrice(v) || v == 0.0) {
                return names[i] + " " + f[3 + i].trim() + " is not a positive finite price";
            }
            px[i] = Prices.toFixed(v);
        }
        if (px[1] < Math.max(px[0], px[3]) || px[2] > Math.min(px[0], px[3])) {
            return "high/low do not contain open/close";
        }
        final long vol;
        try {
            vol = Long.parseLong(f[7].trim());
        } catch (NumberFormatException e) {
            return "volume '" + f[7] + "' is not a whole number";
        }
        if (vol < 0) {
            return "volume " + vol + " is negative";
        }
        if (symbol == null) {
            symbol = f[0].trim();
        }
        ensureCapacity(count + 1);
        startEpochMs[count] = start;
        open[count] = px[0];
        high[count] = px[1];
        low[count] = px[2];
        close[count] = px[3];
        volume[count] = vol;
        count++;
        return null;
    }

    private static long parseStart(final String date, final String time) {
        if (date.length() != 8 || !date.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("date '" + date + "' is not YYYYMMDD");
        }
        if (time.length() != 5 || time.charAt(2) != ':') {
            throw new IllegalArgumentException("time '" + time + "' is not HH:MM");
        }
        final int hh;
        final int mm;
        try {
            hh = Integer.parseInt(time.substring(0, 2));
            mm = Integer.parseInt(time.substring(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("time '" + time + "' is not HH:MM");
        }
        if (hh > 23 || mm > 59) {
            throw new IllegalArgumentException("time '" + time + "' is out of range");
        }
        final LocalDate d = LocalDate.of(Integer.parseInt(date.substring(0, 4)), Integer.parseInt(date.substring(4, 6)),
            Integer.parseInt(date.substring(6)));
        return MarketClock.epochMsAt(d.toEpochDay(), hh * 60 + mm);
    }

    private void sortAndDropDuplicates(final BadInput bad) {
        final Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(startEpochMs[a], startEpochMs[b])); // stable: first line wins
        final long[][] cols = {startEpochMs, open, high, low, close, volume};
        final long[][] sorted = new long[cols.length][count];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            final int src = order[i];
            if (kept > 0 && sorted[0][kept - 1] == startEpochMs[src]) {
                bad.reject(source + ": duplicate bar for " + io.kavach.engine.output.IstTimestamps.iso(startEpochMs[src])
                    + " (the first one is kept)");
                continue;
            }
            for (int c = 0; c < cols.length; c++) {
                sorted[c][kept] = cols[c][src];
            }
            kept++;
        }
        startEpochMs = sorted[0];
        open = sorted[1];
        high = sorted[2];
        low = sorted[3];
        close = sorted[4];
        volume = sorted[5];
        count = kept;
    }

    private void ensureCapacity(final int n) {
        if (n > startEpochMs.length) {
            final int cap = startEpochMs.length * 2;
            startEpochMs = Arrays.copyOf(startEpochMs, cap);
            open = Arrays.copyOf(open, cap);
            high = Arrays.copyOf(high, cap);
            low = Arrays.copyOf(low, cap);
            close = Arrays.copyOf(close, cap);
            volume = Arrays.copyOf(volume, cap);
        }
    }

    private static String abbreviate(final String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }

    public String source() {
        return source;
    }

    /** The symbol column of the first good line, or null for an empty file. */
    public String symbol() {
        return symbol;
    }

    public int count() {
        return count;
    }

    public long startEpochMs(final int i) {
        return startEpochMs[i];
    }

    public long open(final int i) {
        return open[i];
    }

    public long high(final int i) {
        return high[i];
    }

    public long low(final int i) {
        return low[i];
    }

    public long close(final int i) {
        return close[i];
    }

    public long volume(final int i) {
        return volume[i];
    }

    /** Convenience for callers that do not care about rejected lines' text. */
    public static BarFile load(final Path path, final List<String> rejected) throws IOException {
        return load(path, rejected::add);
    }
}
