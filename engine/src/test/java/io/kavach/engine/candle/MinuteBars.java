package io.kavach.engine.candle;

import io.kavach.config.Prices;
import io.kavach.config.time.MarketClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test helper: the real one-minute bar files in {@code shared/data}, found by walking up from the
 * working directory (worktrees sit at different depths), as parallel primitive arrays.
 */
public final class MinuteBars {
    public final String name;
    public final long[] startEpochMs;
    public final long[] open;
    public final long[] high;
    public final long[] low;
    public final long[] close;
    public final long[] volume;

    private MinuteBars(final String name, final int n) {
        this.name = name;
        startEpochMs = new long[n];
        open = new long[n];
        high = new long[n];
        low = new long[n];
        close = new long[n];
        volume = new long[n];
    }

    public int size() {
        return startEpochMs.length;
    }

    /** The shared data folder, or a skipped test (with the places searched) when it truly is absent. */
    public static Path dataDir() {
        Path dir = Paths.get("").toAbsolutePath();
        final StringBuilder searched = new StringBuilder();
        while (dir != null) {
            final Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            searched.append(' ').append(candidate);
            dir = dir.getParent();
        }
        assumeTrue(false, "no shared/data folder above the working directory (searched" + searched + "); skipping real-data test");
        return null;
    }

    /** Loads and concatenates bar files in the given order (e.g. December then January). */
    public static MinuteBars load(final String name, final String... files) throws IOException {
        final Path dir = dataDir();
        final List<String> lines = new ArrayList<>();
        for (String f : files) {
            for (String line : Files.readAllLines(dir.resolve(f))) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        final MinuteBars bars = new MinuteBars(name, lines.size());
        final DateTimeFormatter yyyymmdd = DateTimeFormatter.BASIC_ISO_DATE;
        for (int i = 0; i < lines.size(); i++) {
            final String[] c = lines.get(i).split(",");
            final long day = LocalDate.parse(c[1], yyyymmdd).toEpochDay();
            final int minute = Integer.parseInt(c[2].substring(0, 2)) * 60 + Integer.parseInt(c[2].substring(3, 5));
            bars.startEpochMs[i] = MarketClock.epochMsAt(day, minute);
            bars.open[i] = Prices.toFixed(Double.parseDouble(c[3]));
            bars.high[i] = Prices.toFixed(Double.parseDouble(c[4]));
            bars.low[i] = Prices.toFixed(Double.parseDouble(c[5]));
            bars.close[i] = Prices.toFixed(Double.parseDouble(c[6]));
            bars.volume[i] = Long.parseLong(c[7]);
        }
        return bars;
    }

    public static MinuteBars nifty() throws IOException {
        return load("NIFTY", "nifty50-2022-12-1m.csv", "nifty50-2023-01-1m.csv");
    }

    public static MinuteBars bankNifty() throws IOException {
        return load("BANKNIFTY", "banknifty-2022-12-1m.csv", "banknifty-2023-01-1m.csv");
    }

    /** Index bars have no volume; a seeded synthetic volume makes volume-weighted checks meaningful. */
    public MinuteBars withSyntheticVolume(final long seed) {
        final MinuteBars copy = new MinuteBars(name + "+volume(seed " + seed + ")", size());
        final java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < size(); i++) {
            copy.startEpochMs[i] = startEpochMs[i];
            copy.open[i] = open[i];
            copy.high[i] = high[i];
            copy.low[i] = low[i];
            copy.close[i] = close[i];
            copy.volume[i] = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(50_000);
        }
        return copy;
    }

    /** Bar {@code i} as a one-minute candle. */
    public Candle candle(final int i, final Candle into) {
        into.instrumentId = 0;
        into.timeframe = Timeframe.M1;
        into.startEpochMs = startEpochMs[i];
        into.endEpochMs = startEpochMs[i] + MarketClock.MS_PER_MINUTE;
        into.open = open[i];
        into.high = high[i];
        into.low = low[i];
        into.close = close[i];
        into.volume = volume[i];
        into.tickCount = 4;
        return into;
    }
}
