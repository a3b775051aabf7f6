package io.kavach.journal;

import org.agrona.DirectBuffer;

/**
 * Receives each complete, validated record from a {@link JournalReader}: the header at
 * {@code offset}, the body right after it, {@code length} bytes in all. The buffer is only valid
 * during the call.
 *
 * <p>Called on the thread that polls the reader.
 */
@FunctionalInterface
public interface JournalRecordHandler {
    void onRecord(DirectBuffer buffer, int offset, int length);
}
