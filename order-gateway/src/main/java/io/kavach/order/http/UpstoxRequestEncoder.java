package io.kavach.order.http;

import io.kavach.config.Prices;
import io.kavach.order.OrderCodes;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Writes complete HTTP/1.1 requests for the Upstox order and read APIs straight into a
 * {@link ByteBuf}: request line, pre-encoded constant headers (Host, Bearer token, Accept,
 * X-Algo-Name), then the JSON body from a reused scratch array. No objects per request.
 *
 * <p>The token lives only inside the pre-encoded header bytes; nothing here prints it.
 *
 * <p>Threading: owned by the gateway's event loop (the scratch array is shared); not thread-safe.
 */
public final class UpstoxRequestEncoder {
    public static final byte[] PATH_PLACE = ascii("/v3/order/place");
    public static final byte[] PATH_MODIFY = ascii("/v3/order/modify");
    public static final byte[] PATH_CANCEL = ascii("/v3/order/cancel");
    public static final byte[] PATH_DETAILS = ascii("/v2/order/details");
    public static final byte[] PATH_HISTORY = ascii("/v2/order/history");
    public static final byte[] PATH_ORDER_BOOK = ascii("/v2/order/retrieve-all");
    public static final byte[] PATH_POSITIONS = ascii("/v2/portfolio/short-term-positions");

    private static final byte[] POST = ascii("POST ");
    private static final byte[] PUT = ascii("PUT ");
    private static final byte[] DELETE = ascii("DELETE ");
    private static final byte[] GET = ascii("GET ");
    private static final byte[] HTTP11 = ascii(" HTTP/1.1\r\n");
    private static final byte[] CONTENT_JSON = ascii("Content-Type: application/json\r\nContent-Length: ");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] Q_ORDER_ID = ascii("?order_id=");
    private static final byte[] Q_TAG = ascii("?tag=");
    private static final byte[] HEX = ascii("0123456789ABCDEF");

    private static final byte[] J_QUANTITY = ascii("{\"quantity\":");
    private static final byte[] J_PRODUCT = ascii(",\"product\":\"");
    private static final byte[] J_VALIDITY = ascii("\",\"validity\":\"");
    private static final byte[] J_PRICE = ascii("\",\"price\":");
    private static final byte[] J_TAG = ascii(",\"tag\":\"");
    private static final byte[] J_INSTRUMENT = ascii("\",\"instrument_token\":\"");
    private static final byte[] J_ORDER_TYPE = ascii("\",\"order_type\":\"");
    private static final byte[] J_TXN = ascii("\",\"transaction_type\":\"");
    private static final byte[] J_DISCLOSED = ascii("\",\"disclosed_quantity\":");
    private static final byte[] J_TRIGGER = ascii(",\"trigger_price\":");
    private static final byte[] J_AMO_TRUE = ascii(",\"is_amo\":true,\"slice\":false}");
    private static final byte[] J_AMO_FALSE = ascii(",\"is_amo\":false,\"slice\":false}");
    private static final byte[] J_M_ORDER_ID = ascii("{\"order_id\":\"");
    private static final byte[] J_M_QUANTITY = ascii("\",\"quantity\":");
    private static final byte[] J_M_VALIDITY = ascii(",\"validity\":\"");
    /** Modify without a quantity: the broker keeps its own (Upstox's quantity is optional on modify). */
    private static final byte[] J_M_VALIDITY_FIRST = ascii("\",\"validity\":\"");
    private static final byte[] J_M_ORDER_TYPE = ascii(",\"order_type\":\"");
    private static final byte[] J_M_DISCLOSED = ascii(",\"disclosed_quantity\":");
    private static final byte[] J_END = ascii("}");

    private static final byte[][] SIDE = {null, ascii("BUY"), ascii("SELL")};
    private static final byte[][] TYPE = {null, ascii("MARKET"), ascii("LIMIT"), ascii("SL"), ascii("SL-M")};
    private static final byte[][] PRODUCT = {null, ascii("I"), ascii("D"), ascii("MTF")};
    private static final byte[][] VALIDITY = {null, ascii("DAY"), ascii("IOC")};

    private final byte[] pathPrefix;
    private byte[] constantHeaders;
    private final byte[] body = new byte[1024];
    private int bodyLength;

    public UpstoxRequestEncoder(final HttpEndpoint endpoint, final byte[] accessToken, final String algoName) {
        pathPrefix = endpoint.pathPrefix();
        setHeaders(endpoint, accessToken, algoName);
    }

    /** Re-encodes the constant headers with a new token (after the old one expired). */
    public void setHeaders(final HttpEndpoint endpoint, final byte[] accessToken, final String algoName) {
        final StringBuilder sb = new StringBuilder(160);
        sb.append("Host: ").append(endpoint.hostHeader()).append("\r\n");
        sb.append("Accept: application/json\r\n");
        if (algoName != null && !algoName.isEmpty()) {
            sb.append("X-Algo-Name: ").append(algoName).append("\r\n");
        }
        final byte[] prefix = ascii(sb.toString());
        final byte[] auth = ascii("Authorization: Bearer ");
        final byte[] out = new byte[prefix.length + auth.length + accessToken.length + 2];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(auth, 0, out, prefix.length, auth.length);
        System.arraycopy(accessToken, 0, out, prefix.length + auth.length, accessToken.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        constantHeaders = out;
    }

    /** True when every code is one Upstox knows (so the encoder cannot write a null). */
    public static boolean validCodes(final byte side, final byte type, final byte product, final byte validity) {
        return side >= 1 && side < SIDE.length && type >= 1 && type < TYPE.length
                && product >= 1 && product < PRODUCT.length && validity >= 1 && validity < VALIDITY.length;
    }

    /** Tags and ids go into JSON strings and query strings unescaped, so only these characters are allowed. */
    public static boolean safeToken(final byte[] b, final int length) {
        for (int i = 0; i < length; i++) {
            final byte c = b[i];
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return length > 0;
    }

    /** Instrument keys carry '|' and spaces ("NSE_INDEX|Nifty 50"): anything printable except '"' and '\'. */
    public static boolean safeJsonText(final byte[] b, final int length) {
        for (int i = 0; i < length; i++) {
            final byte c = b[i];
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return length > 0;
    }

    public void place(final ByteBuf out, final byte[] key, final int keyLength, final byte[] tag, final int tagLength,
                      final byte side, final byte type, final byte product, final byte validity, final long quantity,
                      final long price, final long triggerPrice, final long disclosedQuantity, final boolean amo) {
        bodyLength = 0;
        put(J_QUANTITY);
        putLong(quantity);
        put(J_PRODUCT);
        put(PRODUCT[product]);
        put(J_VALIDITY);
        put(VALIDITY[validity]);
        put(J_PRICE);
        putPrice(type == OrderCodes.TYPE_MARKET || type == OrderCodes.TYPE_SL_M ? 0 : price);
        put(J_TAG);
        put(tag, tagLength);
        put(J_INSTRUMENT);
        put(key, keyLength);
        put(J_ORDER_TYPE);
        put(TYPE[type]);
        put(J_TXN);
        put(SIDE[side]);
        put(J_DISCLOSED);
        putLong(disclosedQuantity);
        put(J_TRIGGER);
        putPrice(type == OrderCodes.TYPE_SL || type == OrderCodes.TYPE_SL_M ? triggerPrice : 0);
        put(amo ? J_AMO_TRUE : J_AMO_FALSE);
        writeWithBody(out, POST, PATH_PLACE);
    }

    public void modify(final ByteBuf out, final byte[] orderId, final int orderIdLength, final long quantity,
                       final byte validity, final long price, final byte type, final long disclosedQuantity,
                       final long triggerPrice) {
        bodyLength = 0;
        put(J_M_ORDER_ID);
        put(orderId, orderIdLength);
        if (quantity > 0) {
            put(J_M_QUANTITY);
            putLong(quantity);
            put(J_M_VALIDITY);
        } else {
            put(J_M_VALIDITY_FIRST);
        }
        put(VALIDITY[validity]);
        put(J_PRICE);
        putPrice(type == OrderCodes.TYPE_MARKET || type == OrderCodes.TYPE_SL_M ? 0 : price);
        put(J_M_ORDER_TYPE);
        put(TYPE[type]);
        put((byte) '"');
        put(J_M_DISCLOSED);
        putLong(disclosedQuantity);
        put(J_TRIGGER);
        putPrice(type == OrderCodes.TYPE_SL || type == OrderCodes.TYPE_SL_M ? triggerPrice : 0);
        put(J_END);
        writeWithBody(out, PUT, PATH_MODIFY);
    }

    public void cancel(final ByteBuf out, final byte[] orderId, final int orderIdLength) {
        out.writeBytes(DELETE);
        out.writeBytes(pathPrefix);
        out.writeBytes(PATH_CANCEL);
        out.writeBytes(Q_ORDER_ID);
        putQuery(out, orderId, orderIdLength);
        endHeadersNoBody(out);
    }

    /** A GET on the read host, with {@code ?tag=} or {@code ?order_id=} when {@code value} is not null. */
    public void get(final ByteBuf out, final byte[] path, final boolean byTag, final byte[] value, final int valueLength) {
        out.writeBytes(GET);
        out.writeBytes(pathPrefix);
        out.writeBytes(path);
        if (value != null) {
            out.writeBytes(byTag ? Q_TAG : Q_ORDER_ID);
            putQuery(out, value, valueLength);
        }
        endHeadersNoBody(out);
    }

    private void endHeadersNoBody(final ByteBuf out) {
        out.writeBytes(HTTP11);
        out.writeBytes(constantHeaders);
        out.writeBytes(CRLF);
    }

    private void writeWithBody(final ByteBuf out, final byte[] method, final byte[] path) {
        out.writeBytes(method);
        out.writeBytes(pathPrefix);
        out.writeBytes(path);
        out.writeBytes(HTTP11);
        out.writeBytes(constantHeaders);
        out.writeBytes(CONTENT_JSON);
        writeLong(out, bodyLength);
        out.writeBytes(CRLF);
        out.writeBytes(CRLF);
        out.writeBytes(body, 0, bodyLength);
    }

    private static void putQuery(final ByteBuf out, final byte[] value, final int length) {
        for (int i = 0; i < length; i++) {
            final int c = value[i] & 0xff;
            final boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (unreserved) {
                out.writeByte(c);
            } else {
                out.writeByte('%');
                out.writeByte(HEX[c >>> 4]);
                out.writeByte(HEX[c & 0xf]);
            }
        }
    }

    private void put(final byte[] bytes) {
        System.arraycopy(bytes, 0, body, bodyLength, bytes.length);
        bodyLength += bytes.length;
    }

    private void put(final byte[] bytes, final int length) {
        System.arraycopy(bytes, 0, body, bodyLength, length);
        bodyLength += length;
    }

    private void put(final byte b) {
        body[bodyLength++] = b;
    }

    private void putLong(final long value) {
        bodyLength = writeLong(body, bodyLength, value);
    }

    /** Fixed point to the shortest decimal: 1234500000 → "1234.5", 0 → "0". */
    private void putPrice(final long fixed) {
        long v = fixed;
        if (v < 0) {
            put((byte) '-');
            v = -v;
        }
        final long whole = v / Prices.PRICE_SCALE;
        long frac = v % Prices.PRICE_SCALE;
        bodyLength = writeLong(body, bodyLength, whole);
        if (frac != 0) {
            put((byte) '.');
            int digits = 6;
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            final int start = bodyLength;
            for (int i = digits - 1; i >= 0; i--) {
                body[start + i] = (byte) ('0' + frac % 10);
                frac /= 10;
            }
            bodyLength += digits;
        }
    }

    private static int writeLong(final byte[] dst, final int at, final long value) {
        if (value == 0) {
            dst[at] = '0';
            return at + 1;
        }
        int pos = at;
        long v = value;
        if (v < 0) {
            dst[pos++] = '-';
            v = -v;
        }
        int digits = 0;
        for (long t = v; t != 0; t /= 10) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            dst[pos + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return pos + digits;
    }

    private static void writeLong(final ByteBuf out, final long value) {
        if (value == 0) {
            out.writeByte('0');
            return;
        }
        long div = 1;
        while (value / div >= 10) {
            div *= 10;
        }
        for (long v = value; div > 0; div /= 10) {
            out.writeByte((int) ('0' + (v / div) % 10));
        }
    }

    static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
