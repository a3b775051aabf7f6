package io.kavach.replay;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes through and keeps a SHA-256 of everything written: the replay's output digest.
 *
 * <p>Threading: the thread that writes the output (the logic thread).
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest sha256;
    private long bytes;

    public DigestingOutputStream(final OutputStream out) {
        super(out);
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void write(final int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        bytes++;
    }

    @Override
    public void write(final byte[] b, final int off, final int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        bytes += len;
    }

    public long bytesWritten() {
        return bytes;
    }

    /** Hex SHA-256 of all bytes written; call once, after the last write. */
    public String hexDigest() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
