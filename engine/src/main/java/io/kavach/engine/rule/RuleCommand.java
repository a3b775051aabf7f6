package io.kavach.engine.rule;

/**
 * Codes of {@code RULE_COMMAND} events ({@code InputEvent.command}); stable journal values. ADD
 * carries the rule JSON (one rule or an array) in the payload; the others name {@code ruleId}.
 */
public final class RuleCommand {
    /** Add or replace (same id) the rules in the payload; all-or-nothing. */
    public static final byte ADD = 1;
    public static final byte DELETE = 2;
    public static final byte ENABLE = 3;
    public static final byte DISABLE = 4;

    private RuleCommand() {
    }
}
