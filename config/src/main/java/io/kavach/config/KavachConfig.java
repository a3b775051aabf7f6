package io.kavach.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of a long-running engine ({@code kavach run}): a simple {@code key = value} file
 * ({@code --config FILE}, {@code #} comments), then {@code KAVACH_*} environment variables over it
 * (key {@code api.base.url} ↔ variable {@code KAVACH_API_BASE_URL}), then command-line options over both.
 * An unknown key, a bad value or a token written into the file is refused with the file, line and key.
 *
 * <p>The access token is never a setting: only where to get it (a file, an environment variable or a
 * command). {@link #toString()} shows no secret, and no error message repeats a value that could be one.
 *
 * <p>Immutable; any thread.
 */
public final class KavachConfig {
    public static final String API_BASE_URL = "api.base.url";
    public static final String API_BASE_URL_DEFAULT = "https://api.upstox.com";
    public static final String ORDER_BASE_URL = "order.base.url";
    public static final String ORDER_BASE_URL_DEFAULT = "https://api-hft.upstox.com";
    public static final String TOKEN_FILE = "token.file";
    public static final String TOKEN_ENV = "token.env";
    public static final String TOKEN_COMMAND = "token.command";
    /** live | paper | dry-run. Nothing reaches a broker unless the user wrote {@code live}. */
    public static final String ORDER_MODE = "order.mode";
    public static final String ORDER_MODE_DEFAULT = "dry-run";
    public static final String USER_ID = "user.id";
    public static final int USER_ID_DEFAULT = 1;
    /** The engine's home; the journal and the embedded database live under it by default. */
    public static final String HOME = "home";
    public static final String HOME_DEFAULT = System.getProperty("user.home") + "/.kavach";
    /** Default: {@code <home>/journal}. */
    public static final String JOURNAL_ROOT = "journal.root";
    /** A rules JSON file; empty: the rules come from the store. */
    public static final String RULES_FILE = "rules.file";
    public static final String RING_SIZE = "ring.size";
    public static final int RING_SIZE_DEFAULT = 8192;
    /** backoff | blocking | sleeping | yielding | busy-spin (names as the engine's WaitStrategyKind parses them). */
    public static final String RING_WAIT_STRATEGY = "ring.wait.strategy";
    public static final String RING_WAIT_STRATEGY_DEFAULT = "backoff";
    /**
     * inline | parallel: the journal append on the logic thread before each input (default: no third busy
     * thread, nothing waits for the journal) or on a thread of its own beside the logic (a host with a spare core).
     */
    public static final String JOURNAL_PLACEMENT = "journal.placement";
    public static final String JOURNAL_PLACEMENT_DEFAULT = "inline";
    /**
     * The day's expected journal size in MiB: before going live, {@code kavach run} writes zeros into the
     * day's journal file past its last record up to this size, so appends during the session do not create
     * the file's pages on the logic thread (journal/README.md, "Preparing the day's file"). 0: not prepared.
     */
    public static final String JOURNAL_PREPARE_MB = "journal.prepare.mb";
    public static final long JOURNAL_PREPARE_MB_DEFAULT = 1024;
    /** JDBC URL of the store; empty: the embedded PostgreSQL under the home. */
    public static final String DB_URL = "db.url";
    public static final String CLOCK_PERIOD_MS = "clock.period.ms";
    public static final long CLOCK_PERIOD_MS_DEFAULT = 1_000;
    /** The running engine's loopback admin port ({@code kavach orders}); 0: any free port, written to {@code <home>/run/admin.port}. */
    public static final String ADMIN_PORT = "admin.port";
    public static final int ADMIN_PORT_DEFAULT = 0;
    /**
     * Every user's daily loss limit in rupees (up to 6 decimals): the risk guard halts a user whose
     * day's P&amp;L reaches minus this (entries refused, exits allowed, until the next IST day). 0: no limit.
     */
    public static final String RISK_DAILY_LOSS_LIMIT_RUPEES = "risk.daily.loss.limit.rupees";
    public static final long RISK_DAILY_LOSS_LIMIT_RUPEES_DEFAULT = 0;
    /** true: a halt also squares off the user's open positions; false (default): exits are left to the rules. */
    public static final String RISK_FLATTEN_ON_HALT = "risk.flatten.on.halt";
    public static final boolean RISK_FLATTEN_ON_HALT_DEFAULT = false;
    /** The engine's writer loop transport: auto (epoll where the native library loads, else nio) | epoll | nio. */
    public static final String WRITER_LOOP_TRANSPORT = "writer.loop.transport";
    public static final String WRITER_LOOP_TRANSPORT_DEFAULT = "auto";
    /**
     * µs the writer loop polls before it blocks when idle (0: never); auto: 50 on a host with 4 or more
     * CPUs, 0 below (a spinning loop on a small shared host takes the CPU the other stages need).
     */
    public static final String WRITER_LOOP_SPIN_US = "writer.loop.spin.us";
    public static final String WRITER_LOOP_SPIN_US_DEFAULT = "auto";
    public static final String ENV_PREFIX = "KAVACH_";

    private static final List<String> KEYS = List.of(API_BASE_URL, ORDER_BASE_URL, TOKEN_FILE, TOKEN_ENV, TOKEN_COMMAND, ORDER_MODE,
        USER_ID, HOME, JOURNAL_ROOT, RULES_FILE, RING_SIZE, RING_WAIT_STRATEGY, JOURNAL_PLACEMENT, JOURNAL_PREPARE_MB, DB_URL, CLOCK_PERIOD_MS, ADMIN_PORT,
        RISK_DAILY_LOSS_LIMIT_RUPEES, RISK_FLATTEN_ON_HALT, WRITER_LOOP_TRANSPORT, WRITER_LOOP_SPIN_US);
    private static final List<String> ORDER_MODES = List.of("live", "paper", "dry-run");
    private static final List<String> JOURNAL_PLACEMENTS = List.of("inline", "parallel");

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private KavachConfig(final Map<String, String> values, final Map<String, String> sources) {
        this.values = values;
        this.sources = sources;
        validate();
    }

    /** Defaults only (plus whatever {@link #with} adds). */
    public static KavachConfig defaults() {
        return new KavachConfig(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /**
     * Reads {@code file} (null: none) and applies the {@code KAVACH_*} variables of {@code environment}
     * over it. Throws {@link IllegalArgumentException} naming the file, line and key of the first problem.
     */
    public static KavachConfig load(final Path file, final Map<String, String> environment) throws IOException {
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, String> sources = new LinkedHashMap<>();
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("config " + file + ": no such readable file");
            }
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                final String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                final String where = file + ":" + (i + 1);
                final int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(where + ": expected 'key = value'");
                }
                final String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                put(values, sources, key, line.substring(eq + 1).strip(), where);
            }
        }
        for (String key : KEYS) {
            final String variable = environmentName(key);
            final String value = environment.get(variable);
            if (value != null) {
                put(values, sources, key, value.strip(), "environment " + variable);
            }
        }
        if (environment.containsKey(ENV_PREFIX + "TOKEN") || environment.containsKey(ENV_PREFIX + "ACCESS_TOKEN")) {
            throw new IllegalArgumentException("environment: KAVACH_TOKEN is not read; name the variable holding the token with "
                + environmentName(TOKEN_ENV) + " (e.g. " + environmentName(TOKEN_ENV) + "=UPSTOX_ACCESS_TOKEN)");
        }
        return new KavachConfig(values, sources);
    }

    /** This configuration with {@code key} set (command-line options); null leaves it as it is. */
    public KavachConfig with(final String key, final String value) {
        if (value == null) {
            return this;
        }
        final Map<String, String> v = new LinkedHashMap<>(values);
        final Map<String, String> s = new LinkedHashMap<>(sources);
        put(v, s, key, value.strip(), "option --" + key.replace('.', '-'));
        return new KavachConfig(v, s);
    }

    public static String environmentName(final String key) {
        return ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static void put(final Map<String, String> values, final Map<String, String> sources, final String key, final String value,
                            final String where) {
        if (key.equals("token") || key.equals("access.token") || key.equals("access_token")) {
            // never echo the value: it is the secret
            throw new IllegalArgumentException(where + ": '" + key + "': the access token must not be written here; use "
                + TOKEN_FILE + ", " + TOKEN_ENV + " or " + TOKEN_COMMAND);
        }
        if (!KEYS.contains(key)) {
            throw new IllegalArgumentException(where + ": unknown key '" + key + "' (known: " + String.join(", ", KEYS) + ")");
        }
        if (key.equals(TOKEN_FILE) || key.equals(TOKEN_ENV) || key.equals(TOKEN_COMMAND)) {
            values.remove(TOKEN_FILE);
            values.remove(TOKEN_ENV);
            values.remove(TOKEN_COMMAND); // a later source naming another token source replaces the earlier one
        }
        values.put(key, value);
        sources.put(key, where);
    }

    private void validate() {
        final String mode = orderMode();
        if (!ORDER_MODES.contains(mode)) {
            throw problem(ORDER_MODE, "'" + mode + "' is not one of live, paper, dry-run");
        }
        positiveInt(USER_ID, USER_ID_DEFAULT);
        final int ring = positiveInt(RING_SIZE, RING_SIZE_DEFAULT);
        if (Integer.bitCount(ring) != 1) {
            throw problem(RING_SIZE, ring + " is not a power of two");
        }
        if (!JOURNAL_PLACEMENTS.contains(journalPlacement())) {
            throw problem(JOURNAL_PLACEMENT, "'" + values.get(JOURNAL_PLACEMENT) + "' is not one of inline, parallel");
        }
        journalPrepareMb();
        positiveLong(CLOCK_PERIOD_MS, CLOCK_PERIOD_MS_DEFAULT);
        adminPort();
        riskDailyLossLimitFixed();
        riskFlattenOnHalt();
        writerLoopTransport();
        writerLoopSpinUs();
        url(API_BASE_URL, apiBaseUrl());
        url(ORDER_BASE_URL, orderBaseUrl());
        if (mode.equals("live") && tokenSourceKind() == null) {
            throw new IllegalArgumentException(ORDER_MODE + " = live needs a token source: set " + TOKEN_FILE + ", " + TOKEN_ENV
                + " or " + TOKEN_COMMAND + " (or " + environmentName(TOKEN_FILE) + " …)");
        }
    }

    private void url(final String key, final String url) {
        if (!(url.startsWith("https://") || url.startsWith("http://"))) {
            throw problem(key, "'" + url + "' is not an http(s) URL");
        }
    }

    private int positiveInt(final String key, final int fallback) {
        final long v = positiveLong(key, fallback);
        if (v > Integer.MAX_VALUE) {
            throw problem(key, v + " is too large");
        }
        return (int) v;
    }

    private long positiveLong(final String key, final long fallback) {
        final String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        final long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw problem(key, "'" + text + "' is not a whole number");
        }
        if (v <= 0) {
            throw problem(key, v + " must be positive");
        }
        return v;
    }

    private IllegalArgumentException problem(final String key, final String message) {
        return new IllegalArgumentException(sources.getOrDefault(key, "default") + ": " + key + ": " + message);
    }

    private String text(final String key, final String fallback) {
        final String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public String apiBaseUrl() {
        return text(API_BASE_URL, API_BASE_URL_DEFAULT);
    }

    public String orderBaseUrl() {
        return text(ORDER_BASE_URL, ORDER_BASE_URL_DEFAULT);
    }

    /** {@link #TOKEN_FILE}, {@link #TOKEN_ENV}, {@link #TOKEN_COMMAND}, or null when none is set. */
    public String tokenSourceKind() {
        for (String k : List.of(TOKEN_FILE, TOKEN_ENV, TOKEN_COMMAND)) {
            if (values.get(k) != null && !values.get(k).isEmpty()) {
                return k;
            }
        }
        return null;
    }

    /** The path, variable name or command of {@link #tokenSourceKind()} (where the token is, never the token). */
    public String tokenSourceValue() {
        final String kind = tokenSourceKind();
        return kind == null ? null : values.get(kind);
    }

    /** live, paper or dry-run. */
    public String orderMode() {
        return text(ORDER_MODE, ORDER_MODE_DEFAULT).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public int userId() {
        return positiveInt(USER_ID, USER_ID_DEFAULT);
    }

    public Path home() {
        return Path.of(text(HOME, HOME_DEFAULT));
    }

    public Path journalRoot() {
        final String v = values.get(JOURNAL_ROOT);
        return v == null || v.isEmpty() ? home().resolve("journal") : Path.of(v);
    }

    /** The rules file, or null: rules come from the store. */
    public Path rulesFile() {
        final String v = values.get(RULES_FILE);
        return v == null || v.isEmpty() ? null : Path.of(v);
    }

    public int ringSize() {
        return positiveInt(RING_SIZE, RING_SIZE_DEFAULT);
    }

    public String ringWaitStrategy() {
        return text(RING_WAIT_STRATEGY, RING_WAIT_STRATEGY_DEFAULT);
    }

    /** inline or parallel ({@link #JOURNAL_PLACEMENT}). */
    public String journalPlacement() {
        return text(JOURNAL_PLACEMENT, JOURNAL_PLACEMENT_DEFAULT).toLowerCase(Locale.ROOT);
    }

    /** MiB of the day's journal file prepared before going live ({@link #JOURNAL_PREPARE_MB}); 0: none. */
    public long journalPrepareMb() {
        final String text = values.get(JOURNAL_PREPARE_MB);
        if (text == null || text.isEmpty()) {
            return JOURNAL_PREPARE_MB_DEFAULT;
        }
        final long mb;
        try {
            mb = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw problem(JOURNAL_PREPARE_MB, "'" + text + "' is not a whole number of MiB");
        }
        if (mb < 0 || mb > (1L << 20)) {
            throw problem(JOURNAL_PREPARE_MB, mb + " is not between 0 and 1048576 MiB");
        }
        return mb;
    }

    /** {@code auto}, {@code epoll} or {@code nio}. */
    public String writerLoopTransport() {
        final String v = text(WRITER_LOOP_TRANSPORT, WRITER_LOOP_TRANSPORT_DEFAULT).toLowerCase(Locale.ROOT);
        if (!List.of("auto", "epoll", "nio").contains(v)) {
            throw problem(WRITER_LOOP_TRANSPORT, "'" + v + "' is not one of auto, epoll, nio");
        }
        return v;
    }

    /** {@code auto} or a whole number of µs ≥ 0. */
    public String writerLoopSpinUs() {
        final String v = text(WRITER_LOOP_SPIN_US, WRITER_LOOP_SPIN_US_DEFAULT).toLowerCase(Locale.ROOT);
        if (!v.equals("auto")) {
            try {
                if (Long.parseLong(v) >= 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // refused below with the value named
            }
            throw problem(WRITER_LOOP_SPIN_US, "'" + v + "' is not auto or a whole number of µs ≥ 0");
        }
        return v;
    }

    /** JDBC URL, or null: the embedded database. */
    public String dbUrl() {
        final String v = values.get(DB_URL);
        return v == null || v.isEmpty() ? null : v;
    }

    public long clockPeriodMs() {
        return positiveLong(CLOCK_PERIOD_MS, CLOCK_PERIOD_MS_DEFAULT);
    }

    public int adminPort() {
        final String text = values.get(ADMIN_PORT);
        if (text == null || text.isEmpty()) {
            return ADMIN_PORT_DEFAULT;
        }
        final int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw problem(ADMIN_PORT, "'" + text + "' is not a port number");
        }
        if (port < 0 || port > 65_535) {
            throw problem(ADMIN_PORT, port + " is not a port number (0 to 65535)");
        }
        return port;
    }

    /** {@link #RISK_DAILY_LOSS_LIMIT_RUPEES} in fixed point ({@link Prices#PRICE_SCALE}); 0: no limit. */
    public long riskDailyLossLimitFixed() {
        final String text = values.get(RISK_DAILY_LOSS_LIMIT_RUPEES);
        if (text == null || text.isEmpty()) {
            return RISK_DAILY_LOSS_LIMIT_RUPEES_DEFAULT;
        }
        final java.math.BigDecimal rupees;
        try {
            rupees = new java.math.BigDecimal(text);
        } catch (NumberFormatException e) {
            throw problem(RISK_DAILY_LOSS_LIMIT_RUPEES, "'" + text + "' is not an amount in rupees (e.g. 5000 or 2500.50)");
        }
        if (rupees.signum() < 0) {
            throw problem(RISK_DAILY_LOSS_LIMIT_RUPEES, text + " is negative (a loss limit is a positive amount; 0 means no limit)");
        }
        if (rupees.compareTo(java.math.BigDecimal.valueOf(Prices.MAX_PRICE)) > 0) {
            throw problem(RISK_DAILY_LOSS_LIMIT_RUPEES, text + " is too large");
        }
        final java.math.BigDecimal fixed = rupees.multiply(java.math.BigDecimal.valueOf(Prices.PRICE_SCALE));
        if (fixed.stripTrailingZeros().scale() > 0) {
            throw problem(RISK_DAILY_LOSS_LIMIT_RUPEES, text + " has more than 6 decimals");
        }
        return fixed.longValueExact();
    }

    public boolean riskFlattenOnHalt() {
        final String text = values.get(RISK_FLATTEN_ON_HALT);
        if (text == null || text.isEmpty()) {
            return RISK_FLATTEN_ON_HALT_DEFAULT;
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw problem(RISK_FLATTEN_ON_HALT, "'" + text + "' is not true or false");
        }
    }

    /** Every setting and where it came from; the token command and the db URL (which may hold a password) are not shown. */
    @Override
    public String toString() {
        final List<String> parts = new ArrayList<>();
        parts.add("api=" + apiBaseUrl());
        parts.add("order=" + orderBaseUrl());
        final String kind = tokenSourceKind();
        parts.add("token=" + (kind == null ? "none" : kind.equals(TOKEN_COMMAND) ? "command" : kind + " " + tokenSourceValue()));
        parts.add("mode=" + orderMode());
        parts.add("user=" + userId());
        parts.add("journal=" + journalRoot());
        parts.add("rules=" + (rulesFile() == null ? "store" : rulesFile().toString()));
        parts.add("ring=" + ringSize() + "/" + ringWaitStrategy());
        parts.add("journal-placement=" + journalPlacement());
        parts.add("journal-prepare-mb=" + journalPrepareMb());
        parts.add("db=" + (dbUrl() == null ? "embedded" : "external"));
        parts.add("daily-loss-limit=" + (riskDailyLossLimitFixed() == 0 ? "none"
            : Prices.toDecimal(riskDailyLossLimitFixed()).toPlainString()
            + (riskFlattenOnHalt() ? " (flatten on halt)" : "")));
        return "KavachConfig[" + String.join(", ", parts) + "]";
    }
}
