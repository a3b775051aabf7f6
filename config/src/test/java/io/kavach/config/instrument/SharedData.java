package io.kavach.config.instrument;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the read-only {@code shared/data} folder beside the checkout (tests and CI only). */
final class SharedData {
    private SharedData() {
    }

    static Path file(final String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            final Path candidate = dir.resolve("shared").resolve("data").resolve(name);
            if (Files.isReadable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/data/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
