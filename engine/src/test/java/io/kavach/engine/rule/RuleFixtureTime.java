package io.kavach.engine.rule;

/** IST test times for tests outside this package. */
public final class RuleFixtureTime {
    private RuleFixtureTime() {
    }

    /** Epoch ms of HH:MM:SS IST on Monday 2026-11-23. */
    public static long at(final String hhmmss) {
        return RuleFixture.at(hhmmss);
    }
}
