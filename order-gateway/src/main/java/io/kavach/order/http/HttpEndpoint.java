package io.kavach.order.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One configured base URI (scheme, host, port, path prefix), with its {@code Host} header value
 * pre-encoded. Immutable; safe on any thread.
 */
public final class HttpEndpoint {
    private final boolean tls;
    private final String host;
    private final int port;
    private final byte[] pathPrefix;
    private final String hostHeader;

    public HttpEndpoint(final URI base) {
        final String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("base URI must be http or https: " + base);
        }
        if (base.getHost() == null) {
            throw new IllegalArgumentException("base URI has no host: " + base);
        }
        tls = scheme.equals("https");
        host = base.getHost();
        port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        pathPrefix = path.getBytes(StandardCharsets.US_ASCII);
        hostHeader = (tls && port == 443) || (!tls && port == 80) ? host : host + ':' + port;
    }

    public boolean tls() {
        return tls;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    byte[] pathPrefix() {
        return pathPrefix;
    }

    String hostHeader() {
        return hostHeader;
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + hostHeader + new String(pathPrefix, StandardCharsets.US_ASCII);
    }
}
