package io.kavach.engine.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavach.engine.event.EventKind;
import io.kavach.engine.event.InputEvent;
import io.kavach.engine.ring.InputPublisher;
import io.kavach.engine.risk.RiskLimits;
import io.kavach.engine.rule.RuleCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Rule changes enter the engine as journaled {@link EventKind#RULE_COMMAND} inputs, so a replay
 * rebuilds exactly the rules the live run had, at the same point in the stream. ADD carries the rules'
 * JSON (compacted) in the event's payload; it must fit {@link InputEvent#PAYLOAD_BYTES}.
 *
 * <p>Threading: the writer loop (the ring's only producer); other threads hand calls over with
 * {@link WriterLoop#execute}.
 */
public final class RuleCommandPublisher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final byte[] NO_PAYLOAD = new byte[0];

    private final InputPublisher publisher;
    private final LongSupplier clockMs;
    private final int userId;

    public RuleCommandPublisher(final InputPublisher publisher, final LongSupplier clockMs, final int userId) {
        this.publisher = publisher;
        this.clockMs = clockMs;
        this.userId = userId;
    }

    /**
     * Compacts a rule (or an array of rules) to the payload form; throws {@link IllegalArgumentException}
     * naming the problem when it is not JSON or too large. Cold path; any thread.
     */
    public static byte[] payloadOf(final String rulesJson) {
        final JsonNode tree;
        try {
            tree = JSON.readTree(rulesJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("rules are not valid JSON: " + e.getMessage());
        }
        if (tree == null || !(tree.isObject() || tree.isArray())) {
            throw new IllegalArgumentException("rules must be a JSON object or an array of objects");
        }
        final byte[] bytes = tree.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > InputEvent.PAYLOAD_BYTES) {
            throw new IllegalArgumentException("rules are " + bytes.length + " bytes of compact JSON; one command carries at most "
                + InputEvent.PAYLOAD_BYTES + " (send them in several commands)");
        }
        return bytes;
    }

    /** Publishes an ADD of the given payload (see {@link #payloadOf}). */
    public void add(final byte[] payload) {
        publish(RuleCommand.ADD, 0, payload);
    }

    /** Publishes DELETE, ENABLE or DISABLE ({@link RuleCommand}) of one rule. */
    public void change(final byte command, final long ruleId) {
        publish(command, ruleId, NO_PAYLOAD);
    }

    /** Publishes the risk limits every user trades under from now on ({@link RuleCommand#RISK_LIMITS}). */
    public void riskLimits(final RiskLimits limits) {
        publish(RuleCommand.RISK_LIMITS, 0, limits.payload());
    }

    private void publish(final byte command, final long ruleId, final byte[] payload) {
        final long slot = publisher.claim(EventKind.RULE_COMMAND, clockMs.getAsLong());
        final InputEvent e = publisher.event(slot);
        e.userId = userId;
        e.command = command;
        e.ruleId = ruleId;
        e.instrumentId = -1;
        e.textLength = 0;
        System.arraycopy(payload, 0, e.payload, 0, payload.length);
        e.payloadLength = payload.length;
        publisher.publish(slot);
    }
}
