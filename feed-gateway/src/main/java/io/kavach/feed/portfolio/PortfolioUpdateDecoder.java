package io.kavach.feed.portfolio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.kavach.config.Prices;
import io.kavach.config.instrument.InstrumentRegistry;
import io.kavach.config.time.MarketClock;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Decodes one portfolio-stream JSON update ({@code order}, {@code position}, {@code holding},
 * {@code gtt_order}) into the reused {@link PortfolioUpdateView} and dispatches it on
 * {@code update_type}. Streaming parse (Jackson's {@link JsonParser}); unknown fields are skipped,
 * {@code null} is absent. Order updates arrive at human rates, so the parser's small per-document
 * allocations are accepted here; the hot market-data path is {@code MarketFeedDecoder}.
 *
 * <p>A malformed document, a missing or unknown {@code update_type}, or an unusable price (negative
 * or absurd) rejects that update: counted, described by {@link #describeLastError()}, no callback.
 *
 * <p>Threading: the portfolio feed's event loop.
 */
public final class PortfolioUpdateDecoder {
    public static final int OK = 0;
    public static final int MALFORMED_JSON = 1;
    public static final int NOT_AN_OBJECT = 2;
    public static final int MISSING_UPDATE_TYPE = 3;
    public static final int UNKNOWN_UPDATE_TYPE = 4;
    public static final int BAD_PRICE = 5;
    private static final String[] ERROR_NAMES = {"OK", "MALFORMED_JSON", "NOT_AN_OBJECT", "MISSING_UPDATE_TYPE", "UNKNOWN_UPDATE_TYPE", "BAD_PRICE"};

    private final JsonFactory factory = new JsonFactory();
    private final InstrumentRegistry registry;
    private final PortfolioUpdateHandler handler;
    private final PortfolioUpdateView view = new PortfolioUpdateView();

    private long updatesDelivered;
    private long updatesRejected;
    private int lastError;
    private String lastErrorDetail = "";

    public PortfolioUpdateDecoder(final InstrumentRegistry registry, final PortfolioUpdateHandler handler) {
        this.registry = registry;
        this.handler = handler;
    }

    /** Decodes {@code json[offset, offset+length)} and calls the handler, or rejects it. */
    public int decode(final byte[] json, final int offset, final int length) {
        final PortfolioUpdateView v = view;
        v.reset();
        v.json = json;
        v.jsonOffset = offset;
        v.jsonLength = length;
        boolean typed = false;
        try (JsonParser p = factory.createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return reject(NOT_AN_OBJECT, "the update is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String name = p.getCurrentName();
                final JsonToken token = p.nextToken();
                if (token == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                switch (name) {
                    case "update_type":
                        v.type = typeCode(p);
                        typed = true;
                        if (v.type == PortfolioUpdateView.TYPE_OTHER) {
                            return reject(UNKNOWN_UPDATE_TYPE, "update_type \"" + p.getText() + "\" is not order, position, holding or gtt_order");
                        }
                        break;
                    case "instrument_key":
                    case "instrument_token":
                        v.instrumentKeyLength = copy(p, v.instrumentKey);
                        break;
                    case "order_id": v.orderIdLength = copy(p, v.orderId); break;
                    case "exchange_order_id": v.exchangeOrderIdLength = copy(p, v.exchangeOrderId); break;
                    case "tag": v.tagLength = copy(p, v.tag); break;
                    case "status": v.statusLength = copy(p, v.status); break;
                    case "status_message": v.statusMessageLength = copy(p, v.statusMessage); break;
                    case "transaction_type": v.side = code(p, "BUY", "SELL", null, null); break;
                    case "order_type": v.orderType = code(p, "MARKET", "LIMIT", "SL", "SL-M"); break;
                    case "product": v.product = code(p, "I", "D", "MTF", null); break;
                    case "validity": v.validity = code(p, "DAY", "IOC", null, null); break;
                    case "is_amo": v.amo = p.getValueAsBoolean(); break;
                    case "price": v.price = price(p, "price"); break;
                    case "trigger_price": v.triggerPrice = price(p, "trigger_price"); break;
                    case "average_price": v.averagePrice = price(p, "average_price"); break;
                    case "quantity": v.quantity = p.getValueAsLong(); break;
                    case "disclosed_quantity": v.disclosedQuantity = p.getValueAsLong(); break;
                    case "pending_quantity": v.pendingQuantity = p.getValueAsLong(); break;
                    case "filled_quantity": v.filledQuantity = p.getValueAsLong(); break;
                    case "order_timestamp": v.orderTimeEpochMs = istTimestamp(p); break;
                    case "exchange_timestamp": v.exchangeTimeEpochMs = istTimestamp(p); break;
                    default: break;
                }
                if (lastError == BAD_PRICE) {
                    return BAD_PRICE;
                }
            }
        } catch (final JsonProcessingException e) {
            return reject(MALFORMED_JSON, "malformed JSON at byte " + e.getLocation().getByteOffset());
        } catch (final IOException e) {
            return reject(MALFORMED_JSON, "unreadable JSON");
        }
        if (!typed) {
            return reject(MISSING_UPDATE_TYPE, "the update has no update_type");
        }
        v.instrumentId = v.instrumentKeyLength == 0 ? -1 : registry.find(v.instrumentKey, 0, Math.min(v.instrumentKeyLength, v.instrumentKey.length));
        lastError = OK;
        updatesDelivered++;
        switch (v.type) {
            case PortfolioUpdateView.TYPE_ORDER: handler.onOrderUpdate(v); break;
            case PortfolioUpdateView.TYPE_POSITION: handler.onPositionUpdate(v); break;
            default: handler.onOtherUpdate(v); break;
        }
        return OK;
    }

    private static int typeCode(final JsonParser p) throws IOException {
        switch (p.getText()) {
            case "order": return PortfolioUpdateView.TYPE_ORDER;
            case "position": return PortfolioUpdateView.TYPE_POSITION;
            case "holding": return PortfolioUpdateView.TYPE_HOLDING;
            case "gtt_order": return PortfolioUpdateView.TYPE_GTT_ORDER;
            default: return PortfolioUpdateView.TYPE_OTHER;
        }
    }

    private static byte code(final JsonParser p, final String one, final String two, final String three, final String four) throws IOException {
        final String text = p.getText();
        if (one.equals(text)) {
            return 1;
        }
        if (two.equals(text)) {
            return 2;
        }
        if (three != null && three.equals(text)) {
            return 3;
        }
        return four != null && four.equals(text) ? (byte) 4 : 0;
    }

    private long price(final JsonParser p, final String field) throws IOException {
        final double value = p.getValueAsDouble();
        if (!Prices.isValidPrice(value)) {
            reject(BAD_PRICE, field + " = " + p.getText() + " is not a usable price");
            return 0;
        }
        return Prices.toFixed(value);
    }

    /** UTF-8 bytes of the current string value into {@code into}, truncated to fit; returns the length kept. */
    private int copy(final JsonParser p, final byte[] into) throws IOException {
        final char[] chars = p.getTextCharacters();
        final int from = p.getTextOffset();
        final int end = from + p.getTextLength();
        int n = 0;
        for (int i = from; i < end; i++) {
            final char c = chars[i];
            final int need = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 4 : 3;
            if (n + need > into.length) {
                view.truncatedFields++;
                break;
            }
            if (need == 1) {
                into[n++] = (byte) c;
            } else if (need == 2) {
                into[n++] = (byte) (0xC0 | (c >> 6));
                into[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (need == 3) {
                into[n++] = (byte) (0xE0 | (c >> 12));
                into[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                into[n++] = (byte) (0x80 | (c & 0x3F));
            } else {
                if (i + 1 >= end || !Character.isSurrogatePair(c, chars[i + 1])) {
                    into[n++] = '?'; // a lone surrogate cannot be UTF-8
                    continue;
                }
                final int cp = Character.toCodePoint(c, chars[++i]);
                into[n++] = (byte) (0xF0 | (cp >> 18));
                into[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                into[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                into[n++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        return n;
    }

    /** {@code yyyy-MM-dd HH:mm:ss} in IST (Upstox's order_timestamp) to epoch ms; 0 when it is anything else. */
    private static long istTimestamp(final JsonParser p) throws IOException {
        final char[] c = p.getTextCharacters();
        final int o = p.getTextOffset();
        if (p.getTextLength() != 19 || c[o + 4] != '-' || c[o + 7] != '-' || c[o + 10] != ' ' || c[o + 13] != ':' || c[o + 16] != ':') {
            return 0;
        }
        final int year = digits(c, o, 4);
        final int month = digits(c, o + 5, 2);
        final int day = digits(c, o + 8, 2);
        final int hour = digits(c, o + 11, 2);
        final int minute = digits(c, o + 14, 2);
        final int second = digits(c, o + 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return 0;
        }
        try {
            return MarketClock.istMidnightEpochMs(LocalDate.of(year, month, day).toEpochDay())
                + ((hour * 60L + minute) * 60L + second) * 1_000L;
        } catch (final DateTimeException e) {
            return 0;
        }
    }

    private static int digits(final char[] c, final int from, final int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            final int d = c[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private int reject(final int error, final String detail) {
        updatesRejected++;
        lastError = error;
        lastErrorDetail = detail;
        return error;
    }

    public long updatesDelivered() {
        return updatesDelivered;
    }

    public long updatesRejected() {
        return updatesRejected;
    }

    public int lastError() {
        return lastError;
    }

    /** A readable account of the last rejection; cold path. */
    public String describeLastError() {
        return "portfolio update rejected: " + ERROR_NAMES[lastError] + ": " + lastErrorDetail;
    }
}
