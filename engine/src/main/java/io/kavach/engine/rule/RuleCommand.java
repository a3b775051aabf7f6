package io.kavach.engine.rule;

/**
 * Codes of {@code RULE_COMMAND} events ({@code InputEvent.command}); stable journal values. ADD
 * carries the rule JSON (one rule or an array) in the payload; RISK_LIMITS the limits' JSON
 * ({@code RiskLimits.payload}); the others name {@code ruleId}.
 */
public final class RuleCommand {
    /** Add or replace (same id) the rules in the payload; all-or-nothing. */
    public static final byte ADD = 1;
    public static final byte DELETE = 2;
    public static final byte ENABLE = 3;
    public static final byte DISABLE = 4;
    /**
     * The risk limits every user trades under from this input on. Journaled at each start whose
     * settings differ from the journal's, so a restart and a replay decide with the limits in force.
     */
    public static final byte RISK_LIMITS = 5;

    private RuleCommand() {
    }
}
