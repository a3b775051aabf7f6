package io.kavach.engine.cli;

import io.kavach.config.instrument.Instrument;
import io.kavach.config.instrument.InstrumentMaster;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The instruments a rule may name: Upstox's instrument CSV given by {@code --instruments}, else
 * {@code <home>/instruments.csv} when it exists, plus the built-in NSE indices (NIFTY, BANKNIFTY).
 *
 * <p>Threading: the command's thread.
 */
public final class InstrumentOptions {
    public static final String DEFAULT_FILE_NAME = "instruments.csv";

    @Option(names = "--instruments", paramLabel = "FILE",
        description = "Upstox instrument CSV for symbol lookup. Default: <home>/" + DEFAULT_FILE_NAME + " if present; NIFTY and BANKNIFTY are always known.")
    Path file;

    private InstrumentMaster master;

    InstrumentMaster master(final Path homeDir) {
        if (master != null) {
            return master;
        }
        final InstrumentMaster m = InstrumentMaster.builtIn();
        final Path source = file != null ? file : homeDir.resolve(DEFAULT_FILE_NAME);
        if (file != null && !Files.isReadable(file)) {
            throw new BadInputException("--instruments: cannot read " + file);
        }
        if (Files.isReadable(source)) {
            try (Reader in = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
                m.loadCsv(in, source.toString());
            } catch (final IOException e) {
                throw new BadInputException("--instruments: " + e.getMessage());
            }
        }
        master = m;
        return m;
    }

    /** The instrument named by key or symbol; exit 2 naming the flag when unknown. */
    Instrument resolve(final Path homeDir, final String keyOrSymbol, final String flag) {
        final InstrumentMaster m = master(homeDir);
        final String key = m.resolveKey(keyOrSymbol);
        if (key == null) {
            throw new BadInputException(flag + ": unknown symbol or instrument key '" + keyOrSymbol + "' (not in "
                + (file != null ? file : homeDir.resolve(DEFAULT_FILE_NAME) + " or the built-in indices") + ")");
        }
        return m.byKey(key);
    }
}
