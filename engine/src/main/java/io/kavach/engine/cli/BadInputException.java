package io.kavach.engine.cli;

/** Input the user can fix (a flag, a file, a rule): reported as one line naming what is wrong, exit code 2. */
public final class BadInputException extends RuntimeException {
    public BadInputException(final String message) {
        super(message);
    }
}
