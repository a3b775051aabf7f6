package io.kavach.engine.rule;

import java.util.List;

/**
 * A rule or rules file refused by {@link RuleParser}: every problem names the JSON field path and
 * what was expected. Cold path only; nothing of a refused file is activated.
 */
public final class RuleRejectedException extends Exception {
    private final List<String> problems;

    public RuleRejectedException(final List<String> problems) {
        super(problems.size() == 1 ? problems.get(0) : problems.size() + " problems: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
