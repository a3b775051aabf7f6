package io.kavach.config.instrument;

import io.kavach.config.Prices;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The instruments a user can name, by instrument key and by trading symbol. Loaded on a cold thread
 * from Upstox's instrument file (the CSV format of {@code upstox-instruments-*.csv}); the NSE indices
 * our shipped bars cover are always present, under their Upstox keys and the symbols charting
 * platforms use ({@code NIFTY}, {@code BANKNIFTY}).
 *
 * <p>Threading: built once, then read-only.
 */
public final class InstrumentMaster {
    public static final String NIFTY_50 = "NSE_INDEX|Nifty 50";
    public static final String NIFTY_BANK = "NSE_INDEX|Nifty Bank";

    private final Map<String, Instrument> byKey = new LinkedHashMap<>();
    private final Map<String, Instrument> bySymbol = new HashMap<>();
    private final List<String> loadErrors = new ArrayList<>();

    public InstrumentMaster() {
        add(new Instrument(NIFTY_50, "NIFTY", "Nifty 50", "NSE_INDEX", "INDEX", 0, 0), "NIFTY 50", "NIFTY50");
        add(new Instrument(NIFTY_BANK, "BANKNIFTY", "Nifty Bank", "NSE_INDEX", "INDEX", 0, 0), "NIFTY BANK");
    }

    /** The built-in indices only. */
    public static InstrumentMaster builtIn() {
        return new InstrumentMaster();
    }

    public void add(final Instrument instrument, final String... aliases) {
        byKey.put(instrument.instrumentKey(), instrument);
        if (instrument.tradingSymbol() != null && !instrument.tradingSymbol().isEmpty()) {
            bySymbol.putIfAbsent(norm(instrument.tradingSymbol()), instrument);
        }
        for (String alias : aliases) {
            bySymbol.putIfAbsent(norm(alias), instrument);
        }
    }

    /**
     * Loads Upstox's CSV instrument file (header: instrument_key, exchange_token, tradingsymbol, name,
     * last_price, expiry, strike, tick_size, lot_size, instrument_type, option_type, exchange).
     * A malformed row is skipped and recorded in {@link #loadErrors()} with its line number.
     */
    public int loadCsv(final Reader source, final String sourceName) throws IOException {
        final BufferedReader in = new BufferedReader(source);
        final String header = in.readLine();
        if (header == null) {
            return 0;
        }
        final List<String> cols = splitCsv(header);
        final int key = cols.indexOf("instrument_key");
        final int sym = cols.indexOf("tradingsymbol");
        final int name = cols.indexOf("name");
        final int tick = cols.indexOf("tick_size");
        final int lot = cols.indexOf("lot_size");
        final int type = cols.indexOf("instrument_type");
        final int exch = cols.indexOf("exchange");
        if (key < 0) {
            throw new IOException(sourceName + ": header has no instrument_key column");
        }
        int loaded = 0;
        int lineNo = 1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                final List<String> f = splitCsv(line);
                final String k = get(f, key);
                if (k.isEmpty() || k.indexOf('|') < 0) {
                    loadErrors.add(sourceName + " line " + lineNo + ": instrument_key '" + k + "' is not SEGMENT|ID");
                    continue;
                }
                final String t = get(f, tick);
                final String l = get(f, lot);
                add(new Instrument(k, get(f, sym), get(f, name), get(f, exch), get(f, type),
                    l.isEmpty() ? 0 : (long) Double.parseDouble(l),
                    t.isEmpty() ? 0 : Prices.toFixed(Double.parseDouble(t))));
                loaded++;
            } catch (RuntimeException e) {
                loadErrors.add(sourceName + " line " + lineNo + ": " + e.getMessage());
            }
        }
        return loaded;
    }

    public Instrument byKey(final String instrumentKey) {
        return byKey.get(instrumentKey);
    }

    /** Trading symbol → instrument key (the first instrument with a symbol wins), as rules are parsed with; aliases aside. */
    public Map<String, String> symbolToKey() {
        final Map<String, String> symbols = new HashMap<>();
        for (Instrument i : byKey.values()) {
            if (i.tradingSymbol() != null && !i.tradingSymbol().isEmpty()) {
                symbols.putIfAbsent(i.tradingSymbol(), i.instrumentKey());
            }
        }
        return symbols;
    }

    /** By trading symbol or alias, case-insensitive; null when unknown. */
    public Instrument bySymbol(final String symbol) {
        return symbol == null ? null : bySymbol.get(norm(symbol));
    }

    /** An instrument key given either a key or a symbol; null when neither is known. */
    public String resolveKey(final String keyOrSymbol) {
        if (keyOrSymbol == null) {
            return null;
        }
        final Instrument byK = byKey.get(keyOrSymbol);
        if (byK != null) {
            return byK.instrumentKey();
        }
        final Instrument byS = bySymbol(keyOrSymbol);
        return byS == null ? null : byS.instrumentKey();
    }

    public Collection<Instrument> all() {
        return Collections.unmodifiableCollection(byKey.values());
    }

    public List<String> loadErrors() {
        return Collections.unmodifiableList(loadErrors);
    }

    private static String norm(final String s) {
        return s.trim().toUpperCase(Locale.ROOT);
    }

    private static String get(final List<String> f, final int i) {
        return i >= 0 && i < f.size() ? f.get(i) : "";
    }

    /** RFC 4180-style split: quoted fields may contain commas and doubled quotes. */
    static List<String> splitCsv(final String line) {
        final List<String> out = new ArrayList<>();
        final StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        out.add(cur.toString());
        return out;
    }
}
