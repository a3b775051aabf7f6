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
import static io.kavach.feed.market.MarketFeedError.ONEOF_SWITCHED_BACK;
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
 * a later oneof case replaces an earlier one (a case that comes back after another one within the same
 * message is rejected: {@link MarketFeedError#ONEOF_SWITCHED_BACK}), map entries may carry key and value
 * in any order or not at all.
 *
 * <p>Instrument keys resolve to ids through {@link InstrumentRegistry#find(DirectBuffer, int, int)}; a key
 * not in the registry is counted and that feed skipped, the rest of the frame is delivered.
 * Segment names of {@code market_info} resolve to {@link Segments} codes likewise.
 *
 * <p>Threading: one instance per feed connection, used only by its event-loop thread. Counters are
 * plain fields: other threads may read them for metrics and see slightly stale values.
 */
public final class MarketFeedDecoder {
    /** Unknown groups nested deeper than this reject the frame (protobuf-java stops at 100 levels in all). */
    public static final int MAX_GROUP_DEPTH = 64;
    /** Longest unknown instrument key or segment name kept for {@link #lastUnknownInstrumentKey()}; longer ones are truncated. */
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

    /** Field numbers of each message (bit n = field n), by message index: a known field with another wire type is an error. */
    private static final long[] KNOWN_FIELDS = {
        fields(1, 2, 3, 4), fields(1, 2), fields(1, 2, 3, 4), fields(1, 2, 3, 4), fields(1, 2), fields(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
        fields(1, 2), fields(1, 2, 3, 4, 5, 6), fields(1), fields(1, 2, 3, 4), fields(1, 2, 3, 4, 5), fields(1),
        fields(1, 2, 3, 4, 5, 6, 7), fields(1), fields(1, 2),
    };
    private static final int FAIL = -1;
    /** Byte lengths of a frame {@link #decodeLtpcTemplate} takes: the shortest template, and the longest whose entry length (length - 11) fits one byte. */
    private static final int TEMPLATE_MIN_BYTES = 44;
    private static final int TEMPLATE_MAX_BYTES = 138;
    /** Shortest frame {@link #decodeFullTemplate} takes: its header reads need no further bounds checks. */
    private static final int FULL_TEMPLATE_MIN_BYTES = 24;

    private final InstrumentRegistry registry;
    private final MarketFeedHandler handler;
    private final MarketFeedView view = new MarketFeedView();
    private final int[] groupFields = new int[MAX_GROUP_DEPTH];

    private DirectBuffer buffer;
    // Raw view of the frame's memory (heap array + offset, or null + native address): every read is
    // bounds-checked by the parser against its message limit, which the frame bounds were checked
    // against once, so reads go straight to Unsafe without the buffer's own per-read checks.
    private byte[] array;
    private long address;
    private int frameStart;
    private int frameEnd;
    private int pos; // only for handing a position back from an out-of-line helper; FAIL after an error
    private boolean deliver;
    private int frameType;
    private long currentTsEpochMs;
    private long receivedNanos;
    private int feedEntries;
    private int marketInfos;
    private int frameDroppedRepeats;
    // FullFeed members (bit = field number) read within the current Feed message: protobuf-java keeps
    // one FullFeed builder per Feed message, so this spans all its fullFeed occurrences.
    private int fullCasesEntered;

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
            return rejectBounds(length);
        }
        if (this.buffer != buffer) { // reference stores cost GC barriers: only when the buffer changes
            this.buffer = buffer;
            view.buffer = buffer;
        }
        final byte[] array = buffer.byteArray();
        final long address = buffer.addressOffset();
        if (decodeLtpcTemplate(array, address + offset, offset, length, receivedNanos)
            || decodeFullTemplate(array, address, offset, length, receivedNanos)) {
            return OK;
        }
        return decodeOther(array, address, offset, length, receivedNanos);
    }

    private int rejectBounds(final int length) {
        framesRejected++;
        errorOffset = 0;
        errorFrameLength = length;
        errorMessage = M_FEED_RESPONSE;
        errorField = 0;
        return errorCode = BAD_BOUNDS;
    }

    /** Every frame {@link #decodeLtpcTemplate} does not take: the other straight paths, then the general parser. */
    private int decodeOther(final byte[] array, final long address, final int offset, final int length, final long receivedNanos) {
        final int limit = offset + length;
        if (decodeCanonicalLtpcFrame(array, address, offset, limit, receivedNanos)) {
            return OK;
        }
        if (this.array != array) {
            this.array = array;
        }
        this.address = address;
        frameStart = offset;
        frameEnd = limit;
        frameDroppedRepeats = 0;
        deliver = false;
        if (decodeCanonicalFrame(offset, limit, receivedNanos)) {
            return OK;
        }
        errorCode = OK;
        frameType = 0;
        currentTsEpochMs = 0;
        feedEntries = 0;
        marketInfos = 0;
        frameDroppedRepeats = 0;
        deliver = false;
        if (parseFeedResponse(offset, limit) < 0) {
            framesRejected++;
            errorOffset -= offset;
            errorFrameLength = length;
            return errorCode;
        }
        this.receivedNanos = receivedNanos;
        final MarketFeedView view = this.view;
        view.frameType = frameType;
        view.currentTsEpochMs = currentTsEpochMs;
        view.receivedNanos = receivedNanos;
        deliver = true;
        if (feedEntries == 1 && marketInfos == 0) {
            // The common live frame: the validation pass already left the one feed in the view.
            deliverFeed();
        } else {
            frameDroppedRepeats = 0;
            parseFeedResponse(offset, limit);
        }
        droppedRepeats += frameDroppedRepeats;
        framesDecoded++;
        return OK;
    }

    /**
     * The live frame Upstox sends most, one registered instrument's full LTPC in its one exact byte
     * layout, checked as a template with a few masked word compares rather than field by field:
     * <pre>
     * 08 type 12 L1 0A K key[K] 12 L2 0A L3 09 ltp[8] 10 ltt[6] 18 ltq[n] 21 cp[8] 18 currentTs[6]
     * </pre>
     * type, L1, K, L2, L3 one byte each (below 0x80), ltt and currentTs six-byte varints (every epoch-ms
     * time from 1971 to 2109), ltq an n-byte varint with n = L3 - 26 in 1..7, L2 = L3 + 2,
     * L1 = K + L2 + 4, and the frame exactly L1 + 11 bytes. The lengths pin every position, so no
     * read waits for a varint before it; the compares pin every byte that is not a value. Anything
     * else (a field absent, another order or length, requestMode present, an unknown key) returns
     * false with nothing written, and {@link #decodeOther} takes the frame as before.
     */
    private boolean decodeLtpcTemplate(final byte[] array, final long at, final int offset, final int length,
                                       final long receivedNanos) {
        // 44 to 138 bytes: every length byte of the template then fits in seven bits, so comparing it as
        // a byte compares the whole varint.
        if (!NATIVE_LITTLE_ENDIAN || length < TEMPLATE_MIN_BYTES || length > TEMPLATE_MAX_BYTES) {
            return false;
        }
        final long head = UNSAFE.getLong(array, at);
        final int keyLength = (int) (head >>> 40) & 0xFF;
        final int ltqBytes = length - keyLength - 43;
        // 08 type 12 L1 0A K, L1 = length - 11: 0x0A_0012_0008 + (length - 11 << 24), constants folded
        if ((head & 0x0000_80FF_FFFF_80FFL) != 0x0000_0009_F512_0008L + ((long) length << 24)
            || ltqBytes < 1 || ltqBytes > 7) {
            return false;
        }
        final long ltpcAt = at + 10 + keyLength;
        final long feedHead = UNSAFE.getLong(array, ltpcAt - 4);
        // 12 L2 0A L3 09 with L3 = ltqBytes + 26 and L2 = L3 + 2: 0x09_000A_0212 + L3 * 0x0100_0100
        if ((feedHead & 0xFF_FFFF_FFFFL) != 0x09_1A0A_1C12L + ltqBytes * 0x0100_0100L) {
            return false;
        }
        final int ltqBits = ltqBytes << 3;
        final long lttWord = UNSAFE.getLong(array, ltpcAt + 9);
        final long ltqWord = UNSAFE.getLong(array, ltpcAt + 17);
        final long tsWord = UNSAFE.getLong(array, at + length - Long.BYTES);
        if (((lttWord & 0xFF80_8080_8080_80FFL ^ 0x1800_8080_8080_8010L) // 10 ltt[6] 18
            | (tsWord & 0x8080_8080_8080_FF00L ^ 0x0080_8080_8080_1800L)) != 0 // 18 currentTs[6]
            || Long.numberOfTrailingZeros(~ltqWord & 0x8080_8080_8080_8080L) != ltqBits - 1 // ltq[n]
            || (byte) (ltqWord >>> ltqBits) != 0x21) { // 21
            return false;
        }
        final int id = registry.findUnchecked(array, at + 6, keyLength);
        if (id == InstrumentRegistry.NOT_FOUND) {
            return false;
        }
        final MarketFeedView view = this.view;
        if (view.hasGreeks || view.hasTotals) {
            view.clearUnion();
        }
        view.feedCase = 1;
        view.fullCase = 0;
        view.depthLevels = 0;
        view.ohlcCount = 0;
        view.hasLtpc = true;
        view.ltp = Double.longBitsToDouble(UNSAFE.getLong(array, ltpcAt + 1));
        view.lttEpochMs = sixByteVarint(lttWord << 8 >>> 16);
        view.ltq = shortVarint(ltqWord & ~(-1L << ltqBits));
        view.cp = Double.longBitsToDouble(UNSAFE.getLong(array, ltpcAt + 18 + ltqBytes));
        view.requestMode = 0;
        view.keyOffset = offset + 6;
        view.keyLength = keyLength;
        view.frameType = (int) (head >>> 8) & 0x7F;
        view.currentTsEpochMs = sixByteVarint(tsWord >>> 16);
        view.receivedNanos = receivedNanos;
        view.instrumentId = id;
        framesDecoded++;
        feedsDelivered++;
        handler.onFeed(view);
        return true;
    }

    /**
     * The full-mode frame Upstox sends, one registered instrument's {@code Feed.fullFeed} (marketFF or
     * indexFF), read in one straight pass in the order every protobuf encoder writes it:
     * <pre>
     * [08 type] 12 len { 0A K key 12 len { 12 len { 0A|12 len {marketFF|indexFF} } [20 mode] } } [18 currentTs]
     * marketFF: [0A ltpc] [12 marketLevel {0A quote}*] [1A optionGreeks] [22 marketOHLC {0A ohlc}*]
     *           [29 atp] [30 vtt] [39 oi] [41 iv] [49 tbq] [51 tsq]
     * indexFF:  [0A ltpc] [12 marketOHLC {0A ohlc}*]
     * ltpc: [09 ltp] [10 ltt] [18 ltq] [21 cp]   quote: [08 bidQ] [11 bidP] [18 askQ] [21 askP]
     * greeks: [09] [11] [19] [21] [29]   ohlc: [0A 02 "1d"|"I1".."I9"] [11] [19] [21] [29] [30 vol] [38 ts]
     * </pre>
     * Each field at most once and in that order, absent ones (zeros) left out; one-byte tags; lengths of
     * one or two bytes (one for ltpc, quote, greeks and ohlc); varints of at most eight bytes; up to
     * {@link MarketFeedView#MAX_DEPTH_LEVELS} quotes and {@link MarketFeedView#MAX_OHLC_BARS} bars. Each
     * message must end exactly where its length says. Anything else (an unknown field, another order, a
     * repeat, an unknown key or interval, a bad length, a truncated frame) returns false with no counter
     * touched, and {@link #decodeOther} takes the frame from its start, so results, errors and counts are
     * the general parser's. Values go straight into the view, each group's flag set before its values as
     * the general parser does, so an abandoned frame leaves the view as every path expects it.
     *
     * <p>Reads stay inside the frame: every 8-byte word is read at a position below the end of the
     * message being read, and the frame must hold at least 8 bytes after the full feed (requestMode and
     * currentTs: 9 bytes as Upstox sends them); the trailing currentTs is read with {@link #wordAt}.
     */
    private boolean decodeFullTemplate(final byte[] array, final long address, final int offset, final int length,
                                       final long receivedNanos) {
        if (!NATIVE_LITTLE_ENDIAN || length < FULL_TEMPLATE_MIN_BYTES) {
            return false;
        }
        final int frameEnd = offset + length;
        int p = offset;
        int type = 0;
        if (UNSAFE.getByte(array, address + p) == 0x08) {
            type = UNSAFE.getByte(array, address + p + 1);
            if (type < 0) {
                return false;
            }
            p += 2;
        }
        // feeds entry: 12 len, then the key: 0A K (K one byte)
        if (UNSAFE.getByte(array, address + p) != 0x12) {
            return false;
        }
        final int entryEnd = payloadEnd(array, address, p + 1, frameEnd);
        if (entryEnd < 0) {
            return false;
        }
        p += UNSAFE.getByte(array, address + p + 1) >= 0 ? 2 : 3;
        final int keyLength = UNSAFE.getByte(array, address + p + 1);
        if (UNSAFE.getByte(array, address + p) != 0x0A || keyLength < 0) {
            return false;
        }
        final int keyOffset = p + 2;
        p = keyOffset + keyLength;
        // Feed (12 len) filling the entry; in it FullFeed (12 len), then marketFF (0A len) or indexFF (12 len)
        if (entryEnd - p < 16 || UNSAFE.getByte(array, address + p) != 0x12 || payloadEnd(array, address, p + 1, entryEnd) != entryEnd) {
            return false;
        }
        p += UNSAFE.getByte(array, address + p + 1) >= 0 ? 2 : 3;
        final int fullEnd = payloadEnd(array, address, p + 1, entryEnd);
        if (UNSAFE.getByte(array, address + p) != 0x12 || fullEnd < 0) {
            return false;
        }
        p += UNSAFE.getByte(array, address + p + 1) >= 0 ? 2 : 3;
        final int fullCase = UNSAFE.getByte(array, address + p) == 0x0A ? 1 : UNSAFE.getByte(array, address + p) == 0x12 ? 2 : 0;
        if (fullCase == 0 || p >= fullEnd || fullEnd > frameEnd - Long.BYTES || payloadEnd(array, address, p + 1, fullEnd) != fullEnd) {
            return false;
        }
        final int id = registry.findUnchecked(array, address + keyOffset, keyLength);
        if (id == InstrumentRegistry.NOT_FOUND) {
            return false;
        }
        p += UNSAFE.getByte(array, address + p + 1) >= 0 ? 2 : 3;
        // From here values go straight into the view, each group's flag set before its values (as the
        // general parser does), so a frame abandoned half way leaves the view as any path expects it.
        final MarketFeedView view = this.view;
        view.clearUnion();
        if (p < fullEnd && UNSAFE.getByte(array, address + p) == 0x0A) {
            p = fullLtpc(array, address, p, fullEnd);
        }
        if (fullCase == 1) {
            if (p >= 0 && p < fullEnd && UNSAFE.getByte(array, address + p) == 0x12) {
                p = fullDepth(array, address, p, fullEnd);
            }
            if (p >= 0 && p < fullEnd && UNSAFE.getByte(array, address + p) == 0x1A) {
                p = fullGreeks(array, address, p, fullEnd);
            }
            if (p >= 0 && p < fullEnd && UNSAFE.getByte(array, address + p) == 0x22) {
                p = fullOhlc(array, address, p, fullEnd);
            }
            if (p >= 0 && p < fullEnd) {
                p = fullTotals(array, address, p, fullEnd);
            }
        } else if (p >= 0 && p < fullEnd && UNSAFE.getByte(array, address + p) == 0x12) {
            p = fullOhlc(array, address, p, fullEnd);
        }
        if (p != fullEnd) {
            return false;
        }
        // the rest of the Feed: requestMode (20, one byte) or nothing; then currentTs (18) or nothing
        int mode = 0;
        if (p < entryEnd) {
            mode = UNSAFE.getByte(array, address + p + 1);
            if (entryEnd - p != 2 || UNSAFE.getByte(array, address + p) != 0x20 || mode < 0) {
                return false;
            }
            p = entryEnd;
        }
        long currentTs = 0;
        if (p < frameEnd) {
            final long word = wordAt(array, address, p + 1, frameEnd);
            final long stops = ~word & 0x8080_8080_8080_8080L;
            if (UNSAFE.getByte(array, address + p) != 0x18 || stops == 0 || p + 1 + varintLength(stops) != frameEnd) {
                return false;
            }
            currentTs = varintOf(word, stops);
        }
        view.feedCase = 2;
        view.fullCase = fullCase;
        view.requestMode = mode;
        view.keyOffset = keyOffset;
        view.keyLength = keyLength;
        view.frameType = type;
        view.currentTsEpochMs = currentTs;
        view.receivedNanos = receivedNanos;
        view.instrumentId = id;
        framesDecoded++;
        feedsDelivered++;
        handler.onFeed(view);
        return true;
    }

    // The parts of decodeFullTemplate, each given the position of its tag (already checked) and the
    // limit of the enclosing message (at least eight bytes before the frame's end, so a word read at
    // any position below it stays inside the frame); each returns the position after its message, or
    // FAIL when the bytes are not in the template's shape. Reading a part's fields with their own
    // position, and moving on by the part's length, keeps one part's varints off the next one's path.

    /** LTPC: [09 ltp] [10 ltt] [18 ltq] [21 cp], one-byte length. */
    private int fullLtpc(final byte[] array, final long address, final int at, final int limit) {
        final int end = at + 2 + UNSAFE.getByte(array, address + at + 1);
        if (end < at + 2 || end > limit) {
            return FAIL;
        }
        final MarketFeedView view = this.view;
        view.hasLtpc = true;
        int q = at + 2;
        if (q < end && UNSAFE.getByte(array, address + q) == 0x09) {
            view.ltp = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        if (q < end && UNSAFE.getByte(array, address + q) == 0x10) {
            final long word = UNSAFE.getLong(array, address + q + 1);
            final int size = varintSize(word);
            if (size == 0) {
                return FAIL;
            }
            view.lttEpochMs = varintValueOf(word);
            q += 1 + size;
        }
        if (q < end && UNSAFE.getByte(array, address + q) == 0x18) {
            final long word = UNSAFE.getLong(array, address + q + 1);
            final int size = varintSize(word);
            if (size == 0) {
                return FAIL;
            }
            view.ltq = varintValueOf(word);
            q += 1 + size;
        }
        if (q < end && UNSAFE.getByte(array, address + q) == 0x21) {
            view.cp = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        return q == end ? end : FAIL;
    }

    /** MarketLevel: quotes (0A, one-byte length) of [08 bidQ] [11 bidP] [18 askQ] [21 askP], into the depth array. */
    private int fullDepth(final byte[] array, final long address, final int at, final int limit) {
        final int end = payloadEnd(array, address, at + 1, limit);
        if (end < 0) {
            return FAIL;
        }
        final long[] depth = view.depth;
        int p = at + (UNSAFE.getByte(array, address + at + 1) >= 0 ? 2 : 3);
        int levels = 0;
        while (p < end) {
            final int quoteEnd = p + 2 + UNSAFE.getByte(array, address + p + 1);
            if (UNSAFE.getByte(array, address + p) != 0x0A || quoteEnd < p + 2 || quoteEnd > end
                || levels == MarketFeedView.MAX_DEPTH_LEVELS) {
                return FAIL;
            }
            int q = p + 2;
            p = quoteEnd;
            long bidQ = 0;
            long bidP = 0;
            long askQ = 0;
            long askP = 0;
            if (q < quoteEnd && UNSAFE.getByte(array, address + q) == 0x08) {
                final long word = UNSAFE.getLong(array, address + q + 1);
                final int size = varintSize(word);
                if (size == 0) {
                    return FAIL;
                }
                bidQ = varintValueOf(word);
                q += 1 + size;
            }
            if (q < quoteEnd && UNSAFE.getByte(array, address + q) == 0x11) {
                bidP = UNSAFE.getLong(array, address + q + 1);
                q += 9;
            }
            if (q < quoteEnd && UNSAFE.getByte(array, address + q) == 0x18) {
                final long word = UNSAFE.getLong(array, address + q + 1);
                final int size = varintSize(word);
                if (size == 0) {
                    return FAIL;
                }
                askQ = varintValueOf(word);
                q += 1 + size;
            }
            if (q < quoteEnd && UNSAFE.getByte(array, address + q) == 0x21) {
                askP = UNSAFE.getLong(array, address + q + 1);
                q += 9;
            }
            if (q != quoteEnd) {
                return FAIL;
            }
            final int d = levels * MarketFeedView.DEPTH_STRIDE;
            depth[d] = bidQ;
            depth[d + 1] = bidP;
            depth[d + 2] = askQ;
            depth[d + 3] = askP;
            levels++;
        }
        view.depthLevels = levels;
        return end;
    }

    /** OptionGreeks: [09 delta] [11 theta] [19 gamma] [21 vega] [29 rho], one-byte length. */
    private int fullGreeks(final byte[] array, final long address, final int at, final int limit) {
        final int end = at + 2 + UNSAFE.getByte(array, address + at + 1);
        if (end < at + 2 || end > limit) {
            return FAIL;
        }
        final MarketFeedView view = this.view;
        view.hasGreeks = true;
        int q = at + 2;
        if (q < end && UNSAFE.getByte(array, address + q) == 0x09) {
            view.delta = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        if (q < end && UNSAFE.getByte(array, address + q) == 0x11) {
            view.theta = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        if (q < end && UNSAFE.getByte(array, address + q) == 0x19) {
            view.gamma = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        if (q < end && UNSAFE.getByte(array, address + q) == 0x21) {
            view.vega = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        if (q < end && UNSAFE.getByte(array, address + q) == 0x29) {
            view.rho = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        return q == end ? end : FAIL;
    }

    /**
     * MarketOHLC: bars (0A, one-byte length) of [0A 02 "1d"|"I1".."I9"] [11 open] [19 high] [21 low]
     * [29 close] [30 vol] [38 ts], into the OHLC array; other interval text goes to the general parser.
     */
    private int fullOhlc(final byte[] array, final long address, final int at, final int limit) {
        final int end = payloadEnd(array, address, at + 1, limit);
        if (end < 0) {
            return FAIL;
        }
        final long[] ohlc = view.ohlc;
        int p = at + (UNSAFE.getByte(array, address + at + 1) >= 0 ? 2 : 3);
        int bars = 0;
        while (p < end) {
            final int barEnd = p + 2 + UNSAFE.getByte(array, address + p + 1);
            if (UNSAFE.getByte(array, address + p) != 0x0A || barEnd < p + 2 || barEnd > end || bars == MarketFeedView.MAX_OHLC_BARS) {
                return FAIL;
            }
            int q = p + 2;
            p = barEnd;
            long interval = OhlcInterval.OTHER;
            long text = 0;
            if (q < barEnd && UNSAFE.getByte(array, address + q) == 0x0A) {
                final int head = UNSAFE.getInt(array, address + q); // 0A 02 first second
                final int first = head >> 16 & 0xFF;
                final int second = head >>> 24;
                if ((head & 0xFFFF) != 0x020A) {
                    return FAIL;
                }
                if (first == 'I' && second >= '1' && second <= '9') {
                    interval = second - '0';
                } else if (first == '1' && second == 'd') {
                    interval = OhlcInterval.ONE_DAY;
                } else {
                    return FAIL;
                }
                text = (long) (q + 2) << 32 | 2;
                q += 4;
            }
            long open = 0;
            long high = 0;
            long low = 0;
            long close = 0;
            long vol = 0;
            long ts = 0;
            if (q < barEnd && UNSAFE.getByte(array, address + q) == 0x11) {
                open = UNSAFE.getLong(array, address + q + 1);
                q += 9;
            }
            if (q < barEnd && UNSAFE.getByte(array, address + q) == 0x19) {
                high = UNSAFE.getLong(array, address + q + 1);
                q += 9;
            }
            if (q < barEnd && UNSAFE.getByte(array, address + q) == 0x21) {
                low = UNSAFE.getLong(array, address + q + 1);
                q += 9;
            }
            if (q < barEnd && UNSAFE.getByte(array, address + q) == 0x29) {
                close = UNSAFE.getLong(array, address + q + 1);
                q += 9;
            }
            if (q < barEnd && UNSAFE.getByte(array, address + q) == 0x30) {
                final long word = UNSAFE.getLong(array, address + q + 1);
                final int size = varintSize(word);
                if (size == 0) {
                    return FAIL;
                }
                vol = varintValueOf(word);
                q += 1 + size;
            }
            if (q < barEnd && UNSAFE.getByte(array, address + q) == 0x38) {
                final long word = UNSAFE.getLong(array, address + q + 1);
                final int size = varintSize(word);
                if (size == 0) {
                    return FAIL;
                }
                ts = varintValueOf(word);
                q += 1 + size;
            }
            if (q != barEnd) {
                return FAIL;
            }
            final int o = bars * MarketFeedView.OHLC_STRIDE;
            ohlc[o] = interval;
            ohlc[o + 1] = open;
            ohlc[o + 2] = high;
            ohlc[o + 3] = low;
            ohlc[o + 4] = close;
            ohlc[o + 5] = vol;
            ohlc[o + 6] = ts;
            ohlc[o + MarketFeedView.OHLC_TEXT] = text;
            bars++;
        }
        view.ohlcCount = bars;
        return end;
    }

    /** MarketFullFeed's last fields, up to {@code limit}: [29 atp] [30 vtt] [39 oi] [41 iv] [49 tbq] [51 tsq]. */
    private int fullTotals(final byte[] array, final long address, final int at, final int limit) {
        final MarketFeedView view = this.view;
        view.hasTotals = true;
        int q = at;
        if (UNSAFE.getByte(array, address + q) == 0x29) {
            view.atp = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        if (q < limit && UNSAFE.getByte(array, address + q) == 0x30) {
            final long word = UNSAFE.getLong(array, address + q + 1);
            final int size = varintSize(word);
            if (size == 0) {
                return FAIL;
            }
            view.vtt = varintValueOf(word);
            q += 1 + size;
        }
        if (q < limit && UNSAFE.getByte(array, address + q) == 0x39) {
            view.oi = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        if (q < limit && UNSAFE.getByte(array, address + q) == 0x41) {
            view.iv = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        if (q < limit && UNSAFE.getByte(array, address + q) == 0x49) {
            view.tbq = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        if (q < limit && UNSAFE.getByte(array, address + q) == 0x51) {
            view.tsq = Double.longBitsToDouble(UNSAFE.getLong(array, address + q + 1));
            q += 9;
        }
        return q;
    }

    /** Bytes of a varint (1..8) whose stop bits {@code ~word & 0x8080...} are {@code stops}, not 0. */
    private static int varintLength(final long stops) {
        return (Long.numberOfTrailingZeros(stops) + 1) >>> 3;
    }

    /**
     * The value of the varint in the low bytes of {@code word}, {@code stops} its stop bits (not 0): keep
     * its bytes up to the first stop ({@code stops ^ stops - 1}), drop the continuation bits, close the
     * gaps pairwise (bytes, 14-bit, then 28-bit groups).
     */
    private static long varintOf(final long word, final long stops) {
        long x = word & (stops ^ stops - 1) & 0x7F7F_7F7F_7F7F_7F7FL;
        x = x & 0x00FF_00FF_00FF_00FFL | (x & 0xFF00_FF00_FF00_FF00L) >>> 1;
        x = x & 0x0000_FFFF_0000_FFFFL | (x & 0xFFFF_0000_FFFF_0000L) >>> 2;
        return x & 0xFFFF_FFFFL | (x & 0xFFFF_FFFF_0000_0000L) >>> 4;
    }

    /**
     * The end of the payload whose length, one or two bytes, starts at {@code p}, or FAIL if the length is
     * wider or the payload runs past {@code limit}. Callers step over the length with a branch on its
     * first byte, so the next position does not wait for the bytes when the lengths' sizes repeat.
     */
    private static int payloadEnd(final byte[] array, final long address, final int p, final int limit) {
        final int b0 = UNSAFE.getByte(array, address + p);
        final int end;
        if (b0 >= 0) {
            end = p + 1 + b0;
        } else {
            final int b1 = UNSAFE.getByte(array, address + p + 1);
            if (b1 < 0) {
                return FAIL;
            }
            end = p + 2 + (b0 & 0x7F | b1 << 7);
        }
        return end <= limit ? end : FAIL;
    }

    /**
     * Bytes (1..8, 0 if longer) of the varint in the low bytes of {@code word}: quantities of up to three
     * bytes and six-byte times by a branch each, so a repeating size lets the next field's position run
     * ahead of the bytes.
     */
    private static int varintSize(final long word) {
        if ((word & 0x80) == 0) {
            return 1;
        }
        if ((word & 0x8000) == 0) {
            return 2;
        }
        if ((word & 0x80_0000) == 0) {
            return 3;
        }
        if ((word & 0x80_8080_8080_8080L) == 0x80_8080_8080L) { // an epoch-ms time
            return 6;
        }
        return varintBytes(word);
    }

    /** The value of the varint in the low bytes of {@code word}, {@link #varintSize} not 0: the same sizes by the same branches. */
    private static long varintValueOf(final long word) {
        if ((word & 0x80) == 0) {
            return word & 0x7F;
        }
        if ((word & 0x8000) == 0) {
            return word & 0x7F | word >>> 1 & 0x3F80;
        }
        if ((word & 0x80_0000) == 0) {
            return word & 0x7F | word >>> 1 & 0x3F80 | word >>> 2 & 0x1F_C000;
        }
        if ((word & 0x80_8080_8080_8080L) == 0x80_8080_8080L) {
            return sixByteVarint(word & 0xFFFF_FFFF_FFFFL);
        }
        return varintOf(word, ~word & 0x8080_8080_8080_8080L);
    }

    /**
     * The value of a six-byte varint held in the low six bytes of {@code word}, its continuation bits
     * checked by the caller (set in bytes 0-4, clear in byte 5): clear them, close the one-bit gaps
     * between bytes by subtracting what sits above each gap shifted down by one, then join pairs of
     * 14-bit groups and the two 32-bit halves.
     */
    private static long sixByteVarint(final long word) {
        final long x = word ^ 0x80_8080_8080L;
        final long pairs = x - (x >>> 1 & 0x3F80_3F80_3F80L);
        final long quads = pairs & 0x0000_3FFF_0000_3FFFL | pairs >>> 2 & 0x0FFF_C000_0FFF_C000L;
        return quads & 0x0FFF_FFFF | quads >>> 32 << 28;
    }

    /** The value of a varint of one to seven bytes held in the low bytes of {@code word} (higher bytes zero), its shape checked by the caller. */
    private static long shortVarint(final long word) {
        final long x = word & 0x7F7F_7F7F_7F7F_7F7FL;
        final long pairs = x - (x >>> 1 & 0x3F80_3F80_3F80_3F80L);
        final long quads = pairs & 0x0000_3FFF_0000_3FFFL | pairs >>> 2 & 0x0FFF_C000_0FFF_C000L;
        return quads & 0x0FFF_FFFF | quads >>> 32 << 28;
    }

    /**
     * The common live frame, one instrument's LTPC, as every protobuf encoder writes it: optional type,
     * one feeds entry (key, then a Feed holding only ltpc and maybe requestMode), optional currentTs,
     * each field once and in field order. Read in one straight pass; anything else (or anything wrong)
     * returns false and the general two-pass parser takes the frame from the start, so results and
     * errors are the general parser's. Registered keys are valid UTF-8 by construction, so only an
     * unknown key is UTF-8 checked here.
     */
    private boolean decodeCanonicalLtpcFrame(final byte[] array, final long address, final int offset, final int limit,
                                             final long receivedNanos) {
        if (!NATIVE_LITTLE_ENDIAN || limit - offset < Long.BYTES) {
            return false;
        }
        // Straight-line, positions in registers. Map entry and Feed are read as one 4-byte word each:
        // tag 0x12, a one-byte length, tag 0x0A, a one-byte length (a longer key or LTPC is not canonical).
        int p = offset;
        int type = 0;
        if (UNSAFE.getByte(array, address + p) == 0x08) {
            type = UNSAFE.getByte(array, address + p + 1);
            if (type < 0) {
                return false;
            }
            p += 2;
        }
        if (limit - p < Integer.BYTES) {
            return false;
        }
        final int entryHead = UNSAFE.getInt(array, address + p);
        if ((entryHead & 0x80FF_80FF) != 0x000A_0012) {
            return false;
        }
        final int entryEnd = p + 2 + (entryHead >>> 8 & 0xFF);
        final int keyLength = entryHead >>> 24;
        final int keyOffset = p + 4;
        p = keyOffset + keyLength;
        if (entryEnd > limit || entryEnd - p < Integer.BYTES) {
            return false;
        }
        final int feedHead = UNSAFE.getInt(array, address + p);
        if ((feedHead & 0x80FF_80FF) != 0x000A_0012 || p + 2 + (feedHead >>> 8 & 0xFF) != entryEnd) {
            return false;
        }
        p += 4;
        final int ltpcEnd = p + (feedHead >>> 24);
        if (ltpcEnd > entryEnd) {
            return false;
        }
        double ltp = 0.0;
        long ltt = 0;
        long ltq = 0;
        double cp = 0.0;
        if (p < ltpcEnd && UNSAFE.getByte(array, address + p) == 0x09) {
            if (ltpcEnd - p < 1 + Long.BYTES) {
                return false;
            }
            ltp = fixed64(array, address + p + 1);
            p += 1 + Long.BYTES;
        }
        if (p < ltpcEnd && UNSAFE.getByte(array, address + p) == 0x10) {
            final long word = wordAt(array, address, ++p, limit);
            final int bytes = varintBytes(word);
            if (bytes == 0 || bytes > ltpcEnd - p) {
                return false;
            }
            ltt = varintValue(word, bytes);
            p += bytes;
        }
        if (p < ltpcEnd && UNSAFE.getByte(array, address + p) == 0x18) {
            final int first = ++p < ltpcEnd ? UNSAFE.getByte(array, address + p) : -1;
            if (first >= 0) { // a quantity below 128: one byte
                ltq = first;
                p++;
            } else {
                final long word = wordAt(array, address, p, limit);
                final int bytes = varintBytes(word);
                if (bytes == 0 || bytes > ltpcEnd - p) {
                    return false;
                }
                ltq = varintValue(word, bytes);
                p += bytes;
            }
        }
        if (p < ltpcEnd && UNSAFE.getByte(array, address + p) == 0x21) {
            if (ltpcEnd - p < 1 + Long.BYTES) {
                return false;
            }
            cp = fixed64(array, address + p + 1);
            p += 1 + Long.BYTES;
        }
        if (p != ltpcEnd) {
            return false; // a repeat, a multi-byte tag, out of order or unknown: the general parser decides
        }
        int mode = 0;
        if (p < entryEnd) {
            if (entryEnd - p != 2 || UNSAFE.getByte(array, address + p) != 0x20) {
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
            if (UNSAFE.getByte(array, address + p) != 0x18) {
                return false;
            }
            final long word = wordAt(array, address, ++p, limit);
            final int bytes = varintBytes(word);
            if (bytes == 0 || p + bytes != limit) {
                return false;
            }
            ts = varintValue(word, bytes);
        }
        final int id = registry.find(buffer, keyOffset, keyLength);
        if (id == InstrumentRegistry.NOT_FOUND) {
            this.array = array;
            this.address = address;
            if (!isValidUtf8(keyOffset, keyOffset + keyLength)) {
                return false;
            }
        }
        final MarketFeedView view = this.view;
        if (view.hasGreeks || view.hasTotals) {
            view.clearUnion();
        }
        view.feedCase = 1;
        view.fullCase = 0;
        view.depthLevels = 0;
        view.ohlcCount = 0;
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

    /**
     * Any other single-feed frame written the canonical way: optional type, one feeds entry (key, then a
     * Feed holding one feed message and maybe requestMode), optional currentTs, each once and in field
     * order. The outer levels are read straight, the feed message by the general parsers. Anything else,
     * or any error, returns false with nothing delivered, and the general parser takes the frame from
     * its start (so errors are its own).
     */
    private boolean decodeCanonicalFrame(final int offset, final int limit, final long receivedNanos) {
        final byte[] array = this.array;
        final long address = this.address;
        int p = offset;
        int type = 0;
        if (limit - p > 1 && UNSAFE.getByte(array, address + p) == (1 << 3 | WT_VARINT)) {
            type = UNSAFE.getByte(array, address + p + 1);
            if (type < 0) {
                return false;
            }
            p += 2;
        }
        if (p >= limit || UNSAFE.getByte(array, address + p) != (2 << 3 | WT_LEN)) {
            return false;
        }
        final int entryEnd = lengthOrNone(p + 1, limit);
        p = pos;
        if (entryEnd < 0 || p >= entryEnd || UNSAFE.getByte(array, address + p) != (1 << 3 | WT_LEN)) {
            return false;
        }
        final int keyEnd = lengthOrNone(p + 1, entryEnd);
        final int keyOffset = pos;
        if (keyEnd < 0 || keyEnd >= entryEnd || UNSAFE.getByte(array, address + keyEnd) != (2 << 3 | WT_LEN)
            || lengthOrNone(keyEnd + 1, entryEnd) != entryEnd) {
            return false;
        }
        p = pos;
        final int tag = p < entryEnd ? UNSAFE.getByte(array, address + p) : 0;
        final int field = tag >>> 3;
        if ((tag & 7) != WT_LEN || field < 1 || field > 3) {
            return false;
        }
        final int feedEnd = lengthOrNone(p + 1, entryEnd);
        if (feedEnd < 0) {
            return false;
        }
        final MarketFeedView view = this.view;
        view.resetEntry();
        view.feedCase = field;
        final int parsed;
        if (field == 1) {
            view.hasLtpc = true;
            parsed = parseLtpc(pos, feedEnd);
        } else if (field == 2) {
            fullCasesEntered = 0;
            parsed = parseFullFeed(pos, feedEnd);
        } else {
            parsed = parseFirstLevelWithGreeks(pos, feedEnd);
        }
        if (parsed < 0) {
            return false;
        }
        p = feedEnd;
        int mode = 0;
        if (p < entryEnd) {
            if (entryEnd - p != 2 || UNSAFE.getByte(array, address + p) != (4 << 3 | WT_VARINT)) {
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
            if (UNSAFE.getByte(array, address + p) != (3 << 3 | WT_VARINT)) {
                return false;
            }
            ts = varintOrNone(array, address, p + 1, limit);
            if (pos != limit) {
                return false;
            }
        }
        final int keyLength = keyEnd - keyOffset;
        final int id = registry.find(buffer, keyOffset, keyLength);
        if (id == InstrumentRegistry.NOT_FOUND && !isValidUtf8(keyOffset, keyEnd)) {
            return false; // registered keys are valid UTF-8 by construction
        }
        view.requestMode = mode;
        view.keyOffset = keyOffset;
        view.keyLength = keyLength;
        view.frameType = type;
        view.currentTsEpochMs = ts;
        view.receivedNanos = receivedNanos;
        droppedRepeats += frameDroppedRepeats;
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

    /** A length at {@code p}: the end of its payload (start in pos) if it fits within {@code limit}, else FAIL; sets no error. */
    private int lengthOrNone(final int p, final int limit) {
        final long length = varintOrNone(array, address, p, limit);
        final int start = pos;
        return start < 0 || length > limit - start ? FAIL : start + (int) length;
    }

    /**
     * The eight bytes at {@code p} as a little-endian word, {@code p}'s byte lowest; within eight bytes of
     * the frame's end, the frame's last eight bytes shifted down, so zeros (which stop a varint) come
     * after the frame's last byte. The frame is at least eight bytes long and {@code p} inside it.
     */
    private static long wordAt(final byte[] array, final long address, final int p, final int frameEnd) {
        final int available = frameEnd - p;
        return available >= Long.BYTES ? UNSAFE.getLong(array, address + p)
            : UNSAFE.getLong(array, address + frameEnd - Long.BYTES) >>> ((Long.BYTES - available) << 3);
    }

    /** {@link #wordAt(byte[], long, int, int)} for a frame of any length: a frame shorter than a word is read byte by byte. */
    private static long wordAt(final byte[] array, final long address, final int p, final int frameStart, final int frameEnd) {
        if (frameEnd - frameStart >= Long.BYTES) {
            return wordAt(array, address, p, frameEnd);
        }
        long word = 0;
        for (int i = frameEnd - 1; i >= p; i--) {
            word = word << 8 | (UNSAFE.getByte(array, address + i) & 0xFF);
        }
        return word;
    }

    /** Bytes of the varint starting in the low byte of a little-endian word; 0 if it is longer than 8 bytes. */
    private static int varintBytes(final long word) {
        final long stops = ~word & 0x8080_8080_8080_8080L;
        return stops == 0 ? 0 : (Long.numberOfTrailingZeros(stops) >>> 3) + 1;
    }

    /**
     * The value of a varint of {@code bytes} (1..8) bytes held in the low bytes of {@code word}: drop
     * each byte's top bit and close the gaps pairwise (bytes, then 14-bit, then 28-bit groups), no loop.
     */
    private static long varintValue(final long word, final int bytes) {
        long x = word & (-1L >>> (Long.SIZE - Long.BYTES * bytes)) & 0x7F7F_7F7F_7F7F_7F7FL;
        x = (x & 0x00FF_00FF_00FF_00FFL) | ((x & 0xFF00_FF00_FF00_FF00L) >>> 1);
        x = (x & 0x0000_FFFF_0000_FFFFL) | ((x & 0xFFFF_0000_FFFF_0000L) >>> 2);
        return (x & 0x0000_0000_FFFF_FFFFL) | ((x & 0xFFFF_FFFF_0000_0000L) >>> 4);
    }

    // ---- messages -------------------------------------------------------------------------------
    //
    // Each parser takes the position of its message's first byte and its limit, and returns the limit
    // (every read is bounded by it) or FAIL with the error set. Positions stay in registers; only the
    // out-of-line helpers hand a position back through the pos field. A switch on the whole tag byte
    // checks field number and wire type at once; anything else goes to otherField (a known field with
    // another wire type is an error, an unknown one is skipped).

    private int parseFeedResponse(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_FEED_RESPONSE)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            switch (tag) {
                case 1 << 3 | WT_VARINT: {
                    final long type = varint(p, limit, M_FEED_RESPONSE, 1);
                    if ((p = pos) < 0) {
                        return FAIL;
                    }
                    if (!deliver) {
                        frameType = (int) type;
                    }
                    break;
                }
                case 2 << 3 | WT_LEN: {
                    final int end = lengthEnd(p, limit, M_FEED_RESPONSE, 2);
                    if (end < 0 || parseFeedsEntry(pos, end) < 0) {
                        return FAIL;
                    }
                    p = end;
                    feedEntries++;
                    break;
                }
                case 3 << 3 | WT_VARINT: {
                    final long ts = varint(p, limit, M_FEED_RESPONSE, 3);
                    if ((p = pos) < 0) {
                        return FAIL;
                    }
                    if (!deliver) {
                        currentTsEpochMs = ts;
                    }
                    break;
                }
                case 4 << 3 | WT_LEN: {
                    final int end = lengthEnd(p, limit, M_FEED_RESPONSE, 4);
                    if (end < 0 || parseMarketInfo(pos, end) < 0) {
                        return FAIL;
                    }
                    p = end;
                    marketInfos++;
                    break;
                }
                default:
                    if ((p = otherField(tagPos, tag, p, limit, M_FEED_RESPONSE)) < 0) {
                        return FAIL;
                    }
            }
        }
        return p;
    }

    private int parseFeedsEntry(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        view.resetEntry();
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_FEEDS_ENTRY)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            switch (tag) {
                case 1 << 3 | WT_LEN: {
                    final int end = lengthEnd(p, limit, M_FEEDS_ENTRY, 1);
                    if (end < 0) {
                        return FAIL;
                    }
                    final int key = pos;
                    if (!deliver && !isValidUtf8(key, end)) {
                        return fail(INVALID_UTF8, key, M_FEEDS_ENTRY, 1);
                    }
                    view.keyOffset = key;
                    view.keyLength = end - key;
                    p = end;
                    break;
                }
                case 2 << 3 | WT_LEN: {
                    final int end = lengthEnd(p, limit, M_FEEDS_ENTRY, 2);
                    if (end < 0 || parseFeed(pos, end) < 0) {
                        return FAIL;
                    }
                    p = end;
                    break;
                }
                default:
                    if ((p = otherField(tagPos, tag, p, limit, M_FEEDS_ENTRY)) < 0) {
                        return FAIL;
                    }
            }
        }
        if (deliver) {
            deliverFeed();
        }
        return p;
    }

    private void deliverFeed() {
        final MarketFeedView view = this.view;
        final int id = registry.find(buffer, view.keyOffset, view.keyLength);
        if (id == InstrumentRegistry.NOT_FOUND) {
            unknownInstruments++;
            lastUnknownKeyLength = copyBytes(view.keyOffset, view.keyLength, lastUnknownKey);
            return;
        }
        view.instrumentId = id;
        feedsDelivered++;
        handler.onFeed(view);
    }

    private int parseFeed(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        int casesEntered = 0; // oneof members read in this Feed message (bit = field number)
        fullCasesEntered = 0;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_FEED)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            switch (tag) {
                case 1 << 3 | WT_LEN:
                case 2 << 3 | WT_LEN:
                case 3 << 3 | WT_LEN: {
                    final int field = tag >>> 3;
                    final int end = lengthEnd(p, limit, M_FEED, field);
                    if (end < 0) {
                        return FAIL;
                    }
                    if (view.feedCase != field) {
                        if ((casesEntered & 1 << field) != 0) {
                            return fail(ONEOF_SWITCHED_BACK, tagPos, M_FEED, field);
                        }
                        view.clearUnion();
                        view.feedCase = field;
                    }
                    casesEntered |= 1 << field;
                    if (field == 1) {
                        view.hasLtpc = true;
                        p = parseLtpc(pos, end);
                    } else if (field == 2) {
                        p = parseFullFeed(pos, end);
                    } else {
                        p = parseFirstLevelWithGreeks(pos, end);
                    }
                    if (p < 0) {
                        return FAIL;
                    }
                    p = end;
                    break;
                }
                case 4 << 3 | WT_VARINT: {
                    final long mode = varint(p, limit, M_FEED, 4);
                    if ((p = pos) < 0) {
                        return FAIL;
                    }
                    view.requestMode = (int) mode;
                    break;
                }
                default:
                    if ((p = otherField(tagPos, tag, p, limit, M_FEED)) < 0) {
                        return FAIL;
                    }
            }
        }
        return p;
    }

    private int parseFullFeed(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_FULL_FEED)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            if (tag == (1 << 3 | WT_LEN) || tag == (2 << 3 | WT_LEN)) {
                final int field = tag >>> 3;
                final int end = lengthEnd(p, limit, M_FULL_FEED, field);
                if (end < 0) {
                    return FAIL;
                }
                if (view.fullCase != field) {
                    if ((fullCasesEntered & 1 << field) != 0) {
                        return fail(ONEOF_SWITCHED_BACK, tagPos, M_FULL_FEED, field);
                    }
                    view.clearUnion();
                    view.feedCase = 2;
                    view.fullCase = field;
                }
                fullCasesEntered |= 1 << field;
                if ((field == 1 ? parseMarketFullFeed(pos, end) : parseIndexFullFeed(pos, end)) < 0) {
                    return FAIL;
                }
                p = end;
            } else if ((p = otherField(tagPos, tag, p, limit, M_FULL_FEED)) < 0) {
                return FAIL;
            }
        }
        return p;
    }

    private int parseMarketFullFeed(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_MARKET_FULL_FEED)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            switch (tag) {
                case 1 << 3 | WT_LEN:
                case 2 << 3 | WT_LEN:
                case 3 << 3 | WT_LEN:
                case 4 << 3 | WT_LEN: {
                    final int field = tag >>> 3;
                    final int end = lengthEnd(p, limit, M_MARKET_FULL_FEED, field);
                    if (end < 0) {
                        return FAIL;
                    }
                    if (field == 1) {
                        view.hasLtpc = true;
                        p = parseLtpc(pos, end);
                    } else if (field == 2) {
                        p = parseMarketLevel(pos, end);
                    } else if (field == 3) {
                        view.hasGreeks = true;
                        p = parseOptionGreeks(pos, end);
                    } else {
                        p = parseMarketOhlc(pos, end);
                    }
                    if (p < 0) {
                        return FAIL;
                    }
                    p = end;
                    break;
                }
                case 6 << 3 | WT_VARINT: {
                    final long vtt = varint(p, limit, M_MARKET_FULL_FEED, 6);
                    if ((p = pos) < 0) {
                        return FAIL;
                    }
                    view.hasTotals = true;
                    view.vtt = vtt;
                    break;
                }
                case 5 << 3 | WT_I64:
                case 7 << 3 | WT_I64:
                case 8 << 3 | WT_I64:
                case 9 << 3 | WT_I64:
                case 10 << 3 | WT_I64: {
                    if (limit - p < Long.BYTES) {
                        return fail(TRUNCATED_FIXED, p, M_MARKET_FULL_FEED, tag >>> 3);
                    }
                    final double value = fixed64(array, address + p);
                    p += Long.BYTES;
                    view.hasTotals = true;
                    switch (tag >>> 3) {
                        case 5: view.atp = value; break;
                        case 7: view.oi = value; break;
                        case 8: view.iv = value; break;
                        case 9: view.tbq = value; break;
                        default: view.tsq = value; break;
                    }
                    break;
                }
                default:
                    if ((p = otherField(tagPos, tag, p, limit, M_MARKET_FULL_FEED)) < 0) {
                        return FAIL;
                    }
            }
        }
        return p;
    }

    private int parseIndexFullFeed(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_INDEX_FULL_FEED)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            if (tag == (1 << 3 | WT_LEN) || tag == (2 << 3 | WT_LEN)) {
                final int field = tag >>> 3;
                final int end = lengthEnd(p, limit, M_INDEX_FULL_FEED, field);
                if (end < 0) {
                    return FAIL;
                }
                if (field == 1) {
                    view.hasLtpc = true;
                    p = parseLtpc(pos, end);
                } else {
                    p = parseMarketOhlc(pos, end);
                }
                if (p < 0) {
                    return FAIL;
                }
                p = end;
            } else if ((p = otherField(tagPos, tag, p, limit, M_INDEX_FULL_FEED)) < 0) {
                return FAIL;
            }
        }
        return p;
    }

    private int parseFirstLevelWithGreeks(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_FIRST_LEVEL_WITH_GREEKS)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            switch (tag) {
                case 1 << 3 | WT_LEN:
                case 2 << 3 | WT_LEN:
                case 3 << 3 | WT_LEN: {
                    final int field = tag >>> 3;
                    final int end = lengthEnd(p, limit, M_FIRST_LEVEL_WITH_GREEKS, field);
                    if (end < 0) {
                        return FAIL;
                    }
                    if (field == 1) {
                        view.hasLtpc = true;
                        p = parseLtpc(pos, end);
                    } else if (field == 2) {
                        if (view.depthLevels == 0) {
                            clearLevel(0);
                            view.depthLevels = 1;
                        }
                        p = parseQuote(0, pos, end);
                    } else {
                        view.hasGreeks = true;
                        p = parseOptionGreeks(pos, end);
                    }
                    if (p < 0) {
                        return FAIL;
                    }
                    p = end;
                    break;
                }
                case 4 << 3 | WT_VARINT: {
                    final long vtt = varint(p, limit, M_FIRST_LEVEL_WITH_GREEKS, 4);
                    if ((p = pos) < 0) {
                        return FAIL;
                    }
                    view.hasTotals = true;
                    view.vtt = vtt;
                    break;
                }
                case 5 << 3 | WT_I64:
                case 6 << 3 | WT_I64: {
                    if (limit - p < Long.BYTES) {
                        return fail(TRUNCATED_FIXED, p, M_FIRST_LEVEL_WITH_GREEKS, tag >>> 3);
                    }
                    final double value = fixed64(array, address + p);
                    p += Long.BYTES;
                    view.hasTotals = true;
                    if (tag == (5 << 3 | WT_I64)) {
                        view.oi = value;
                    } else {
                        view.iv = value;
                    }
                    break;
                }
                default:
                    if ((p = otherField(tagPos, tag, p, limit, M_FIRST_LEVEL_WITH_GREEKS)) < 0) {
                        return FAIL;
                    }
            }
        }
        return p;
    }

    private int parseLtpc(final int p, final int limit) {
        final int rest = ltpcInOrder(p, limit);
        return rest == limit ? limit : parseLtpcFields(rest, limit);
    }

    /** The fields of an LTPC from {@code p} on, in any order; see {@link #parseLtpc}. */
    private int parseLtpcFields(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_LTPC)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            switch (tag) {
                case 1 << 3 | WT_I64:
                case 4 << 3 | WT_I64: {
                    if (limit - p < Long.BYTES) {
                        return fail(TRUNCATED_FIXED, p, M_LTPC, tag >>> 3);
                    }
                    final double value = fixed64(array, address + p);
                    p += Long.BYTES;
                    if (tag == (1 << 3 | WT_I64)) {
                        view.ltp = value;
                    } else {
                        view.cp = value;
                    }
                    break;
                }
                case 2 << 3 | WT_VARINT:
                case 3 << 3 | WT_VARINT: {
                    final long value = varint(p, limit, M_LTPC, tag >>> 3);
                    if ((p = pos) < 0) {
                        return FAIL;
                    }
                    if (tag == (2 << 3 | WT_VARINT)) {
                        view.lttEpochMs = value;
                    } else {
                        view.ltq = value;
                    }
                    break;
                }
                default:
                    if ((p = otherField(tagPos, tag, p, limit, M_LTPC)) < 0) {
                        return FAIL;
                    }
            }
        }
        return p;
    }

    private int parseMarketLevel(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_MARKET_LEVEL)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            if (tag == (1 << 3 | WT_LEN)) {
                final int end = lengthEnd(p, limit, M_MARKET_LEVEL, 1);
                if (end < 0) {
                    return FAIL;
                }
                final int level = view.depthLevels;
                if (level < MarketFeedView.MAX_DEPTH_LEVELS) {
                    clearLevel(level);
                    view.depthLevels = level + 1;
                    p = parseQuote(level, pos, end);
                } else {
                    p = parseQuote(-1, pos, end);
                    frameDroppedRepeats++;
                }
                if (p < 0) {
                    return FAIL;
                }
                p = end;
            } else if ((p = otherField(tagPos, tag, p, limit, M_MARKET_LEVEL)) < 0) {
                return FAIL;
            }
        }
        return p;
    }

    private void clearLevel(final int level) {
        final MarketFeedView view = this.view;
        final long[] depth = view.depth;
        final int d = level * MarketFeedView.DEPTH_STRIDE;
        depth[d] = 0;
        depth[d + 1] = 0;
        depth[d + 2] = 0;
        depth[d + 3] = 0;
    }

    /** Reads a Quote into depth {@code level}, or only validates it when {@code level} is -1. */
    private int parseQuote(final int level, final int p, final int limit) {
        final int rest = level >= 0 ? quoteInOrder(level, p, limit) : p;
        return rest == limit ? limit : parseQuoteFields(level, rest, limit);
    }

    /** The fields of a Quote from {@code p} on, in any order; see {@link #parseQuote}. */
    private int parseQuoteFields(final int level, int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_QUOTE)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            switch (tag) {
                case 1 << 3 | WT_VARINT:
                case 3 << 3 | WT_VARINT: {
                    final long qty = varint(p, limit, M_QUOTE, tag >>> 3);
                    if ((p = pos) < 0) {
                        return FAIL;
                    }
                    if (level >= 0) {
                        view.depth[level * MarketFeedView.DEPTH_STRIDE + (tag >>> 3) - 1] = qty;
                    }
                    break;
                }
                case 2 << 3 | WT_I64:
                case 4 << 3 | WT_I64: {
                    if (limit - p < Long.BYTES) {
                        return fail(TRUNCATED_FIXED, p, M_QUOTE, tag >>> 3);
                    }
                    final long price = fixed64Bits(array, address + p);
                    p += Long.BYTES;
                    if (level >= 0) {
                        view.depth[level * MarketFeedView.DEPTH_STRIDE + (tag >>> 3) - 1] = price;
                    }
                    break;
                }
                default:
                    if ((p = otherField(tagPos, tag, p, limit, M_QUOTE)) < 0) {
                        return FAIL;
                    }
            }
        }
        return p;
    }

    private int parseOptionGreeks(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_OPTION_GREEKS)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            switch (tag) {
                case 1 << 3 | WT_I64:
                case 2 << 3 | WT_I64:
                case 3 << 3 | WT_I64:
                case 4 << 3 | WT_I64:
                case 5 << 3 | WT_I64: {
                    if (limit - p < Long.BYTES) {
                        return fail(TRUNCATED_FIXED, p, M_OPTION_GREEKS, tag >>> 3);
                    }
                    final double value = fixed64(array, address + p);
                    p += Long.BYTES;
                    switch (tag >>> 3) {
                        case 1: view.delta = value; break;
                        case 2: view.theta = value; break;
                        case 3: view.gamma = value; break;
                        case 4: view.vega = value; break;
                        default: view.rho = value; break;
                    }
                    break;
                }
                default:
                    if ((p = otherField(tagPos, tag, p, limit, M_OPTION_GREEKS)) < 0) {
                        return FAIL;
                    }
            }
        }
        return p;
    }

    private int parseMarketOhlc(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_MARKET_OHLC)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            if (tag == (1 << 3 | WT_LEN)) {
                final int end = lengthEnd(p, limit, M_MARKET_OHLC, 1);
                if (end < 0) {
                    return FAIL;
                }
                final int bar = view.ohlcCount;
                if (bar < MarketFeedView.MAX_OHLC_BARS) {
                    final long[] ohlc = view.ohlc;
                    final int o = bar * MarketFeedView.OHLC_STRIDE;
                    ohlc[o] = OhlcInterval.OTHER;
                    ohlc[o + 1] = 0;
                    ohlc[o + 2] = 0;
                    ohlc[o + 3] = 0;
                    ohlc[o + 4] = 0;
                    ohlc[o + 5] = 0;
                    ohlc[o + 6] = 0;
                    ohlc[o + MarketFeedView.OHLC_TEXT] = 0;
                    view.ohlcCount = bar + 1;
                    p = parseOhlc(bar, pos, end);
                } else {
                    p = parseOhlc(-1, pos, end);
                    frameDroppedRepeats++;
                }
                if (p < 0) {
                    return FAIL;
                }
                p = end;
            } else if ((p = otherField(tagPos, tag, p, limit, M_MARKET_OHLC)) < 0) {
                return FAIL;
            }
        }
        return p;
    }

    /** Reads an OHLC into bar {@code bar}, or only validates it when {@code bar} is -1. */
    private int parseOhlc(final int bar, final int p, final int limit) {
        final int rest = bar >= 0 ? ohlcInOrder(bar, p, limit) : p;
        return rest == limit ? limit : parseOhlcFields(bar, rest, limit);
    }

    /** The fields of an OHLC from {@code p} on, in any order; see {@link #parseOhlc}. */
    private int parseOhlcFields(final int bar, int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_OHLC)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            switch (tag) {
                case 1 << 3 | WT_LEN: {
                    final int end = lengthEnd(p, limit, M_OHLC, 1);
                    if (end < 0) {
                        return FAIL;
                    }
                    final int text = pos;
                    if (!deliver && !isValidUtf8(text, end)) {
                        return fail(INVALID_UTF8, text, M_OHLC, 1);
                    }
                    if (bar >= 0) {
                        setInterval(bar, text, end - text, intervalCode(text, end - text));
                    }
                    p = end;
                    break;
                }
                case 2 << 3 | WT_I64:
                case 3 << 3 | WT_I64:
                case 4 << 3 | WT_I64:
                case 5 << 3 | WT_I64: {
                    if (limit - p < Long.BYTES) {
                        return fail(TRUNCATED_FIXED, p, M_OHLC, tag >>> 3);
                    }
                    final long value = fixed64Bits(array, address + p);
                    p += Long.BYTES;
                    if (bar >= 0) {
                        view.ohlc[bar * MarketFeedView.OHLC_STRIDE + (tag >>> 3) - 1] = value;
                    }
                    break;
                }
                case 6 << 3 | WT_VARINT:
                case 7 << 3 | WT_VARINT: {
                    final long value = varint(p, limit, M_OHLC, tag >>> 3);
                    if ((p = pos) < 0) {
                        return FAIL;
                    }
                    if (bar >= 0) {
                        view.ohlc[bar * MarketFeedView.OHLC_STRIDE + (tag >>> 3) - 1] = value;
                    }
                    break;
                }
                default:
                    if ((p = otherField(tagPos, tag, p, limit, M_OHLC)) < 0) {
                        return FAIL;
                    }
            }
        }
        return p;
    }

    /** {@link OhlcInterval#code} with the two-byte intervals Upstox sends ({@code 1d}, {@code I1}) read inline. */
    private int intervalCode(final int offset, final int length) {
        if (length == 2) {
            final int first = UNSAFE.getByte(array, address + offset);
            final int second = UNSAFE.getByte(array, address + offset + 1);
            if (first == 'I' && second >= '1' && second <= '9') {
                return second - '0';
            }
            if (first == '1' && second == 'd') {
                return OhlcInterval.ONE_DAY;
            }
        }
        return OhlcInterval.code(buffer, offset, length);
    }

    private int parseMarketInfo(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_MARKET_INFO)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            if (tag == (1 << 3 | WT_LEN)) {
                final int end = lengthEnd(p, limit, M_MARKET_INFO, 1);
                if (end < 0 || parseSegmentStatusEntry(pos, end) < 0) {
                    return FAIL;
                }
                p = end;
            } else if ((p = otherField(tagPos, tag, p, limit, M_MARKET_INFO)) < 0) {
                return FAIL;
            }
        }
        return p;
    }

    private int parseSegmentStatusEntry(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        int keyOffset = 0;
        int keyLength = 0;
        int status = 0;
        while (p < limit) {
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, M_SEGMENT_STATUS_ENTRY)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            if (tag == (1 << 3 | WT_LEN)) {
                final int end = lengthEnd(p, limit, M_SEGMENT_STATUS_ENTRY, 1);
                if (end < 0) {
                    return FAIL;
                }
                keyOffset = pos;
                if (!deliver && !isValidUtf8(keyOffset, end)) {
                    return fail(INVALID_UTF8, keyOffset, M_SEGMENT_STATUS_ENTRY, 1);
                }
                keyLength = end - keyOffset;
                p = end;
            } else if (tag == (2 << 3 | WT_VARINT)) {
                final long value = varint(p, limit, M_SEGMENT_STATUS_ENTRY, 2);
                if ((p = pos) < 0) {
                    return FAIL;
                }
                status = (int) value;
            } else if ((p = otherField(tagPos, tag, p, limit, M_SEGMENT_STATUS_ENTRY)) < 0) {
                return FAIL;
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
        return p;
    }

    // ---- fields in order ------------------------------------------------------------------------
    //
    // Encoders write a message's fields in field-number order, each once, one-byte tags, absent ones
    // left out. These read such a leading run straight, without the loop's dispatch, and stop at the
    // first byte that is anything else (another tag, a repeat, a value that runs past the limit);
    // the general loop then carries on from there, so the result, and any error, is the loop's.

    /** Quote: bidQ (0x08), bidP (0x11), askQ (0x18), askP (0x21). */
    private int quoteInOrder(final int level, int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final long[] depth = view.depth;
        final int d = level * MarketFeedView.DEPTH_STRIDE;
        if (p < limit && UNSAFE.getByte(array, address + p) == (1 << 3 | WT_VARINT)) {
            final long value = varintOrNone(array, address, p + 1, limit);
            if (pos < 0) {
                return p;
            }
            depth[d] = value;
            p = pos;
        }
        if (limit - p > Long.BYTES && UNSAFE.getByte(array, address + p) == (2 << 3 | WT_I64)) {
            depth[d + 1] = fixed64Bits(array, address + p + 1);
            p += 1 + Long.BYTES;
        }
        if (p < limit && UNSAFE.getByte(array, address + p) == (3 << 3 | WT_VARINT)) {
            final long value = varintOrNone(array, address, p + 1, limit);
            if (pos < 0) {
                return p;
            }
            depth[d + 2] = value;
            p = pos;
        }
        if (limit - p > Long.BYTES && UNSAFE.getByte(array, address + p) == (4 << 3 | WT_I64)) {
            depth[d + 3] = fixed64Bits(array, address + p + 1);
            p += 1 + Long.BYTES;
        }
        return p;
    }

    /** OHLC: interval (0x0A), open, high, low, close (0x11..0x29), vol (0x30), ts (0x38). */
    private int ohlcInOrder(final int bar, int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        if (limit - p > 1 && UNSAFE.getByte(array, address + p) == (1 << 3 | WT_LEN)) {
            final int length = UNSAFE.getByte(array, address + p + 1);
            final int text = p + 2;
            if (length < 0 || length > limit - text) {
                return p;
            }
            final int code = intervalCode(text, length);
            // a recognised interval ("1d", "I<minutes>") is ASCII, so only other text needs the UTF-8 check
            if (code == OhlcInterval.OTHER && !deliver && !isValidUtf8(text, text + length)) {
                return p;
            }
            setInterval(bar, text, length, code);
            p = text + length;
        }
        final long[] ohlc = view.ohlc;
        final int o = bar * MarketFeedView.OHLC_STRIDE;
        for (int field = 2; field <= 5; field++) { // open, high, low, close: fixed tags 0x11, 0x19, 0x21, 0x29
            if (limit - p <= Long.BYTES || UNSAFE.getByte(array, address + p) != (field << 3 | WT_I64)) {
                break;
            }
            ohlc[o + field - 1] = fixed64Bits(array, address + p + 1);
            p += 1 + Long.BYTES;
        }
        if (p < limit && UNSAFE.getByte(array, address + p) == (6 << 3 | WT_VARINT)) {
            final long value = varintOrNone(array, address, p + 1, limit);
            if (pos < 0) {
                return p;
            }
            ohlc[o + 5] = value;
            p = pos;
        }
        if (p < limit && UNSAFE.getByte(array, address + p) == (7 << 3 | WT_VARINT)) {
            final long value = varintOrNone(array, address, p + 1, limit);
            if (pos < 0) {
                return p;
            }
            ohlc[o + 6] = value;
            p = pos;
        }
        return p;
    }

    private void setInterval(final int bar, final int text, final int length, final int code) {
        final long[] ohlc = view.ohlc;
        final int o = bar * MarketFeedView.OHLC_STRIDE;
        ohlc[o] = code;
        ohlc[o + MarketFeedView.OHLC_TEXT] = (long) text << 32 | length;
    }

    /** LTPC: ltp (0x09), ltt (0x10), ltq (0x18), cp (0x21). */
    private int ltpcInOrder(int p, final int limit) {
        final byte[] array = this.array;
        final long address = this.address;
        final MarketFeedView view = this.view;
        if (limit - p > Long.BYTES && UNSAFE.getByte(array, address + p) == (1 << 3 | WT_I64)) {
            view.ltp = fixed64(array, address + p + 1);
            p += 1 + Long.BYTES;
        }
        if (p < limit && UNSAFE.getByte(array, address + p) == (2 << 3 | WT_VARINT)) {
            final long value = varintOrNone(array, address, p + 1, limit);
            if (pos < 0) {
                return p;
            }
            view.lttEpochMs = value;
            p = pos;
        }
        if (p < limit && UNSAFE.getByte(array, address + p) == (3 << 3 | WT_VARINT)) {
            final long value = varintOrNone(array, address, p + 1, limit);
            if (pos < 0) {
                return p;
            }
            view.ltq = value;
            p = pos;
        }
        if (limit - p > Long.BYTES && UNSAFE.getByte(array, address + p) == (4 << 3 | WT_I64)) {
            view.cp = fixed64(array, address + p + 1);
            p += 1 + Long.BYTES;
        }
        return p;
    }

    // ---- wire primitives ------------------------------------------------------------------------

    /**
     * A tag that is not one byte with a field number: wider, overlong, field 0 or truncated. Returns the
     * tag (as an unsigned 32-bit value) with its end in pos, or 0 with the error set and FAIL in pos.
     */
    private int tagSlow(final int p, final int limit, final int message) {
        final long tag = varint(p, limit, message, 0);
        if (pos < 0) {
            return 0;
        }
        if ((tag & 0xFFFF_FFFF_0000_0000L) != 0 || (tag >>> 3) == 0) {
            pos = fail(BAD_TAG, p, message, (int) (tag >>> 3));
            return 0;
        }
        return (int) tag;
    }

    /**
     * The varint at {@code p}, bounded by {@code limit}, with its end left in pos (FAIL and the error set
     * if it is truncated or malformed). Up to eight bytes are read as one word and decoded without a
     * loop; near the frame's end the word is the frame's last eight bytes, shifted so that the varint
     * starts in its low byte (the zeros shifted in stop it, and its length is still checked against the limit).
     */
    private long varint(final int p, final int limit, final int message, final int field) {
        final long value = varintOrNone(array, address, p, limit);
        return pos >= 0 ? value : varintSlow(p, limit, message, field);
    }

    /**
     * The varint at {@code p} if it is at most eight bytes and ends within {@code limit}, its end left in
     * pos; else FAIL in pos (no error set: the caller decides). One and two bytes (quantities) are read
     * with a branch each, so a predictable length lets the CPU run ahead to the next field instead of
     * waiting for the bytes; longer ones as one word without a loop.
     */
    private long varintOrNone(final byte[] array, final long address, final int p, final int limit) {
        if (p < limit) {
            final int b0 = UNSAFE.getByte(array, address + p);
            if (b0 >= 0) {
                pos = p + 1;
                return b0;
            }
            if (p + 1 < limit) {
                final int b1 = UNSAFE.getByte(array, address + p + 1);
                if (b1 >= 0) {
                    pos = p + 2;
                    return (b0 & 0x7F) | b1 << 7;
                }
                if (NATIVE_LITTLE_ENDIAN) {
                    final long word = wordAt(array, address, p, frameStart, frameEnd);
                    final int bytes = varintBytes(word);
                    if (bytes != 0 && bytes <= limit - p) {
                        pos = p + bytes;
                        return varintValue(word, bytes);
                    }
                }
            }
        }
        pos = FAIL;
        return 0;
    }

    /** A varint of up to 10 bytes read byte by byte: nine- and ten-byte values, truncation and errors. */
    private long varintSlow(final int start, final int limit, final int message, final int field) {
        final byte[] array = this.array;
        final long address = this.address;
        int p = start;
        long result = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (p >= limit) {
                pos = fail(TRUNCATED_VARINT, start, message, field);
                return 0;
            }
            final byte b = UNSAFE.getByte(array, address + p++);
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                pos = p;
                return result;
            }
        }
        // A 10th byte only ever carries bit 63, so it must be exactly 1; protobuf-java's own array and
        // stream parsers disagree on any other value, so such a varint is rejected rather than guessed.
        if (p >= limit) {
            pos = fail(TRUNCATED_VARINT, start, message, field);
            return 0;
        }
        if (UNSAFE.getByte(array, address + p) != 1) {
            pos = fail(MALFORMED_VARINT, start, message, field);
            return 0;
        }
        pos = p + 1;
        return result | Long.MIN_VALUE;
    }

    /** Reads a length at {@code p}; returns the end of the payload with its start in pos, or FAIL with the error set. */
    private int lengthEnd(final int p, final int limit, final int message, final int field) {
        if (p < limit) {
            final int length = UNSAFE.getByte(array, address + p);
            if (length >= 0) { // one byte: every message of a feed but the outer ones
                if (length > limit - p - 1) {
                    return fail(LENGTH_OVERRUN, p, message, field);
                }
                pos = p + 1;
                return p + 1 + length;
            }
        }
        final long length = varint(p, limit, message, field);
        final int start = pos;
        if (start < 0) {
            return FAIL;
        }
        if (length < 0 || length > limit - start) {
            return fail(LENGTH_OVERRUN, p, message, field);
        }
        return start + (int) length;
    }

    /** Eight little-endian bytes as a double, bit for bit; the caller checked they are within its message. */
    private static double fixed64(final byte[] array, final long address) {
        return Double.longBitsToDouble(fixed64Bits(array, address));
    }

    /** Eight little-endian bytes (a double's bits); the caller checked they are within its message. */
    private static long fixed64Bits(final byte[] array, final long address) {
        final long bits = UNSAFE.getLong(array, address);
        return NATIVE_LITTLE_ENDIAN ? bits : Long.reverseBytes(bits);
    }

    /** A tag none of the message's cases took: a known field with another wire type is an error, anything else is skipped. */
    private int otherField(final int tagPos, final int tag, final int p, final int limit, final int message) {
        final int field = tag >>> 3;
        if (field < Long.SIZE && (KNOWN_FIELDS[message] & 1L << field) != 0) {
            return fail(WRONG_WIRE_TYPE, tagPos, message, field);
        }
        return skipField(tagPos, field, tag & 7, p, limit, message);
    }

    /** Skips an unknown field's value at {@code p}; returns its end or FAIL. */
    private int skipField(final int tagPos, final int field, final int wireType, final int p, final int limit, final int message) {
        switch (wireType) {
            case WT_VARINT:
                varint(p, limit, message, field);
                return pos;
            case WT_I64:
                return limit - p < Long.BYTES ? fail(TRUNCATED_FIXED, p, message, field) : p + Long.BYTES;
            case WT_LEN:
                return lengthEnd(p, limit, message, field);
            case WT_START_GROUP:
                return skipGroup(tagPos, field, p, limit, message);
            case WT_END_GROUP:
                return fail(BAD_GROUP, tagPos, message, field);
            case WT_I32:
                return limit - p < Integer.BYTES ? fail(TRUNCATED_FIXED, p, message, field) : p + Integer.BYTES;
            default:
                return fail(BAD_WIRE_TYPE, tagPos, message, field);
        }
    }

    /** Skips an unknown group (its start tag already read), iteratively so nesting cannot blow the stack. */
    private int skipGroup(final int startTagPos, final int startField, int p, final int limit, final int message) {
        final int[] groupFields = this.groupFields;
        groupFields[0] = startField;
        int depth = 1;
        while (true) {
            if (p >= limit) {
                return fail(BAD_GROUP, startTagPos, message, startField);
            }
            final int tagPos = p;
            int tag = UNSAFE.getByte(array, address + p);
            if (tag >= 8) {
                p++;
            } else if ((tag = tagSlow(p, limit, message)) == 0 || (p = pos) < 0) {
                return FAIL;
            }
            final int field = tag >>> 3;
            switch (tag & 7) {
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
                        return p;
                    }
                    break;
                default:
                    if ((p = skipField(tagPos, field, tag & 7, p, limit, message)) < 0) {
                        return FAIL;
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

    private int fail(final int code, final int offset, final int message, final int field) {
        errorCode = code;
        errorOffset = offset;
        errorMessage = message;
        errorField = field;
        return FAIL;
    }

    private static long fields(final int... numbers) {
        long mask = 0;
        for (final int number : numbers) {
            mask |= 1L << number;
        }
        return mask;
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
