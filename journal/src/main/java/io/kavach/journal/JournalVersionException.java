package io.kavach.journal;

/**
 * A journal record carries a layout version newer than this build reads. Reading stops before that
 * record: guessing at a newer layout could replay wrong prices into live rules.
 */
public final class JournalVersionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public JournalVersionException(final String message) {
        super(message);
    }
}
