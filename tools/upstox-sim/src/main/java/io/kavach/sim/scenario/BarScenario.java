package io.kavach.sim.scenario;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Real one-minute bars expanded to ticks: each bar becomes four prints, the open at +0 s, then
 * low and high at +15 s/+30 s when the bar closed at or above its open (high then low otherwise),
 * and the close at +45 s. Several files merge by time (ties keep file order).
 *
 * <p>Bar files are {@code symbol,YYYYMMDD,HH:MM(IST bar start),open,high,low,close,volume,oi}, no
 * header. A line that does not parse is reported (file, line number, reason), counted in
 * {@link #badLines()} and skipped. Built on any thread, then used only on the simulator loop.
 */
public final class BarScenario implements Scenario {
    public static final String NIFTY_50_KEY = "NSE_INDEX|Nifty 50";
    public static final String NIFTY_BANK_KEY = "NSE_INDEX|Nifty Bank";
    public static final String NIFTY_50_RESOURCE = "data/nifty50-2023-01-1m.csv";
    public static final String NIFTY_BANK_RESOURCE = "data/banknifty-2023-01-1m.csv";
    public static final int TICKS_PER_BAR = 4;
    public static final long TICK_SPACING_MS = 15_000L;

    /** One bar file and the instrument key its bars belong to. */
    public record BarSource(String instrumentKey, String tradingSymbol, String name, ReaderOpener opener) {
        public static BarSource ofFile(final String instrumentKey, final String tradingSymbol, final Path file) {
            return new BarSource(instrumentKey, tradingSymbol, file.toString(),
                () -> Files.newBufferedReader(file, StandardCharsets.US_ASCII));
        }

        public static BarSource ofResource(final String instrumentKey, final String tradingSymbol, final String resource) {
            return new BarSource(instrumentKey, tradingSymbol, "classpath:" + resource, () -> {
                final InputStream in = BarScenario.class.getClassLoader().getResourceAsStream(resource);
                if (in == null) {
                    throw new IOException("bar resource not on the classpath: " + resource);
                }
                return new InputStreamReader(in, StandardCharsets.US_ASCII);
            });
        }
    }

    @FunctionalInterface
    public interface ReaderOpener {
        Reader open() throws IOException;
    }

    private final List<InstrumentSpec> instruments = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final String[] keys;
    private long[] times = new long[1024];
    private long[] prices = new long[1024];
    private long[] quantities = new long[1024];
    private int[] keyIndexes = new int[1024];
    private int[] order;
    private int size;
    private int cursor;
    private final long startMarketTimeMs;

    /**
     * @param from first IST trading date to play, inclusive (null = from the first bar)
     * @param to   last IST trading date to play, inclusive (null = to the last bar)
     */
    public BarScenario(final List<BarSource> sources, final LocalDate from, final LocalDate to) {
        keys = new String[sources.size()];
        final long fromDay = from == null ? Long.MIN_VALUE : from.toEpochDay();
        final long toDay = to == null ? Long.MAX_VALUE : to.toEpochDay();
        for (int s = 0; s < sources.size(); s++) {
            final BarSource source = sources.get(s);
            keys[s] = source.instrumentKey();
            final long previousClose = load(source, s, fromDay, toDay);
            instruments.add(new InstrumentSpec(source.instrumentKey(), source.tradingSymbol(), previousClose));
        }
        sortByTime();
        startMarketTimeMs = size == 0 ? 0L : MarketClock.epochMsAt(MarketClock.istEpochDay(times[order[0]]),
            MarketClock.PRE_OPEN_START_MINUTE);
    }

    /** NIFTY 50 and NIFTY BANK January 2023, shipped inside the simulator JAR. */
    public static BarScenario shipped(final LocalDate from, final LocalDate to) {
        return new BarScenario(List.of(
            BarSource.ofResource(NIFTY_50_KEY, "NIFTY", NIFTY_50_RESOURCE),
            BarSource.ofResource(NIFTY_BANK_KEY, "BANKNIFTY", NIFTY_BANK_RESOURCE)), from, to);
    }

    /** Lines that did not parse, each naming file, line and reason. */
    public List<String> badLines() {
        return List.copyOf(problems);
    }

    public int tickCount() {
        return size;
    }

    @Override
    public List<InstrumentSpec> instruments() {
        return List.copyOf(instruments);
    }

    /** 09:00 IST of the first day played, so the feed opens in pre-open before the first bar. */
    @Override
    public long startMarketTimeMs() {
        return startMarketTimeMs;
    }

    @Override
    public boolean next(final Tick into) {
        if (cursor >= size) {
            return false;
        }
        final int i = order[cursor++];
        into.set(keys[keyIndexes[i]], times[i], prices[i], quantities[i]);
        return true;
    }

    /** Returns the close of the last bar before {@code fromDay} (the first played open if none). */
    private long load(final BarSource source, final int keyIndex, final long fromDay, final long toDay) {
        long previousClose = -1;
        long firstOpen = -1;
        try (BufferedReader reader = new BufferedReader(source.opener().open())) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                final String[] f = line.split(",", -1);
                try {
                    if (f.length < 7) {
                        throw new IllegalArgumentException("expected at least 7 fields, got " + f.length);
                    }
                    final LocalDate date = LocalDate.of(Integer.parseInt(f[1].substring(0, 4)),
                        Integer.parseInt(f[1].substring(4, 6)), Integer.parseInt(f[1].substring(6, 8)));
                    final int minute = parseMinute(f[2]);
                    final long open = fixed(f[3], "open");
                    final long high = fixed(f[4], "high");
                    final long low = fixed(f[5], "low");
                    final long close = fixed(f[6], "close");
                    final long volume = f.length > 7 && !f[7].isBlank() ? Long.parseLong(f[7].trim()) : 0L;
                    if (high < low || open > high || open < low || close > high || close < low) {
                        throw new IllegalArgumentException("inconsistent bar o/h/l/c " + f[3] + "/" + f[4] + "/" + f[5] + "/" + f[6]);
                    }
                    final long day = date.toEpochDay();
                    if (day < fromDay) {
                        previousClose = close;
                        continue;
                    }
                    if (day > toDay) {
                        continue;
                    }
                    if (firstOpen < 0) {
                        firstOpen = open;
                    }
                    final long barStart = MarketClock.epochMsAt(day, minute);
                    final boolean up = close >= open;
                    final long q = volume / TICKS_PER_BAR;
                    add(keyIndex, barStart, open, q);
                    add(keyIndex, barStart + TICK_SPACING_MS, up ? low : high, q);
                    add(keyIndex, barStart + 2 * TICK_SPACING_MS, up ? high : low, q);
                    add(keyIndex, barStart + 3 * TICK_SPACING_MS, close, volume - 3 * q);
                } catch (RuntimeException e) {
                    problems.add(source.name() + " line " + lineNo + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bars from " + source.name(), e);
        }
        return previousClose >= 0 ? previousClose : Math.max(firstOpen, 0);
    }

    private static int parseMinute(final String hhmm) {
        final int colon = hhmm.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("time '" + hhmm + "' is not HH:MM");
        }
        final int h = Integer.parseInt(hhmm.substring(0, colon).trim());
        final int m = Integer.parseInt(hhmm.substring(colon + 1).trim());
        if (h < 0 || h > 23 || m < 0 || m > 59) {
            throw new IllegalArgumentException("time '" + hhmm + "' out of range");
        }
        return h * 60 + m;
    }

    private static long fixed(final String text, final String field) {
        final double v = Double.parseDouble(text.trim());
        if (!Prices.isValidPrice(v)) {
            throw new IllegalArgumentException(field + " '" + text + "' is not a valid price");
        }
        return Prices.toFixed(v);
    }

    private void add(final int keyIndex, final long timeMs, final long price, final long quantity) {
        if (size == times.length) {
            final int n = size * 2;
            times = Arrays.copyOf(times, n);
            prices = Arrays.copyOf(prices, n);
            quantities = Arrays.copyOf(quantities, n);
            keyIndexes = Arrays.copyOf(keyIndexes, n);
        }
        times[size] = timeMs;
        prices[size] = price;
        quantities[size] = quantity;
        keyIndexes[size] = keyIndex;
        size++;
    }

    private void sortByTime() {
        final Integer[] boxed = new Integer[size];
        for (int i = 0; i < size; i++) {
            boxed[i] = i;
        }
        // stable: equal times keep file order, and within a file the load order
        Arrays.sort(boxed, (a, b) -> Long.compare(times[a], times[b]));
        order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = boxed[i];
        }
    }
}
