package io.kavach.engine.journal;

import io.kavach.config.instrument.InstrumentRegistry;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings a journaled run was made with, beside the journal days ({@code <root>/kavach-run.properties}):
 * the instrument keys in id order (ids in the journal are dense ints assigned at registration), the
 * reported timeframe, the indicator specs and the rules file. Replay reads it to rebuild the same
 * pipeline, so replaying a journal reproduces the run's output without repeating its options.
 *
 * <p>Written once, when a run starts journaling into a root; a later run into the same root must
 * carry the same settings (a restart) or is refused. Never rewritten.
 *
 * <p>Immutable; safe on any thread.
 */
public record RunManifest(List<String> instrumentKeys, String timeframe, String indicators, String rules,
                          Map<String, String> symbols, long rulesActivationEpochMs) {
    public static final String FILE_NAME = "kavach-run.properties";
    /** The run's rules, copied beside the journal so the journal replays on its own. */
    public static final String RULES_FILE_NAME = "kavach-run-rules.json";

    /**
     * @param rules                  file name of the run's rules inside the journal root, or "" for none
     * @param symbols                bar symbol → instrument key, as the rules were parsed with
     * @param rulesActivationEpochMs when the rules became active
     */
    public RunManifest {
        instrumentKeys = List.copyOf(instrumentKeys);
        timeframe = timeframe == null ? "" : timeframe;
        indicators = indicators == null ? "" : indicators;
        rules = rules == null ? "" : rules;
        symbols = Map.copyOf(symbols);
    }

    /** A run without rules. */
    public RunManifest(final List<String> instrumentKeys, final String timeframe, final String indicators) {
        this(instrumentKeys, timeframe, indicators, "", Map.of(), 0);
    }

    /** The registry's keys in id order. */
    public static List<String> keysOf(final InstrumentRegistry registry) {
        final List<String> keys = new ArrayList<>(registry.size());
        for (int id = 0; id < registry.size(); id++) {
            keys.add(registry.keyOf(id));
        }
        return keys;
    }

    /** A registry assigning the same ids the run used. */
    public InstrumentRegistry registry() {
        final InstrumentRegistry registry = new InstrumentRegistry();
        for (final String key : instrumentKeys) {
            registry.register(key);
        }
        return registry;
    }

    public static Path path(final Path journalRoot) {
        return journalRoot.resolve(FILE_NAME);
    }

    /** Writes the manifest, or checks an existing one matches. */
    public void writeOrVerify(final Path journalRoot) throws IOException {
        Files.createDirectories(journalRoot);
        final Path file = path(journalRoot);
        try {
            Files.writeString(file, render(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (final FileAlreadyExistsException exists) {
            final RunManifest existing = read(journalRoot);
            if (!existing.equals(this)) {
                throw new IllegalArgumentException("journal " + journalRoot + " was written by a run with different settings ("
                    + existing + "); journal this run into a new directory");
            }
        }
    }

    /** Reads the manifest of a journal root. */
    public static RunManifest read(final Path journalRoot) throws IOException {
        final Path file = path(journalRoot);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("journal " + journalRoot + " has no " + FILE_NAME
                + " (not a journal root, or written by a run that recorded no settings)");
        }
        final Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        final int count = Integer.parseInt(p.getProperty("instruments.count", "0"));
        final List<String> keys = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            final String key = p.getProperty("instrument." + id);
            if (key == null) {
                throw new IllegalArgumentException(file + ": instrument." + id + " missing (instruments.count=" + count + ")");
            }
            keys.add(key);
        }
        final Map<String, String> symbols = new TreeMap<>();
        for (final String name : p.stringPropertyNames()) {
            if (name.startsWith("symbol.")) {
                symbols.put(name.substring("symbol.".length()), p.getProperty(name));
            }
        }
        return new RunManifest(keys, p.getProperty("timeframe"), p.getProperty("indicators"), p.getProperty("rules"), symbols,
            Long.parseLong(p.getProperty("rules.activationEpochMs", "0")));
    }

    private String render() throws IOException {
        // sorted keys and no date comment: the same run writes the same bytes
        final TreeMap<String, String> entries = new TreeMap<>();
        entries.put("instruments.count", Integer.toString(instrumentKeys.size()));
        for (int id = 0; id < instrumentKeys.size(); id++) {
            entries.put("instrument." + id, instrumentKeys.get(id));
        }
        entries.put("timeframe", timeframe);
        entries.put("indicators", indicators);
        entries.put("rules", rules);
        entries.put("rules.activationEpochMs", Long.toString(rulesActivationEpochMs));
        for (final var e : symbols.entrySet()) {
            entries.put("symbol." + e.getKey(), e.getValue());
        }
        final StringWriter out = new StringWriter();
        for (final var e : entries.entrySet()) {
            writeEscaped(out, e.getKey(), e.getValue());
        }
        return out.toString();
    }

    private static void writeEscaped(final Writer out, final String key, final String value) throws IOException {
        final Properties one = new Properties();
        one.setProperty(key, value);
        final StringWriter w = new StringWriter();
        one.store(w, null);
        for (final String line : w.toString().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                out.write(line.strip());
                out.write('\n');
            }
        }
    }
}
