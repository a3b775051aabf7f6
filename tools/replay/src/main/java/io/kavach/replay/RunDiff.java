package io.kavach.replay;

import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.journal.InputEventJournalCodec;
import io.kavach.engine.output.IstTimestamps;
import io.kavach.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code replay --diff A B}: names the first point where two runs diverge. Two journal directories
 * are compared record by record (the first differing input: its position, sequence, kind, event
 * time and the fields that differ); two output files line by line (the first differing line).
 *
 * <p>Threading: the command's thread.
 */
public final class RunDiff {
    private RunDiff() {
    }

    /** Returns null when A and B are identical, else a one-paragraph description of the first divergence. */
    public static String firstDivergence(final Path a, final Path b) throws IOException {
        if (Files.isDirectory(a) && Files.isDirectory(b)) {
            return journals(a, b);
        }
        if (Files.isRegularFile(a) && Files.isRegularFile(b)) {
            return outputs(a, b);
        }
        throw new IllegalArgumentException("--diff needs two journal directories or two output files: " + a + ", " + b);
    }

    static String outputs(final Path a, final Path b) throws IOException {
        try (BufferedReader ra = Files.newBufferedReader(a, StandardCharsets.UTF_8);
             BufferedReader rb = Files.newBufferedReader(b, StandardCharsets.UTF_8)) {
            long line = 0;
            while (true) {
                line++;
                final String la = ra.readLine();
                final String lb = rb.readLine();
                if (la == null && lb == null) {
                    return null;
                }
                if (la == null || lb == null || !la.equals(lb)) {
                    return "first divergence at output line " + line + ":\n  A: " + (la == null ? "<end of " + a + ">" : la)
                        + "\n  B: " + (lb == null ? "<end of " + b + ">" : lb);
                }
            }
        }
    }

    static String journals(final Path a, final Path b) {
        final List<String> damage = new ArrayList<>();
        try (JournalReader ra = new JournalReader(a, damage::add); JournalReader rb = new JournalReader(b, damage::add)) {
            final RecordCopy ca = new RecordCopy();
            final RecordCopy cb = new RecordCopy();
            long position = 0;
            while (true) {
                final boolean hasA = ra.poll(ca, 1) == 1;
                final boolean hasB = rb.poll(cb, 1) == 1;
                if (!hasA && !hasB) {
                    return null;
                }
                position++;
                if (!hasA || !hasB) {
                    final RecordCopy extra = hasA ? ca : cb;
                    return "first divergence at input #" + position + ": " + (hasA ? "B" : "A") + " ends, the other has "
                        + describe(extra);
                }
                if (!Arrays.equals(ca.bytes, 0, ca.length, cb.bytes, 0, cb.length)) {
                    return "first divergence at input #" + position + ":\n  A: " + describe(ca) + "\n  B: " + describe(cb)
                        + "\n  differing fields: " + differingFields(ca.event(), cb.event());
                }
            }
        }
    }

    private static String describe(final RecordCopy copy) {
        final InputEvent e = copy.event();
        return "sequence " + e.sequence + " " + EventKind.name(e.kind) + " at " + IstTimestamps.iso(e.eventTimeEpochMs);
    }

    static String differingFields(final InputEvent a, final InputEvent b) {
        final List<String> names = new ArrayList<>();
        try {
            for (final Field f : InputEvent.class.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                final Object va = f.get(a);
                final Object vb = f.get(b);
                final boolean same;
                if (va instanceof long[]) {
                    same = Arrays.equals((long[]) va, (long[]) vb);
                } else if (va instanceof byte[]) {
                    same = Arrays.equals((byte[]) va, (byte[]) vb);
                } else {
                    same = va.equals(vb);
                }
                if (!same) {
                    names.add(f.getName() + " " + render(va) + " vs " + render(vb));
                }
            }
        } catch (final IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return String.join(", ", names);
    }

    private static String render(final Object value) {
        if (value instanceof long[]) {
            return "[..]";
        }
        if (value instanceof byte[]) {
            return "[bytes]";
        }
        return String.valueOf(value);
    }

    /** Keeps one record's bytes so the two readers can be compared after each poll. */
    private static final class RecordCopy implements io.kavach.journal.JournalRecordHandler {
        private final InputEventJournalCodec codec = new InputEventJournalCodec();
        byte[] bytes = new byte[1024];
        int length;

        @Override
        public void onRecord(final DirectBuffer buffer, final int offset, final int length) {
            if (bytes.length < length) {
                bytes = new byte[length];
            }
            buffer.getBytes(offset, bytes, 0, length);
            this.length = length;
        }

        InputEvent event() {
            final InputEvent e = new InputEvent();
            codec.decode(new UnsafeBuffer(bytes, 0, length), 0, e);
            return e;
        }
    }
}
