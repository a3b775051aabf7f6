package io.kavach.feed.market;

import io.kavach.config.instrument.InstrumentRegistry;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.kavach.feed.market.MarketFeedError.BAD_BOUNDS;
import static org.agrona.UnsafeAccess.UNSAFE;
import static io.kavach.feed.market.MarketFeedError.BAD_GROUP;
import static io.kavach.feed.market.MarketFeedError.BAD_TAG;
import static io.kavach.feed.market.MarketFeedError.BAD_WIRE_TYPE;
import static io.kavach.feed.market.MarketFeedError.GROUP_TOO_DEEP;
import static io.kavach.feed.market.MarketFeedError.INVALID_UTF8;
import static io.kavach.feed.market.MarketFeedError.LENGTH_OVERRUN;
import static io.kavach.feed.market.MarketFeedError.MALFORMED_VARINT;
import static io.kavach.feed.market.MarketFeedError.OK;
import static io.kavach.feed.market.MarketFeedError.TRUNCATED_FIXED;
import static io.kavach.feed.market.MarketFeedError.TRUNCATED_VARINT;
import static io.kavach.feed.market.MarketFeedError.WRONG_WIRE_TYPE;

/**
 * Zero-allocation decoder of Upstox Market Data Feed V3 {@code FeedResponse} frames, reading the
 * protobuf wire format straight from a {@link DirectBuffer} (a wrapped {@code byte[]} or a Netty
 * direct buffer's address, no copy).
 *
 * <p>A validation pass walks every byte and checks the whole structure (tags, wire types of known
 * fields, varints, lengths against the enclosing message, strings are UTF-8, groups balanced); only
 * if it is well formed is the {@link MarketFeedHandler} called: straight from the validated state
 * when the frame holds a single feed (the common live frame), else by a second, delivery pass. A malformed frame is rejected whole, with a {@link MarketFeedError}
 * code, a byte offset and the message/field it was in, and no callback: the engine never sees half
 * a frame. Unknown fields of every wire type are skipped. Semantics follow protobuf's parser:
 * absent fields are zero, a repeated scalar keeps its last value, a repeated sub-message merges,
 * a later oneof case replaces an earlier one, map entries may carry key and value in any order or
 * not at all.
 *
 * <p>Instrument keys resolve to ids through {@link InstrumentRegistry#find(byte[], int, int)}; a key
 * not in the registry is counted and that feed skipped, the rest of the frame is delivered.
 * Segment names of {@code market_info} resolve to {@link Segments} codes likewise.
 *
 * <p>Threading: one instance per feed connection, used only by its event-loop thread. Counters are
 * plain fields: other threads may read them for metrics and see slightly stale values.
 */
public final class MarketFeedDecoder {
    /** Unknown groups nested deeper than this reject the frame (protobuf-java stops at 100 levels in all). */
    public static final int MAX_GROUP_DEPTH = 64;
    /** Longest instrument key looked up from a direct buffer (copied to a scratch array); longer keys are unknown. */
    public static final int MAX_KEY_BYTES = 256;

    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private static final int WT_VARINT = 0;
    private static final int WT_I64 = 1;
    private static final int WT_LEN = 2;
    private static final int WT_START_GROUP = 3;
    private static final int WT_END_GROUP = 4;
    private static final int WT_I32 = 5;

    private static final int M_FEED_RESPONSE = 0;
    private static final int M_FEEDS_ENTRY = 1;
    private static final int M_FEED = 2;
    private static final int M_LTPC = 3;
    private static final int M_FULL_FEED = 4;
    private static final int M_MARKET_FULL_FEED = 5;
    private static final int M_INDEX_FULL_FEED = 6;
    private static final int M_FIRST_LEVEL_WITH_GREEKS = 7;
    private static final int M_MARKET_LEVEL = 8;
    private static final int M_QUOTE = 9;
    private static final int M_OPTION_GREEKS = 10;
    private static final int M_MARKET_OHLC = 11;
    private static final int M_OHLC = 12;
    private static final int M_MARKET_INFO = 13;
    private static final int M_SEGMENT_STATUS_ENTRY = 14;
    private static final String[] MESSAGE_NAMES = {
        "FeedResponse", "FeedResponse.FeedsEntry", "Feed", "LTPC", "FullFeed", "MarketFullFeed", "IndexFullFeed",
        "FirstLevelWithGreeks", "MarketLevel", "Quote", "OptionGreeks", "MarketOHLC", "OHLC", "MarketInfo",
        "MarketInfo.SegmentStatusEntry",
    };

    private final InstrumentRegistry registry;
    private final MarketFeedHandler handler;
    private final MarketFeedView view = new MarketFeedView();
    private final byte[] keyScratch = new byte[MAX_KEY_BYTES];
    private final int[] groupFields = new int[MAX_GROUP_DEPTH];

    private DirectBuffer buffer;
    // Raw view of the frame's memory (heap array + offset, or null + native address): every read is
    // bounds-checked by the parser against its message limit, which the frame bounds were checked
    // against once, so reads go straight to Unsafe without the buffer's own per-read checks.
    private byte[] array;
    private long address;
    private int pos;
    private boolean deliver;
    private int frameType;
    private long currentTsEpochMs;
    private long receivedNanos;
    private int feedEntries;
    private int marketInfos;
    private int frameDroppedRepeats;

    private int errorCode;
    private int errorOffset;
    private int errorFrameLength;
    private int errorMessage;
    private int errorField;

    private final byte[] lastUnknownKey = new byte[MAX_KEY_BYTES];
    private int lastUnknownKeyLength;
    private final byte[] lastUnknownSegment = new byte[MAX_KEY_BYTES];
    private int lastUnknownSegmentLength;

    private long framesDecoded;
    private long framesRejected;
    private long feedsDelivered;
    private long statusesDelivered;
    private long unknownInstruments;
    private long unknownSegments;
    private long droppedRepeats;

    public MarketFeedDecoder(final InstrumentRegistry registry, final MarketFeedHandler handler) {
        this.registry = registry;
        this.handler = handler;
    }

    /**
     * Decodes one {@code FeedResponse} from {@code buffer[offset, offset+length)} and delivers it to
     * the handler, or rejects it whole.
     *
     * @param receivedNanos passed through to the handler (the frame's monotonic arrival time)
     * @return {@link MarketFeedError#OK}, or the error code of a rejected frame (then see {@link #lastErrorOffset()})
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length, final long receivedNanos) {
        errorCode = OK;
        if (offset < 0 || length < 0 || offset > buffer.capacity() - length) {
            framesRejected++;
            errorOffset = 0;
            errorFrameLength = length;
            errorMessage = M_FEED_RESPONSE;
            errorField = 0;
            return errorCode = BAD_BOUNDS;
        }
        this.buffer = buffer;
        this.array = buffer.byteArray();
        this.address = buffer.addressOffset();
        view.buffer = buffer;
        final int limit = offset + length;
        if (decodeCanonicalLtpcFrame(offset, limit, receivedNanos)) {
            return OK;
        }
        errorCode = OK;
        frameType = 0;
        currentTsEpochMs = 0;
        feedEntries = 0;
        marketInfos = 0;
        frameDroppedRepeats = 0;
        deliver = false;
        pos = offset;
        if (!parseFeedResponse(limit)) {
            framesRejected++;
            errorOffset -= offset;
            errorFrameLength = length;
            return errorCode;
        }
        this.receivedNanos = receivedNanos;
        view.frameType = frameType;
        view.currentTsEpochMs = currentTsEpochMs;
        view.receivedNanos = receivedNanos;
        deliver = true;
        if (feedEntries == 1 && marketInfos == 0) {
            // The common live frame: the validation pass already left the one feed in the view.
            deliverFeed();
        } else {
            frameDroppedRepeats = 0;
            pos = offset;
            parseFeedResponse(limit);
        }
        droppedRepeats += frameDroppedRepeats;
        framesDecoded++;
        return OK;
    }

    /**
     * The common live frame, one instrument's LTPC, as every protobuf encoder writes it: optional type,
     * one feeds entry (key, then a Feed holding only ltpc and maybe requestMode), optional currentTs,
     * each field once and in field order. Read in one straight pass; anything else (or anything wrong)
     * returns false and the general two-pass parser takes the frame from the start, so results and
     * errors are the general parser's. Registered keys are valid UTF-8 by construction, so only an
     * unknown key is UTF-8 checked here.
     */
    private boolean decodeCanonicalLtpcFrame(final int offset, final int limit, final long receivedNanos) {
        final byte[] array = this.array;
        final long address = this.address;
        // Positions live in locals (registers); one-byte lengths only (a longer one, up to 127 bytes of
        // entry, never happens for a single LTPC); timestamps use the short varint loop below.
        int p = offset;
        int type = 0;
        if (p + 1 < limit && UNSAFE.getByte(array, address + p) == 0x08) {
            type = UNSAFE.getByte(array, address + p + 1);
            if (type < 0) {
                return false;
            }
            p += 2;
        }
        if (p + 4 > limit || UNSAFE.getByte(array, address + p) != 0x12) {
            return false;
        }
        final int entryLength = UNSAFE.getByte(array, address + p + 1);
        final int entryEnd = p + 2 + entryLength;
        if (entryLength < 0 || entryEnd > limit || UNSAFE.getByte(array, address + p + 2) != 0x0A) {
            return false;
        }
        final int keyLength = UNSAFE.getByte(array, address + p + 3);
        final int keyOffset = p + 4;
        p = keyOffset + keyLength;
        if (keyLength < 0 || p + 4 > entryEnd || UNSAFE.getByte(array, address + p) != 0x12
            || p + 2 + UNSAFE.getByte(array, address + p + 1) != entryEnd || UNSAFE.getByte(array, address + p + 2) != 0x0A) {
            return false;
        }
        final int ltpcLength = UNSAFE.getByte(array, address + p + 3);
        p += 4;
        final int ltpcEnd = p + ltpcLength;
        if (ltpcLength < 0 || ltpcEnd > entryEnd) {
            return false;
        }
        double ltp = 0.0;
        long ltt = 0;
        long ltq = 0;
        double cp = 0.0;
        int lastTag = 0;
        while (p < ltpcEnd) {
            final int tag = UNSAFE.getByte(array, address + p++);
            if (tag <= lastTag) {
                return false; // a repeat, a multi-byte tag or out of order: the general parser decides
            }
            lastTag = tag;
            if (tag == 0x09 || tag == 0x21) {
                if (ltpcEnd - p < 8) {
                    return false;
                }
                final long bits = UNSAFE.getLong(array, address + p);
                final double value = Double.longBitsToDouble(NATIVE_LITTLE_ENDIAN ? bits : Long.reverseBytes(bits));
                p += 8;
                if (tag == 0x09) {
                    ltp = value;
                } else {
                    cp = value;
                }
            } else if (tag == 0x10 || tag == 0x18) {
                if (ltpcEnd - p < Long.BYTES || !NATIVE_LITTLE_ENDIAN) {
                    return false; // the last field of a message, or a big-endian host: the general parser
                }
                final long word = UNSAFE.getLong(array, address + p);
                final int bits = varintBits(word);
                if (bits == 0) {
                    return false;
                }
                final long value = varintValue(word, bits);
                p += bits >>> 3;
                if (tag == 0x10) {
                    ltt = value;
                } else {
                    ltq = value;
                }
            } else {
                return false;
            }
        }
        int mode = 0;
        if (p < entryEnd) {
            if (p + 2 != entryEnd || UNSAFE.getByte(array, address + p) != 0x20) {
                return false;
            }
            mode = UNSAFE.getByte(array, address + p + 1);
            if (mode < 0) {
                return false;
            }
            p = entryEnd;
        }
        long ts = 0;
        if (p < limit) {
            if (UNSAFE.getByte(array, address + p++) != 0x18) {
                return false;
            }
            if (limit - p >= Long.BYTES && NATIVE_LITTLE_ENDIAN) {
                final long word = UNSAFE.getLong(array, address + p);
                final int bits = varintBits(word);
                if (bits == 0) {
                    return false;
                }
                ts = varintValue(word, bits);
                p += bits >>> 3;
            } else {
                int shift = 0;
                byte b;
                do {
                    if (p >= limit || shift > 56) {
                        return false;
                    }
                    b = UNSAFE.getByte(array, address + p++);
                    ts |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while (b < 0);
            }
            if (p != limit) {
                return false;
            }
        }
        final int id = lookupInstrument(keyOffset, keyLength);
        if (id == InstrumentRegistry.NOT_FOUND && !isValidUtf8(keyOffset, keyOffset + keyLength)) {
            return false;
        }
        pos = p;
        final MarketFeedView view = this.view;
        view.resetEntry();
        view.feedCase = 1;
        view.hasLtpc = true;
        view.ltp = ltp;
        view.lttEpochMs = ltt;
        view.ltq = ltq;
        view.cp = cp;
        view.requestMode = mode;
        view.keyOffset = keyOffset;
        view.keyLength = keyLength;
        view.frameType = type;
        view.currentTsEpochMs = ts;
        view.receivedNanos = receivedNanos;
        framesDecoded++;
        if (id == InstrumentRegistry.NOT_FOUND) {
            unknownInstruments++;
            lastUnknownKeyLength = copyBytes(keyOffset, keyLength, lastUnknownKey);
            return true;
        }
        view.instrumentId = id;
        feedsDelivered++;
        handler.onFeed(view);
        return true;
    }

    /** Bits (8 x bytes) of the varint starting in the low byte of a little-endian word; 0 if it is longer than 8 bytes. */
    private static int varintBits(final long word) {
        final long stops = ~word & 0x8080_8080_8080_8080L;
        return stops == 0 ? 0 : Long.numberOfTrailingZeros(stops) + 1;
    }

    /** The value of a varint of {@code bits / 8} bytes held in the low bytes of {@code word}: drop each byte's top bit, no loop. */
    private static long varintValue(final long word, final int bits) {
        final long x = bits == Long.SIZE ? word : word & ((1L << bits) - 1);
        return (x & 0x7FL) | ((x & 0x7F00L) >>> 1) | ((x & 0x7F_0000L) >>> 2) | ((x & 0x7F00_0000L) >>> 3)
            | ((x & 0x7F_0000_0000L) >>> 4) | ((x & 0x7F00_0000_0000L) >>> 5) | ((x & 0x7F_0000_0000_0000L) >>> 6)
            | ((x & 0x7F00_0000_0000_0000L) >>> 7);
    }

    // ---- messages -------------------------------------------------------------------------------

    private boolean parseFeedResponse(final int limit) {
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_FEED_RESPONSE);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            switch (field) {
                case 1: {
                    if (wireType != WT_VARINT) {
                        return wrongWireType(tagPos, M_FEED_RESPONSE, field);
                    }
                    final int type = (int) readVarint(limit, M_FEED_RESPONSE, field);
                    if (errorCode != OK) {
                        return false;
                    }
                    if (!deliver) {
                        frameType = type;
                    }
                    break;
                }
                case 2: {
                    if (wireType != WT_LEN) {
                        return wrongWireType(tagPos, M_FEED_RESPONSE, field);
                    }
                    final int end = readLengthEnd(limit, M_FEED_RESPONSE, field);
                    if (end < 0 || !parseFeedsEntry(end)) {
                        return false;
                    }
                    feedEntries++;
                    break;
                }
                case 3: {
                    if (wireType != WT_VARINT) {
                        return wrongWireType(tagPos, M_FEED_RESPONSE, field);
                    }
                    final long ts = readVarint(limit, M_FEED_RESPONSE, field);
                    if (errorCode != OK) {
                        return false;
                    }
                    if (!deliver) {
                        currentTsEpochMs = ts;
                    }
                    break;
                }
                case 4: {
                    if (wireType != WT_LEN) {
                        return wrongWireType(tagPos, M_FEED_RESPONSE, field);
                    }
                    final int end = readLengthEnd(limit, M_FEED_RESPONSE, field);
                    if (end < 0 || !parseMarketInfo(end)) {
                        return false;
                    }
                    marketInfos++;
                    break;
                }
                default:
                    if (!skipField(tagPos, field, wireType, limit, M_FEED_RESPONSE)) {
                        return false;
                    }
            }
        }
        return true;
    }

    private boolean parseFeedsEntry(final int limit) {
        final MarketFeedView view = this.view;
        view.resetEntry();
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_FEEDS_ENTRY);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            if (field == 1) {
                if (wireType != WT_LEN) {
                    return wrongWireType(tagPos, M_FEEDS_ENTRY, field);
                }
                final int end = readLengthEnd(limit, M_FEEDS_ENTRY, field);
                if (end < 0) {
                    return false;
                }
                if (!deliver && !isValidUtf8(pos, end)) {
                    return fail(INVALID_UTF8, pos, M_FEEDS_ENTRY, field);
                }
                view.keyOffset = pos;
                view.keyLength = end - pos;
                pos = end;
            } else if (field == 2) {
                if (wireType != WT_LEN) {
                    return wrongWireType(tagPos, M_FEEDS_ENTRY, field);
                }
                final int end = readLengthEnd(limit, M_FEEDS_ENTRY, field);
                if (end < 0 || !parseFeed(end)) {
                    return false;
                }
            } else if (!skipField(tagPos, field, wireType, limit, M_FEEDS_ENTRY)) {
                return false;
            }
        }
        if (deliver) {
            deliverFeed();
        }
        return true;
    }

    private void deliverFeed() {
        final MarketFeedView view = this.view;
        final int id = lookupInstrument(view.keyOffset, view.keyLength);
        if (id == InstrumentRegistry.NOT_FOUND) {
            unknownInstruments++;
            lastUnknownKeyLength = copyBytes(view.keyOffset, view.keyLength, lastUnknownKey);
            return;
        }
        view.instrumentId = id;
        feedsDelivered++;
        handler.onFeed(view);
    }

    private int lookupInstrument(final int offset, final int length) {
        if (array != null) {
            return registry.find(array, (int) buffer.wrapAdjustment() + offset, length);
        }
        if (length > MAX_KEY_BYTES) {
            return InstrumentRegistry.NOT_FOUND;
        }
        buffer.getBytes(offset, keyScratch, 0, length);
        return registry.find(keyScratch, 0, length);
    }

    private boolean parseFeed(final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_FEED);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            switch (field) {
                case 1: {
                    if (wireType != WT_LEN) {
                        return wrongWireType(tagPos, M_FEED, field);
                    }
                    final int end = readLengthEnd(limit, M_FEED, field);
                    if (end < 0) {
                        return false;
                    }
                    if (view.feedCase != 1) {
                        view.clearUnion();
                        view.feedCase = 1;
                    }
                    view.hasLtpc = true;
                    if (!parseLtpc(end)) {
                        return false;
                    }
                    break;
                }
                case 2: {
                    if (wireType != WT_LEN) {
                        return wrongWireType(tagPos, M_FEED, field);
                    }
                    final int end = readLengthEnd(limit, M_FEED, field);
                    if (end < 0) {
                        return false;
                    }
                    if (view.feedCase != 2) {
                        view.clearUnion();
                        view.feedCase = 2;
                    }
                    if (!parseFullFeed(end)) {
                        return false;
                    }
                    break;
                }
                case 3: {
                    if (wireType != WT_LEN) {
                        return wrongWireType(tagPos, M_FEED, field);
                    }
                    final int end = readLengthEnd(limit, M_FEED, field);
                    if (end < 0) {
                        return false;
                    }
                    if (view.feedCase != 3) {
                        view.clearUnion();
                        view.feedCase = 3;
                    }
                    if (!parseFirstLevelWithGreeks(end)) {
                        return false;
                    }
                    break;
                }
                case 4: {
                    if (wireType != WT_VARINT) {
                        return wrongWireType(tagPos, M_FEED, field);
                    }
                    final int mode = (int) readVarint(limit, M_FEED, field);
                    if (errorCode != OK) {
                        return false;
                    }
                    view.requestMode = mode;
                    break;
                }
                default:
                    if (!skipField(tagPos, field, wireType, limit, M_FEED)) {
                        return false;
                    }
            }
        }
        return true;
    }

    private boolean parseFullFeed(final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_FULL_FEED);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            if (field == 1 || field == 2) {
                if (wireType != WT_LEN) {
                    return wrongWireType(tagPos, M_FULL_FEED, field);
                }
                final int end = readLengthEnd(limit, M_FULL_FEED, field);
                if (end < 0) {
                    return false;
                }
                if (view.fullCase != field) {
                    view.clearUnion();
                    view.feedCase = 2;
                    view.fullCase = field;
                }
                if (!(field == 1 ? parseMarketFullFeed(end) : parseIndexFullFeed(end))) {
                    return false;
                }
            } else if (!skipField(tagPos, field, wireType, limit, M_FULL_FEED)) {
                return false;
            }
        }
        return true;
    }

    private boolean parseMarketFullFeed(final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_MARKET_FULL_FEED);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            switch (field) {
                case 1:
                case 2:
                case 3:
                case 4: {
                    if (wireType != WT_LEN) {
                        return wrongWireType(tagPos, M_MARKET_FULL_FEED, field);
                    }
                    final int end = readLengthEnd(limit, M_MARKET_FULL_FEED, field);
                    if (end < 0) {
                        return false;
                    }
                    final boolean parsed;
                    if (field == 1) {
                        view.hasLtpc = true;
                        parsed = parseLtpc(end);
                    } else if (field == 2) {
                        parsed = parseMarketLevel(end);
                    } else if (field == 3) {
                        view.hasGreeks = true;
                        parsed = parseOptionGreeks(end);
                    } else {
                        parsed = parseMarketOhlc(end);
                    }
                    if (!parsed) {
                        return false;
                    }
                    break;
                }
                case 6: {
                    if (wireType != WT_VARINT) {
                        return wrongWireType(tagPos, M_MARKET_FULL_FEED, field);
                    }
                    final long vtt = readVarint(limit, M_MARKET_FULL_FEED, field);
                    if (errorCode != OK) {
                        return false;
                    }
                    view.hasTotals = true;
                    view.vtt = vtt;
                    break;
                }
                case 5:
                case 7:
                case 8:
                case 9:
                case 10: {
                    if (wireType != WT_I64) {
                        return wrongWireType(tagPos, M_MARKET_FULL_FEED, field);
                    }
                    if (!hasFixed(8, limit, M_MARKET_FULL_FEED, field)) {
                        return false;
                    }
                    final double value = readDouble();
                    view.hasTotals = true;
                    if (field == 5) {
                        view.atp = value;
                    } else if (field == 7) {
                        view.oi = value;
                    } else if (field == 8) {
                        view.iv = value;
                    } else if (field == 9) {
                        view.tbq = value;
                    } else {
                        view.tsq = value;
                    }
                    break;
                }
                default:
                    if (!skipField(tagPos, field, wireType, limit, M_MARKET_FULL_FEED)) {
                        return false;
                    }
            }
        }
        return true;
    }

    private boolean parseIndexFullFeed(final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_INDEX_FULL_FEED);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            if (field == 1 || field == 2) {
                if (wireType != WT_LEN) {
                    return wrongWireType(tagPos, M_INDEX_FULL_FEED, field);
                }
                final int end = readLengthEnd(limit, M_INDEX_FULL_FEED, field);
                if (end < 0) {
                    return false;
                }
                if (field == 1) {
                    view.hasLtpc = true;
                }
                if (!(field == 1 ? parseLtpc(end) : parseMarketOhlc(end))) {
                    return false;
                }
            } else if (!skipField(tagPos, field, wireType, limit, M_INDEX_FULL_FEED)) {
                return false;
            }
        }
        return true;
    }

    private boolean parseFirstLevelWithGreeks(final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_FIRST_LEVEL_WITH_GREEKS);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            switch (field) {
                case 1:
                case 2:
                case 3: {
                    if (wireType != WT_LEN) {
                        return wrongWireType(tagPos, M_FIRST_LEVEL_WITH_GREEKS, field);
                    }
                    final int end = readLengthEnd(limit, M_FIRST_LEVEL_WITH_GREEKS, field);
                    if (end < 0) {
                        return false;
                    }
                    final boolean parsed;
                    if (field == 1) {
                        view.hasLtpc = true;
                        parsed = parseLtpc(end);
                    } else if (field == 2) {
                        if (view.depthLevels == 0) {
                            clearLevel(0);
                            view.depthLevels = 1;
                        }
                        parsed = parseQuote(0, end);
                    } else {
                        view.hasGreeks = true;
                        parsed = parseOptionGreeks(end);
                    }
                    if (!parsed) {
                        return false;
                    }
                    break;
                }
                case 4: {
                    if (wireType != WT_VARINT) {
                        return wrongWireType(tagPos, M_FIRST_LEVEL_WITH_GREEKS, field);
                    }
                    final long vtt = readVarint(limit, M_FIRST_LEVEL_WITH_GREEKS, field);
                    if (errorCode != OK) {
                        return false;
                    }
                    view.hasTotals = true;
                    view.vtt = vtt;
                    break;
                }
                case 5:
                case 6: {
                    if (wireType != WT_I64) {
                        return wrongWireType(tagPos, M_FIRST_LEVEL_WITH_GREEKS, field);
                    }
                    if (!hasFixed(8, limit, M_FIRST_LEVEL_WITH_GREEKS, field)) {
                        return false;
                    }
                    final double value = readDouble();
                    view.hasTotals = true;
                    if (field == 5) {
                        view.oi = value;
                    } else {
                        view.iv = value;
                    }
                    break;
                }
                default:
                    if (!skipField(tagPos, field, wireType, limit, M_FIRST_LEVEL_WITH_GREEKS)) {
                        return false;
                    }
            }
        }
        return true;
    }

    private boolean parseLtpc(final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_LTPC);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            switch (field) {
                case 1:
                case 4: {
                    if (wireType != WT_I64) {
                        return wrongWireType(tagPos, M_LTPC, field);
                    }
                    if (!hasFixed(8, limit, M_LTPC, field)) {
                        return false;
                    }
                    if (field == 1) {
                        view.ltp = readDouble();
                    } else {
                        view.cp = readDouble();
                    }
                    break;
                }
                case 2:
                case 3: {
                    if (wireType != WT_VARINT) {
                        return wrongWireType(tagPos, M_LTPC, field);
                    }
                    final long value = readVarint(limit, M_LTPC, field);
                    if (errorCode != OK) {
                        return false;
                    }
                    if (field == 2) {
                        view.lttEpochMs = value;
                    } else {
                        view.ltq = value;
                    }
                    break;
                }
                default:
                    if (!skipField(tagPos, field, wireType, limit, M_LTPC)) {
                        return false;
                    }
            }
        }
        return true;
    }

    private boolean parseMarketLevel(final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_MARKET_LEVEL);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            if (field == 1) {
                if (wireType != WT_LEN) {
                    return wrongWireType(tagPos, M_MARKET_LEVEL, field);
                }
                final int end = readLengthEnd(limit, M_MARKET_LEVEL, field);
                if (end < 0) {
                    return false;
                }
                final int level = view.depthLevels;
                if (level < MarketFeedView.MAX_DEPTH_LEVELS) {
                    clearLevel(level);
                    view.depthLevels = level + 1;
                    if (!parseQuote(level, end)) {
                        return false;
                    }
                } else {
                    if (!parseQuote(-1, end)) {
                        return false;
                    }
                    frameDroppedRepeats++;
                }
            } else if (!skipField(tagPos, field, wireType, limit, M_MARKET_LEVEL)) {
                return false;
            }
        }
        return true;
    }

    private void clearLevel(final int level) {
        final MarketFeedView view = this.view;
        view.bidQty[level] = 0;
        view.bidPrice[level] = 0.0;
        view.askQty[level] = 0;
        view.askPrice[level] = 0.0;
    }

    /** Reads a Quote into depth {@code level}, or only validates it when {@code level} is -1. */
    private boolean parseQuote(final int level, final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_QUOTE);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            switch (field) {
                case 1:
                case 3: {
                    if (wireType != WT_VARINT) {
                        return wrongWireType(tagPos, M_QUOTE, field);
                    }
                    final long qty = readVarint(limit, M_QUOTE, field);
                    if (errorCode != OK) {
                        return false;
                    }
                    if (level >= 0) {
                        if (field == 1) {
                            view.bidQty[level] = qty;
                        } else {
                            view.askQty[level] = qty;
                        }
                    }
                    break;
                }
                case 2:
                case 4: {
                    if (wireType != WT_I64) {
                        return wrongWireType(tagPos, M_QUOTE, field);
                    }
                    if (!hasFixed(8, limit, M_QUOTE, field)) {
                        return false;
                    }
                    final double price = readDouble();
                    if (level >= 0) {
                        if (field == 2) {
                            view.bidPrice[level] = price;
                        } else {
                            view.askPrice[level] = price;
                        }
                    }
                    break;
                }
                default:
                    if (!skipField(tagPos, field, wireType, limit, M_QUOTE)) {
                        return false;
                    }
            }
        }
        return true;
    }

    private boolean parseOptionGreeks(final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_OPTION_GREEKS);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            if (field >= 1 && field <= 5) {
                if (wireType != WT_I64) {
                    return wrongWireType(tagPos, M_OPTION_GREEKS, field);
                }
                if (!hasFixed(8, limit, M_OPTION_GREEKS, field)) {
                    return false;
                }
                final double value = readDouble();
                switch (field) {
                    case 1: view.delta = value; break;
                    case 2: view.theta = value; break;
                    case 3: view.gamma = value; break;
                    case 4: view.vega = value; break;
                    default: view.rho = value; break;
                }
            } else if (!skipField(tagPos, field, wireType, limit, M_OPTION_GREEKS)) {
                return false;
            }
        }
        return true;
    }

    private boolean parseMarketOhlc(final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_MARKET_OHLC);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            if (field == 1) {
                if (wireType != WT_LEN) {
                    return wrongWireType(tagPos, M_MARKET_OHLC, field);
                }
                final int end = readLengthEnd(limit, M_MARKET_OHLC, field);
                if (end < 0) {
                    return false;
                }
                final int bar = view.ohlcCount;
                if (bar < MarketFeedView.MAX_OHLC_BARS) {
                    view.ohlcInterval[bar] = OhlcInterval.OTHER;
                    view.ohlcIntervalOffset[bar] = 0;
                    view.ohlcIntervalLength[bar] = 0;
                    view.ohlcOpen[bar] = 0.0;
                    view.ohlcHigh[bar] = 0.0;
                    view.ohlcLow[bar] = 0.0;
                    view.ohlcClose[bar] = 0.0;
                    view.ohlcVolume[bar] = 0;
                    view.ohlcTsEpochMs[bar] = 0;
                    view.ohlcCount = bar + 1;
                    if (!parseOhlc(bar, end)) {
                        return false;
                    }
                } else {
                    if (!parseOhlc(-1, end)) {
                        return false;
                    }
                    frameDroppedRepeats++;
                }
            } else if (!skipField(tagPos, field, wireType, limit, M_MARKET_OHLC)) {
                return false;
            }
        }
        return true;
    }

    /** Reads an OHLC into bar {@code bar}, or only validates it when {@code bar} is -1. */
    private boolean parseOhlc(final int bar, final int limit) {
        final MarketFeedView view = this.view;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_OHLC);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            switch (field) {
                case 1: {
                    if (wireType != WT_LEN) {
                        return wrongWireType(tagPos, M_OHLC, field);
                    }
                    final int end = readLengthEnd(limit, M_OHLC, field);
                    if (end < 0) {
                        return false;
                    }
                    if (!deliver && !isValidUtf8(pos, end)) {
                        return fail(INVALID_UTF8, pos, M_OHLC, field);
                    }
                    if (bar >= 0) {
                        view.ohlcIntervalOffset[bar] = pos;
                        view.ohlcIntervalLength[bar] = end - pos;
                        view.ohlcInterval[bar] = OhlcInterval.code(buffer, pos, end - pos);
                    }
                    pos = end;
                    break;
                }
                case 2:
                case 3:
                case 4:
                case 5: {
                    if (wireType != WT_I64) {
                        return wrongWireType(tagPos, M_OHLC, field);
                    }
                    if (!hasFixed(8, limit, M_OHLC, field)) {
                        return false;
                    }
                    final double value = readDouble();
                    if (bar >= 0) {
                        switch (field) {
                            case 2: view.ohlcOpen[bar] = value; break;
                            case 3: view.ohlcHigh[bar] = value; break;
                            case 4: view.ohlcLow[bar] = value; break;
                            default: view.ohlcClose[bar] = value; break;
                        }
                    }
                    break;
                }
                case 6:
                case 7: {
                    if (wireType != WT_VARINT) {
                        return wrongWireType(tagPos, M_OHLC, field);
                    }
                    final long value = readVarint(limit, M_OHLC, field);
                    if (errorCode != OK) {
                        return false;
                    }
                    if (bar >= 0) {
                        if (field == 6) {
                            view.ohlcVolume[bar] = value;
                        } else {
                            view.ohlcTsEpochMs[bar] = value;
                        }
                    }
                    break;
                }
                default:
                    if (!skipField(tagPos, field, wireType, limit, M_OHLC)) {
                        return false;
                    }
            }
        }
        return true;
    }

    private boolean parseMarketInfo(final int limit) {
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_MARKET_INFO);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            if (field == 1) {
                if (wireType != WT_LEN) {
                    return wrongWireType(tagPos, M_MARKET_INFO, field);
                }
                final int end = readLengthEnd(limit, M_MARKET_INFO, field);
                if (end < 0 || !parseSegmentStatusEntry(end)) {
                    return false;
                }
            } else if (!skipField(tagPos, field, wireType, limit, M_MARKET_INFO)) {
                return false;
            }
        }
        return true;
    }

    private boolean parseSegmentStatusEntry(final int limit) {
        int keyOffset = 0;
        int keyLength = 0;
        int status = 0;
        while (pos < limit) {
            final int tagPos = pos;
            final long tag = readTag(limit, M_SEGMENT_STATUS_ENTRY);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            final int wireType = (int) tag & 7;
            if (field == 1) {
                if (wireType != WT_LEN) {
                    return wrongWireType(tagPos, M_SEGMENT_STATUS_ENTRY, field);
                }
                final int end = readLengthEnd(limit, M_SEGMENT_STATUS_ENTRY, field);
                if (end < 0) {
                    return false;
                }
                if (!deliver && !isValidUtf8(pos, end)) {
                    return fail(INVALID_UTF8, pos, M_SEGMENT_STATUS_ENTRY, field);
                }
                keyOffset = pos;
                keyLength = end - pos;
                pos = end;
            } else if (field == 2) {
                if (wireType != WT_VARINT) {
                    return wrongWireType(tagPos, M_SEGMENT_STATUS_ENTRY, field);
                }
                final int value = (int) readVarint(limit, M_SEGMENT_STATUS_ENTRY, field);
                if (errorCode != OK) {
                    return false;
                }
                status = value;
            } else if (!skipField(tagPos, field, wireType, limit, M_SEGMENT_STATUS_ENTRY)) {
                return false;
            }
        }
        if (deliver) {
            final byte segment = Segments.code(buffer, keyOffset, keyLength);
            if (segment == Segments.UNKNOWN) {
                unknownSegments++;
                lastUnknownSegmentLength = copyBytes(keyOffset, keyLength, lastUnknownSegment);
            } else {
                statusesDelivered++;
                handler.onMarketStatus(segment, status, currentTsEpochMs, receivedNanos);
            }
        }
        return true;
    }

    // ---- wire primitives ------------------------------------------------------------------------

    /** The next tag, or -1 with the error set. Small so the JIT inlines the one-byte case everywhere. */
    private long readTag(final int limit, final int message) {
        final int p = pos;
        if (p < limit) {
            final byte b = UNSAFE.getByte(array, address + p);
            if (b >= 8) { // one byte, field number >= 1
                pos = p + 1;
                return b;
            }
        }
        return readTagSlow(limit, message);
    }

    private long readTagSlow(final int limit, final int message) {
        final int tagPos = pos;
        final long tag = readVarintSlow(limit, message, 0);
        if (errorCode != OK) {
            return -1;
        }
        if ((tag & 0xFFFF_FFFF_0000_0000L) != 0 || (tag >>> 3) == 0) {
            fail(BAD_TAG, tagPos, message, (int) (tag >>> 3));
            return -1;
        }
        return tag;
    }

    /** A varint; the one-byte case inline, longer ones in {@link #readVarintSlow}. */
    private long readVarint(final int limit, final int message, final int field) {
        final int p = pos;
        if (p < limit) {
            final byte b = UNSAFE.getByte(array, address + p);
            if (b >= 0) {
                pos = p + 1;
                return b;
            }
        }
        return readVarintSlow(limit, message, field);
    }

    /** A varint of up to 10 bytes; sets the error on failure. */
    private long readVarintSlow(final int limit, final int message, final int field) {
        final int start = pos;
        if (limit - start >= 10) {
            return readVarintUnrolled(start, message, field);
        }
        final byte[] array = this.array;
        final long address = this.address;
        int p = start;
        long result = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (p >= limit) {
                fail(TRUNCATED_VARINT, start, message, field);
                return 0;
            }
            final byte b = UNSAFE.getByte(array, address + p++);
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                pos = p;
                return result;
            }
        }
        if (p >= limit) {
            fail(TRUNCATED_VARINT, start, message, field);
            return 0;
        }
        return tenthByte(result, p, start, message, field);
    }

    /** Ten bytes are known to be in bounds: straight-line, one branch per byte. */
    private long readVarintUnrolled(final int start, final int message, final int field) {
        final byte[] array = this.array;
        final long a = this.address + start;
        long b = UNSAFE.getByte(array, a);
        long result = b & 0x7F;
        if (b >= 0) {
            pos = start + 1;
            return result;
        }
        b = UNSAFE.getByte(array, a + 1);
        result |= (b & 0x7F) << 7;
        if (b >= 0) {
            pos = start + 2;
            return result;
        }
        b = UNSAFE.getByte(array, a + 2);
        result |= (b & 0x7F) << 14;
        if (b >= 0) {
            pos = start + 3;
            return result;
        }
        b = UNSAFE.getByte(array, a + 3);
        result |= (b & 0x7F) << 21;
        if (b >= 0) {
            pos = start + 4;
            return result;
        }
        b = UNSAFE.getByte(array, a + 4);
        result |= (b & 0x7F) << 28;
        if (b >= 0) {
            pos = start + 5;
            return result;
        }
        b = UNSAFE.getByte(array, a + 5);
        result |= (b & 0x7F) << 35;
        if (b >= 0) {
            pos = start + 6;
            return result;
        }
        b = UNSAFE.getByte(array, a + 6);
        result |= (b & 0x7F) << 42;
        if (b >= 0) {
            pos = start + 7;
            return result;
        }
        b = UNSAFE.getByte(array, a + 7);
        result |= (b & 0x7F) << 49;
        if (b >= 0) {
            pos = start + 8;
            return result;
        }
        b = UNSAFE.getByte(array, a + 8);
        result |= (b & 0x7F) << 56;
        if (b >= 0) {
            pos = start + 9;
            return result;
        }
        return tenthByte(result, start + 9, start, message, field);
    }

    /**
     * A 10th byte only ever carries bit 63, so it must be exactly 1; protobuf-java's own array and
     * stream parsers disagree on any other value, so such a varint is rejected rather than guessed.
     */
    private long tenthByte(final long result, final int at, final int start, final int message, final int field) {
        if (UNSAFE.getByte(array, address + at) != 1) {
            fail(MALFORMED_VARINT, start, message, field);
            return 0;
        }
        pos = at + 1;
        return result | Long.MIN_VALUE;
    }

    /** Reads a length and returns the end of the field's payload (pos at its start), or -1 with the error set. */
    private int readLengthEnd(final int limit, final int message, final int field) {
        final int lengthPos = pos;
        final long length = readVarint(limit, message, field);
        if (errorCode != OK) {
            return -1;
        }
        if (length < 0 || length > limit - pos) {
            fail(LENGTH_OVERRUN, lengthPos, message, field);
            return -1;
        }
        return pos + (int) length;
    }

    private boolean hasFixed(final int bytes, final int limit, final int message, final int field) {
        if (limit - pos < bytes) {
            return fail(TRUNCATED_FIXED, pos, message, field);
        }
        return true;
    }

    /** Reads 8 little-endian bytes as a double, bit for bit; the caller checked {@link #hasFixed}. */
    private double readDouble() {
        final long bits = UNSAFE.getLong(array, address + pos);
        pos += 8;
        return Double.longBitsToDouble(NATIVE_LITTLE_ENDIAN ? bits : Long.reverseBytes(bits));
    }

    private boolean skipField(final int tagPos, final int field, final int wireType, final int limit, final int message) {
        switch (wireType) {
            case WT_VARINT:
                readVarint(limit, message, field);
                return errorCode == OK;
            case WT_I64:
                if (!hasFixed(8, limit, message, field)) {
                    return false;
                }
                pos += 8;
                return true;
            case WT_LEN: {
                final int end = readLengthEnd(limit, message, field);
                if (end < 0) {
                    return false;
                }
                pos = end;
                return true;
            }
            case WT_START_GROUP:
                return skipGroup(tagPos, field, limit, message);
            case WT_END_GROUP:
                return fail(BAD_GROUP, tagPos, message, field);
            case WT_I32:
                if (!hasFixed(4, limit, message, field)) {
                    return false;
                }
                pos += 4;
                return true;
            default:
                return fail(BAD_WIRE_TYPE, tagPos, message, field);
        }
    }

    /** Skips an unknown group (its start tag already read), iteratively so nesting cannot blow the stack. */
    private boolean skipGroup(final int startTagPos, final int startField, final int limit, final int message) {
        final int[] groupFields = this.groupFields;
        groupFields[0] = startField;
        int depth = 1;
        while (true) {
            if (pos >= limit) {
                return fail(BAD_GROUP, startTagPos, message, startField);
            }
            final int tagPos = pos;
            final long tag = readTag(limit, message);
            if (tag < 0) {
                return false;
            }
            final int field = (int) (tag >>> 3);
            switch ((int) tag & 7) {
                case WT_START_GROUP:
                    if (depth == MAX_GROUP_DEPTH) {
                        return fail(GROUP_TOO_DEEP, tagPos, message, field);
                    }
                    groupFields[depth++] = field;
                    break;
                case WT_END_GROUP:
                    if (groupFields[depth - 1] != field) {
                        return fail(BAD_GROUP, tagPos, message, field);
                    }
                    if (--depth == 0) {
                        return true;
                    }
                    break;
                default:
                    if (!skipField(tagPos, field, (int) tag & 7, limit, message)) {
                        return false;
                    }
            }
        }
    }

    /** Strict UTF-8 as protobuf checks proto3 strings: no overlongs, no surrogates, nothing above U+10FFFF. */
    private boolean isValidUtf8(final int from, final int to) {
        final byte[] array = this.array;
        final long address = this.address;
        int i = from;
        while (i + Long.BYTES <= to && (UNSAFE.getLong(array, address + i) & 0x8080_8080_8080_8080L) == 0) {
            i += Long.BYTES; // ASCII, eight bytes at a time: instrument keys always are
        }
        while (i < to) {
            final int b = UNSAFE.getByte(array, address + i);
            if (b >= 0) {
                i++;
                continue;
            }
            final int lead = b & 0xFF;
            if (lead < 0xC2) {
                return false;
            }
            if (lead < 0xE0) {
                if (i + 1 >= to || !isContinuation(UNSAFE.getByte(array, address + i + 1))) {
                    return false;
                }
                i += 2;
            } else if (lead < 0xF0) {
                if (i + 2 >= to) {
                    return false;
                }
                final int second = UNSAFE.getByte(array, address + i + 1) & 0xFF;
                if (!isContinuation(second) || (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0)
                    || !isContinuation(UNSAFE.getByte(array, address + i + 2))) {
                    return false;
                }
                i += 3;
            } else if (lead < 0xF5) {
                if (i + 3 >= to) {
                    return false;
                }
                final int second = UNSAFE.getByte(array, address + i + 1) & 0xFF;
                if (!isContinuation(second) || (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90)
                    || !isContinuation(UNSAFE.getByte(array, address + i + 2)) || !isContinuation(UNSAFE.getByte(array, address + i + 3))) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean isContinuation(final int b) {
        return (b & 0xC0) == 0x80;
    }

    private boolean wrongWireType(final int tagPos, final int message, final int field) {
        return fail(WRONG_WIRE_TYPE, tagPos, message, field);
    }

    private boolean fail(final int code, final int offset, final int message, final int field) {
        errorCode = code;
        errorOffset = offset;
        errorMessage = message;
        errorField = field;
        return false;
    }

    private int copyBytes(final int offset, final int length, final byte[] into) {
        buffer.getBytes(offset, into, 0, Math.min(length, into.length));
        return length;
    }

    // ---- results and counters (counters may be read from any thread) ----------------------------

    /** Error code of the last rejected frame ({@link MarketFeedError#OK} after a successful decode). */
    public int lastErrorCode() {
        return errorCode;
    }

    /** Byte offset, relative to the frame's start, where the last rejected frame went wrong. */
    public int lastErrorOffset() {
        return errorOffset;
    }

    /** Protobuf field number being read when the last frame was rejected (0 for a tag). */
    public int lastErrorField() {
        return errorField;
    }

    /** Message type being read when the last frame was rejected, e.g. {@code "MarketFullFeed"}. */
    public String lastErrorMessageType() {
        return MESSAGE_NAMES[errorMessage];
    }

    /** A readable account of the last rejection; allocates, cold path. */
    public String describeLastError() {
        return "market feed frame rejected: " + MarketFeedError.name(errorCode) + " at byte " + errorOffset + " of "
            + errorFrameLength + ", in " + MESSAGE_NAMES[errorMessage] + " field " + errorField;
    }

    /** The key of the last feed skipped for an unknown instrument (truncated to {@link #MAX_KEY_BYTES}); allocates, cold path. */
    public String lastUnknownInstrumentKey() {
        return new String(lastUnknownKey, 0, Math.min(lastUnknownKeyLength, MAX_KEY_BYTES), StandardCharsets.UTF_8);
    }

    /** The name of the last market_info segment not in {@link Segments}; allocates, cold path. */
    public String lastUnknownSegment() {
        return new String(lastUnknownSegment, 0, Math.min(lastUnknownSegmentLength, MAX_KEY_BYTES), StandardCharsets.UTF_8);
    }

    public long framesDecoded() {
        return framesDecoded;
    }

    public long framesRejected() {
        return framesRejected;
    }

    public long feedsDelivered() {
        return feedsDelivered;
    }

    public long statusesDelivered() {
        return statusesDelivered;
    }

    public long unknownInstruments() {
        return unknownInstruments;
    }

    public long unknownSegments() {
        return unknownSegments;
    }

    /** Depth levels beyond {@link MarketFeedView#MAX_DEPTH_LEVELS} and OHLC bars beyond {@link MarketFeedView#MAX_OHLC_BARS}, dropped. */
    public long droppedRepeats() {
        return droppedRepeats;
    }
}
