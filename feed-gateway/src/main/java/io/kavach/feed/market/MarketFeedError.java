package io.kavach.feed.market;

/**
 * Why {@link MarketFeedDecoder#decode} rejected a frame. {@link #OK} is 0; every other code rejects
 * the whole frame (no callback is made for any of its feeds). Constants; any thread.
 */
public final class MarketFeedError {
    public static final int OK = 0;
    /** A varint runs past the end of its message or frame. */
    public static final int TRUNCATED_VARINT = 1;
    /** A varint longer than 10 bytes, or whose 10th byte is not 0x01 (the only value that byte can carry). */
    public static final int MALFORMED_VARINT = 2;
    /** A fixed 32/64-bit value runs past the end of its message or frame. */
    public static final int TRUNCATED_FIXED = 3;
    /** A length-delimited field's length is negative or runs past the end of its enclosing message or frame. */
    public static final int LENGTH_OVERRUN = 4;
    /** Field number 0, or a tag wider than 32 bits. */
    public static final int BAD_TAG = 5;
    /** Wire type 6 or 7, which do not exist. */
    public static final int BAD_WIRE_TYPE = 6;
    /** A field this decoder knows arrived with a different wire type than the schema's. */
    public static final int WRONG_WIRE_TYPE = 7;
    /** An end-group tag without a matching start-group, or a group that never ends. */
    public static final int BAD_GROUP = 8;
    /** Unknown groups nested deeper than the decoder's limit. */
    public static final int GROUP_TOO_DEEP = 9;
    /** A string (instrument key, segment, OHLC interval) that is not valid UTF-8; protobuf rejects these too. */
    public static final int INVALID_UTF8 = 10;
    /** The caller's offset/length do not fit the buffer. */
    public static final int BAD_BOUNDS = 11;
    /**
     * A oneof member (Feed's ltpc/fullFeed/firstLevelWithGreeks, FullFeed's marketFF/indexFF) comes back
     * after another member of the same oneof within one message. protobuf-java's generated parser then
     * resumes the member's earlier content, while the protobuf spec, C++ and protobuf-java's own
     * DynamicMessage start it empty; Upstox never sends it, so the frame is corrupt and rejected.
     */
    public static final int ONEOF_SWITCHED_BACK = 12;

    private static final String[] NAMES = {
        "OK", "TRUNCATED_VARINT", "MALFORMED_VARINT", "TRUNCATED_FIXED", "LENGTH_OVERRUN", "BAD_TAG",
        "BAD_WIRE_TYPE", "WRONG_WIRE_TYPE", "BAD_GROUP", "GROUP_TOO_DEEP", "INVALID_UTF8", "BAD_BOUNDS",
        "ONEOF_SWITCHED_BACK",
    };

    private MarketFeedError() {
    }

    public static String name(final int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "UNKNOWN(" + code + ")";
    }
}
