package io.kavach.journal.layout;

import org.agrona.DirectBuffer;

/**
 * Checks one record before anyone decodes it: version, kind, and that the lengths its body declares
 * fit inside the record. Expected outcomes are return codes, not exceptions.
 *
 * <p>Owned by the reading thread (holds reusable decoders).
 */
public final class RecordValidator {
    public static final int VALID = 0;
    public static final int TOO_SHORT_FOR_HEADER = 1;
    public static final int NEWER_VERSION = 2;
    public static final int INVALID_VERSION = 3;
    public static final int UNKNOWN_KIND = 4;
    public static final int BODY_TOO_SHORT = 5;
    public static final int BODY_LENGTH_MISMATCH = 6;

    private final RecordHeaderDecoder header = new RecordHeaderDecoder();
    private final MarketTickDecoder tick = new MarketTickDecoder();
    private final OrderDecoder order = new OrderDecoder();
    private final CommandDecoder command = new CommandDecoder();

    public int validate(final DirectBuffer buffer, final int offset, final int length) {
        if (length < RecordHeaderEncoder.ENCODED_LENGTH) {
            return TOO_SHORT_FOR_HEADER;
        }
        header.wrap(buffer, offset);
        final byte version = header.version();
        if (version > JournalLayout.CURRENT_VERSION) {
            return NEWER_VERSION;
        }
        if (version < 1) {
            return INVALID_VERSION;
        }
        final byte kind = header.kind();
        final int minBody = JournalLayout.minBodyLength(kind);
        if (minBody < 0) {
            return UNKNOWN_KIND;
        }
        final int bodyOffset = offset + RecordHeaderEncoder.ENCODED_LENGTH;
        final int bodyLength = length - RecordHeaderEncoder.ENCODED_LENGTH;
        if (bodyLength < minBody) {
            return BODY_TOO_SHORT;
        }
        final long declared;
        switch (kind) {
            case JournalLayout.KIND_MARKET_TICK:
                tick.wrap(buffer, bodyOffset);
                declared = tick.depthLevels() > JournalLayout.MAX_DEPTH_LEVELS
                    || (tick.flags() & ~MarketTickEncoder.KNOWN_FLAGS) != 0 ? -1 : tick.encodedLength();
                break;
            case JournalLayout.KIND_ORDER_UPDATE:
            case JournalLayout.KIND_POSITION_UPDATE:
            case JournalLayout.KIND_ORDER_ACK:
            case JournalLayout.KIND_ORDER_INTENT:
                order.wrap(buffer, bodyOffset);
                declared = order.brokerOrderIdLength() > JournalLayout.MAX_ID_BYTES
                    || order.tagLength() > JournalLayout.MAX_ID_BYTES ? -1 : order.encodedLength();
                break;
            case JournalLayout.KIND_RULE_COMMAND:
            case JournalLayout.KIND_CONTROL:
                command.wrap(buffer, bodyOffset);
                declared = command.payloadLength() < 0 || command.payloadLength() > JournalLayout.MAX_PAYLOAD_BYTES
                    ? -1 : command.encodedLength();
                break;
            default:
                declared = minBody;
                break;
        }
        return declared == bodyLength ? VALID : BODY_LENGTH_MISMATCH;
    }

    public static String describe(final int code) {
        switch (code) {
            case VALID: return "valid";
            case TOO_SHORT_FOR_HEADER: return "record shorter than the 24-byte header";
            case NEWER_VERSION: return "layout version newer than this build reads";
            case INVALID_VERSION: return "layout version 0 or negative";
            case UNKNOWN_KIND: return "unknown record kind";
            case BODY_TOO_SHORT: return "body shorter than its kind's fixed part";
            case BODY_LENGTH_MISMATCH: return "body length differs from the lengths it declares";
            default: return "code " + code;
        }
    }
}
